import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { walkPages } from '../../../test/list-walk';
import { readSheet } from '../../../test/read-sheet';
import { rows } from '../../platform/db';

/**
 * The console's 志愿活动 list and one activity's 报名/签到 list: search, filters, 共 N 条, sorts with keyset
 * pages, and the export of what the filters show (phones masked, audited). Street A holds five activities
 * (below); street B one of the same title, which street A's staff never see.
 *
 * Activities (created on 1 December, read at 2026-12-05T02:00Z):
 *   x1 义诊进社区  5 Dec 01:00–04:00 (ongoing)     x2 Amy英语角 3 Dec (ended)
 *   x3 消防演练    10 Dec, community 2 (upcoming)   x4 环境整治  2 Dec, cancelled (ended)
 *   x5 四点半课堂  8 Dec, at 社区书屋 (upcoming)
 * Code-point order of titles: Amy英语角 < 义诊进社区 (U+4E49) < 四点半课堂 (U+56DB) < 消防演练 (U+6D88) < 环境整治 (U+73AF).
 */
const LATEST = ['x3', 'x5', 'x1', 'x2', 'x4'];
const SOONEST = ['x4', 'x2', 'x1', 'x5', 'x3'];
const TITLE = ['x2', 'x1', 'x5', 'x3', 'x4'];
/**
 * x1's sign-ups (capacity 3), in this order: v1 王芳, v2 李娜, v5 赵磊 confirmed; v3 Amy林 waiting (1st);
 * v4 张伟 waited, then cancelled. v1 checked in, 1.5 h confirmed; v2 checked in, 3 h confirmed; v5 absent.
 * Names by code point: Amy林 < 李娜 (U+674E) < 王芳 (U+738B) < 赵磊 (U+8D75).
 */
const SIGNUP = ['v1', 'v2', 'v5', 'v3'];
const BY_NAME = ['v3', 'v2', 'v1', 'v5'];
const BY_HOURS = ['v2', 'v1', 'v5', 'v3'];

let t: TestApp;
let a: Tree;
let far: Tree;
let community2: { id: number; name: string };
const cookies: Record<string, string> = {};
const users: Record<string, { id: number; phone: string }> = {};
const act: Record<string, number> = {};
const sig: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  t.clock.set('2026-12-01T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  far = await buildTree(db, { city: a.city, district: a.district });
  const c2 = await child(db, a.street, 'community', `新兴社区${uniq()}`);
  community2 = { id: c2.id, name: c2.name };
  const mk = (role: Parameters<typeof buildUser>[2][number]['role'], unit: Tree['street'], name?: string) =>
    buildUser(db, t.cipher, [{ role, unit }], name);
  Object.assign(users, {
    street: await mk('street_staff', a.street),
    community: await mk('community_staff', a.community),
    farCommunity: await mk('community_staff', far.community),
    v1: await mk('resident', a.building, '王芳'),
    v2: await mk('resident', a.building, '李娜'),
    v5: await mk('resident', a.building, '赵磊'),
    v3: await mk('resident', a.building, 'Amy林'),
    v4: await mk('resident', a.building, '张伟'),
  });
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  const post = async (who: string, url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { cookie: cookies[who]! }, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const create = async (
    who: string,
    orgUnitId: number,
    title: string,
    from: string,
    to: string,
    place = '社区党群服务中心',
  ) =>
    (
      await post(who, '/api/v1/activities', {
        orgUnitId,
        kind: 'clinic',
        title,
        place,
        startsAt: from,
        endsAt: to,
        capacity: 3,
      })
    ).id as number;
  act.x1 = await create('community', a.community.id, '义诊进社区', '2026-12-05T01:00:00Z', '2026-12-05T04:00:00Z');
  act.x2 = await create('community', a.community.id, 'Amy英语角', '2026-12-03T10:00:00Z', '2026-12-03T11:00:00Z');
  act.x3 = await create('street', community2.id, '消防演练', '2026-12-10T01:00:00Z', '2026-12-10T03:00:00Z');
  act.x4 = await create('community', a.community.id, '环境整治', '2026-12-02T01:00:00Z', '2026-12-02T02:00:00Z');
  act.x5 = await create(
    'community',
    a.community.id,
    '四点半课堂',
    '2026-12-08T08:00:00Z',
    '2026-12-08T09:30:00Z',
    '社区书屋',
  );
  act.b1 = await create('farCommunity', far.community.id, '义诊进社区', '2026-12-05T01:00:00Z', '2026-12-05T04:00:00Z');
  await post('community', `/api/v1/activities/${act.x4}/cancel`, { reason: '天气原因' });
  for (const v of ['v1', 'v2', 'v5', 'v3', 'v4']) {
    await post(v, '/api/v1/volunteers', { communityId: a.community.id });
    sig[v] = (await post(v, `/api/v1/activities/${act.x1}/signup`, {})).id;
  }
  await post('v4', `/api/v1/activities/${act.x1}/cancel-signup`, {});
  // Attendance and confirmed hours as the organiser leaves them (what the console shows afterwards).
  for (const [v, hours] of [
    ['v1', 1.5],
    ['v2', 3],
  ] as const) {
    await rows(
      db,
      sql`update activity_signups set checked_in_at = '2026-12-05T01:00:00Z', checked_in_by = 'organiser',
            hours = ${hours}, hours_confirmed_at = '2026-12-05T04:30:00Z', hours_confirmed_by = ${users.community!.id}
          where id = ${sig[v]}`,
    );
  }
  t.clock.set('2026-12-05T02:00:00Z');
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t?.close());

const get = (who: string, url: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]!, 'accept-language': lang } });
const acts = (keys: string[]) => keys.map((k) => act[k]);
const sigs = (keys: string[]) => keys.map((k) => sig[k]);
const listIds = async (who: string, url: string) => {
  const res = await get(who, url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((r) => r.id);
};
const mask = (p: string) => `${p.slice(0, 3)}****${p.slice(7)}`;

describe('activities: sorts and pages', () => {
  it('walks each sort at several page sizes without skipping or repeating an activity', async () => {
    for (const [sort, order] of [
      ['latest', LATEST],
      ['soonest', SOONEST],
      ['title', TITLE],
    ] as const) {
      for (const limit of [1, 2, 3, 5]) {
        const { seen, totals, pages } = await walkPages(
          (u) => get('street', u),
          `/api/v1/activities?sort=${sort}`,
          limit,
        );
        expect(seen, `${sort} by ${limit}`).toEqual(acts(order));
        expect(pages).toBe(Math.ceil(5 / limit));
        expect(totals[0]).toBe(5);
        expect(totals.slice(1).every((x) => x === null)).toBe(true);
      }
    }
    expect((await walkPages((u) => get('street', u), '/api/v1/activities?', 2)).seen).toEqual(acts(LATEST));
  });

  it('refuses a cursor of another sort, and one it did not issue', async () => {
    const first = (await get('street', '/api/v1/activities?sort=title&limit=2')).json();
    const other = await get('street', `/api/v1/activities?sort=latest&limit=2&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('VALIDATION_FAILED');
    const old = Buffer.from(`i:${act.x1}`).toString('base64url');
    expect((await get('street', `/api/v1/activities?cursor=${old}`)).statusCode).toBe(400);
  });
});

describe('activities: search and filters', () => {
  it('filters by period, status and unit, and counts what they show', async () => {
    const L = '/api/v1/activities?sort=latest';
    expect(await listIds('street', `${L}&period=upcoming`)).toEqual(acts(['x3', 'x5']));
    expect(await listIds('street', `${L}&period=ongoing`)).toEqual(acts(['x1']));
    expect(await listIds('street', `${L}&period=open`)).toEqual(acts(['x3', 'x5', 'x1']));
    expect(await listIds('street', `${L}&period=ended`)).toEqual(acts(['x2', 'x4']));
    expect(await listIds('street', `${L}&status=cancelled`)).toEqual(acts(['x4']));
    expect(await listIds('street', `${L}&status=published&period=ended`)).toEqual(acts(['x2']));
    expect(await listIds('street', `${L}&orgUnitId=${community2.id}`)).toEqual(acts(['x3']));
    expect((await get('street', `${L}&period=open`)).json()).toMatchObject({ total: 3, totalCapped: false });
    // A unit outside the caller's reach is not found; a bad period is refused.
    expect((await get('street', `${L}&orgUnitId=${far.community.id}`)).statusCode).toBe(404);
    expect((await get('street', `${L}&period=someday`)).statusCode).toBe(400);
  });

  it('finds activities by title, place and organiser, within the caller’s reach', async () => {
    const L = '/api/v1/activities?sort=latest';
    expect(await listIds('street', `${L}&q=${encodeURIComponent('义诊')}`)).toEqual(acts(['x1']));
    expect(await listIds('farCommunity', `${L}&q=${encodeURIComponent('义诊')}`)).toEqual([act.b1]);
    expect(await listIds('street', `${L}&q=${encodeURIComponent('书屋')}`)).toEqual(acts(['x5']));
    expect(await listIds('street', `${L}&q=${encodeURIComponent(community2.name)}`)).toEqual(acts(['x3']));
    expect(await listIds('street', `${L}&q=amy`)).toEqual(acts(['x2']));
    expect(await listIds('street', `${L}&q=${encodeURIComponent('100%')}`)).toEqual([]);
  });
});

describe('activities: export', () => {
  it('writes what the filters show in the list’s order, and audits it', async () => {
    const res = await get('street', '/api/v1/activities/export?sort=soonest&period=ended');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('志愿活动'));
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('志愿活动');
    expect(s.header).toEqual([
      '开始时间',
      '结束时间',
      '类别',
      '活动',
      '主办',
      '地点',
      '状态',
      '已报名/名额',
      '候补',
      '服务人次',
    ]);
    expect(s.body).toEqual([
      [
        '2026-12-02 09:00',
        '2026-12-02 10:00',
        '义诊',
        '环境整治',
        a.community.name,
        '社区党群服务中心',
        '已取消',
        '0/3',
        0,
        null,
      ],
      [
        '2026-12-03 18:00',
        '2026-12-03 19:00',
        '义诊',
        'Amy英语角',
        a.community.name,
        '社区党群服务中心',
        '已发布',
        '0/3',
        0,
        null,
      ],
    ]);
    const all = await readSheet((await get('street', '/api/v1/activities/export?sort=title', 'en')).rawPayload);
    expect(all.name).toBe('Activities');
    expect(all.body.map((r) => r[3])).toEqual(['Amy英语角', '义诊进社区', '四点半课堂', '消防演练', '环境整治']);
    expect(all.body[1]?.slice(6, 9)).toEqual(['Published', '3/3', 1]);
    const logged = await rows<{ detail: { rows: number; filters: { period?: string } } }>(
      t.database.db,
      sql`select detail from audit_log where action = 'activity.export' and actor_user_id = ${users.street!.id} order by id`,
    );
    expect(logged.map((x) => [x.detail.rows, x.detail.filters.period ?? null])).toEqual([
      [2, 'ended'],
      [5, null],
    ]);
  });
});

describe('sign-ups: sorts, search, filters', () => {
  const S = () => `/api/v1/activities/${act.x1}/signups`;

  it('walks each sort at several page sizes, counted on the first page', async () => {
    for (const [sort, order] of [
      ['signup', SIGNUP],
      ['name', BY_NAME],
      ['hours', BY_HOURS],
    ] as const) {
      for (const limit of [1, 2, 3, 4]) {
        const { seen, totals, pages } = await walkPages((u) => get('community', u), `${S()}?sort=${sort}`, limit);
        expect(seen, `${sort} by ${limit}`).toEqual(sigs(order));
        expect(pages).toBe(Math.ceil(4 / limit));
        expect(totals[0]).toBe(4);
        expect(totals.slice(1).every((x) => x === null)).toBe(true);
      }
    }
    const first = (await get('community', `${S()}?sort=name&limit=1`)).json();
    expect((await get('community', `${S()}?sort=hours&cursor=${first.nextCursor}`)).statusCode).toBe(400);
  });

  it('shows phones masked, and finds a volunteer by mobile number (blind index) or name', async () => {
    const page = (await get('community', `${S()}?sort=signup`)).json();
    expect(page.items.map((r: { phoneMasked: string }) => r.phoneMasked)).toEqual(
      SIGNUP.map((v) => mask(users[v]!.phone)),
    );
    for (const v of SIGNUP) expect(JSON.stringify(page)).not.toContain(users[v]!.phone);
    expect(page.items[3]).toMatchObject({ volunteerName: 'Amy林', status: 'waitlisted', waitlistPosition: 1 });
    expect(await listIds('community', `${S()}?q=${users.v3!.phone}`)).toEqual(sigs(['v3']));
    const spaced = `+86 ${users.v2!.phone.slice(0, 3)} ${users.v2!.phone.slice(3)}`;
    expect(await listIds('community', `${S()}?q=${encodeURIComponent(spaced)}`)).toEqual(sigs(['v2']));
    expect(await listIds('community', `${S()}?q=${encodeURIComponent('王')}`)).toEqual(sigs(['v1']));
    // The cancelled sign-up shows only when asked for, and is found by its phone only there.
    expect(await listIds('community', `${S()}?q=${users.v4!.phone}`)).toEqual([]);
    expect(await listIds('community', `${S()}?status=cancelled`)).toEqual(sigs(['v4']));
  });

  it('filters by status and attendance', async () => {
    expect(await listIds('community', `${S()}?status=confirmed`)).toEqual(sigs(['v1', 'v2', 'v5']));
    expect(await listIds('community', `${S()}?status=waitlisted`)).toEqual(sigs(['v3']));
    expect(await listIds('community', `${S()}?attendance=checkedIn&sort=hours`)).toEqual(sigs(['v2', 'v1']));
    expect(await listIds('community', `${S()}?attendance=absent`)).toEqual(sigs(['v5']));
    expect((await get('community', `${S()}?attendance=hoursConfirmed`)).json()).toMatchObject({ total: 2 });
  });

  it('is for the organisers only', async () => {
    expect([403, 404]).toContain((await get('farCommunity', S())).statusCode);
    expect([403, 404]).toContain((await get('v1', S())).statusCode);
    expect([403, 404]).toContain((await get('farCommunity', `${S()}/export`)).statusCode);
  });
});

describe('sign-ups: export', () => {
  it('writes what the filters show, phones masked, with hours, and audits it with the phone masked', async () => {
    const res = await get('community', `/api/v1/activities/${act.x1}/signups/export?sort=hours`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('报名签到');
    expect(s.header).toEqual([
      '姓名',
      '手机号',
      '岗位',
      '状态',
      '签到时间',
      '签退时间',
      '服务时长（小时）',
      '时长确认',
    ]);
    expect(s.body).toEqual([
      ['李娜', mask(users.v2!.phone), null, '已报名', '2026-12-05 09:00', null, 3, '2026-12-05 12:30'],
      ['王芳', mask(users.v1!.phone), null, '已报名', '2026-12-05 09:00', null, 1.5, '2026-12-05 12:30'],
      ['赵磊', mask(users.v5!.phone), null, '已报名', null, null, null, null],
      ['Amy林', mask(users.v3!.phone), null, '候补 1', null, null, null, null],
    ]);
    for (const v of SIGNUP) expect(JSON.stringify(s.body)).not.toContain(users[v]!.phone);
    const one = await readSheet(
      (await get('community', `/api/v1/activities/${act.x1}/signups/export?q=${users.v3!.phone}`, 'en')).rawPayload,
    );
    expect(one.name).toBe('Sign-ups');
    expect(one.body).toEqual([['Amy林', mask(users.v3!.phone), null, 'Waiting 1', null, null, null, null]]);
    const logged = await rows<{ object_id: string; detail: { rows: number; filters: { q?: string } } }>(
      t.database.db,
      sql`select object_id, detail from audit_log where action = 'activity.signups_export' order by id`,
    );
    expect(logged.map((x) => [x.object_id, x.detail.rows])).toEqual([
      [String(act.x1), 4],
      [String(act.x1), 1],
    ]);
    expect(logged[1]?.detail.filters.q).toBe(mask(users.v3!.phone));
    expect(JSON.stringify(logged)).not.toContain(users.v3!.phone);
  });
});
