import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, phone, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * Recruitment as the Kaiping article tells it: a drive for 50 captains, 120 people apply (one of them
 * signs up by SMS code on the public page, one is nominated and consents), all are vetted, 50 are
 * chosen and each is registered as captain of a building in one step.
 */
const APPLIED = 120;
const PLACES = 50;

let t: TestApp;
let a: Tree;
let other: Tree;
let community: string;
let otherCommunity: string;
const buildings: { id: number; name: string }[] = [];

beforeAll(async () => {
  // 120 people sign in from one test address.
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '1000' });
  const db = t.database.db;
  a = await buildTree(db);
  other = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  for (let i = 0; i < PLACES; i++) buildings.push(await child(db, a.estate, 'building', `招募楼${i + 1}栋`));
  community = await login(
    t.app,
    (await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
  otherCommunity = await login(
    t.app,
    (await buildUser(db, t.cipher, [{ role: 'community_staff', unit: other.community }])).phone,
  );
});
afterAll(() => t.close());

const call = (cookie: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });

async function smsSignIn(p: string): Promise<string> {
  expect((await call(null, 'POST', '/api/v1/auth/sms-code', { phone: p, purpose: 'login' })).statusCode).toBe(202);
  const [row] = await rows<{ code: string }>(
    t.database.db,
    sql`select payload->'params'->>'code' as code from notification_outbox
        where phone_hash = ${t.cipher.blindIndex('phone', p)} order by id desc limit 1`,
  );
  const res = await call(null, 'POST', '/api/v1/auth/sms-login', { phone: p, code: row?.code });
  expect(res.statusCode, res.body).toBe(200);
  const c = res.cookies.find((x) => x.name === 'lz_session');
  return `lz_session=${c?.value}`;
}

async function newDrive(places: number, ids: number[], deadline = '2026-12-31') {
  const res = await call(community, 'POST', '/api/v1/recruitment/drives', {
    orgUnitId: a.community.id,
    title: `楼长招募${places}`,
    area: '新兴社区开放式楼栋',
    buildingIds: ids,
    requirements: '热心公益，身体健康，常住本楼',
    places,
    deadline,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

describe('recruitment', () => {
  it('takes 120 applications, chooses 50 within the places and registers each to a building in one step', async () => {
    const drive = await newDrive(
      PLACES,
      buildings.map((b) => b.id),
    );
    // The public page: no account needed.
    const pub = await call(null, 'GET', `/api/v1/public/recruitment/drives/${drive.id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ places: PLACES, isOpen: true, counts: { applied: 0, chosen: 0 } });
    expect(
      (await call(null, 'GET', '/api/v1/public/recruitment/drives')).json().items.map((d: { id: number }) => d.id),
    ).toContain(drive.id);
    // Applying needs a sign-in: a new phone signs up by SMS code and applies.
    const url = `/api/v1/recruitment/drives/${drive.id}/applications`;
    expect((await call(null, 'POST', url, { statement: '我想当楼长' })).statusCode).toBe(401);
    const cookies = [await smsSignIn(phone())];
    // One is nominated by a neighbour and consents after signing in with that phone.
    const nomineePhone = phone();
    const neighbour = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }])).phone,
    );
    const nom = await call(neighbour, 'POST', `/api/v1/recruitment/drives/${drive.id}/nominations`, {
      name: '黄伯',
      phone: nomineePhone,
      statement: '退休老党员，热心肠',
    });
    expect(nom.statusCode, nom.body).toBe(201);
    expect(nom.json()).toMatchObject({ status: 'awaiting_consent', kind: 'nominated' });
    expect(nom.body).not.toContain(nomineePhone);
    const stranger = await login(t.app, (await buildUser(t.database.db, t.cipher, [])).phone);
    const notMine = await call(stranger, 'POST', `/api/v1/recruitment/applications/${nom.json().id}/consent`);
    expect(notMine.json().error.code).toBe('APPLICATION_NOT_NOMINEE');
    const nominee = await smsSignIn(nomineePhone);
    const mine = await call(nominee, 'GET', '/api/v1/recruitment/my-applications');
    expect(mine.json().items.map((x: { id: number }) => x.id)).toEqual([nom.json().id]);
    const consent = await call(nominee, 'POST', `/api/v1/recruitment/applications/${nom.json().id}/consent`);
    expect(consent.json()).toMatchObject({ status: 'applied' });
    const applicantsUsers = [];
    for (let i = cookies.length + 1; i < APPLIED; i++) {
      const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }]);
      applicantsUsers.push(u);
      cookies.push(await login(t.app, u.phone));
    }
    for (const [i, c] of cookies.entries()) {
      const res = await call(c, 'POST', url, { statement: `报名${i}`, buildingId: buildings[i % PLACES]?.id });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Applying twice to one drive: refused, nothing added.
    const twice = await call(cookies[3] as string, 'POST', url, { statement: '再报一次' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('APPLICATION_EXISTS');
    const dup = await call(neighbour, 'POST', `/api/v1/recruitment/drives/${drive.id}/nominations`, {
      name: '黄伯',
      phone: nomineePhone,
      statement: '再推一次',
    });
    expect(dup.json().error.code).toBe('APPLICATION_EXISTS');

    let list = await call(community, 'GET', `/api/v1/recruitment/drives/${drive.id}/applications`);
    expect(list.json().items).toHaveLength(APPLIED);
    expect(list.json().counts).toEqual({ applied: APPLIED, vetted: 0, chosen: 0, registered: 0 });
    // Another community's staff see nothing of it.
    expect((await call(otherCommunity, 'GET', `/api/v1/recruitment/drives/${drive.id}/applications`)).statusCode).toBe(
      404,
    );

    // Vet everyone: scores 0..119 by application order.
    const apps = list.json().items as { id: number }[];
    for (const [i, app] of [...apps].sort((x, y) => x.id - y.id).entries()) {
      const v = await call(community, 'POST', `/api/v1/recruitment/applications/${app.id}/vet`, {
        score: i % 101,
        vetNote: '面谈良好',
        interviewedOn: '2026-11-01',
      });
      expect(v.statusCode, v.body).toBe(200);
    }
    list = await call(community, 'GET', `/api/v1/recruitment/drives/${drive.id}/applications`);
    const ranked = list.json().items as { id: number; score: number }[];
    // Choosing 51 of 50 places: refused, nobody chosen.
    const over = await call(community, 'POST', `/api/v1/recruitment/drives/${drive.id}/choose`, {
      applicationIds: ranked.slice(0, PLACES + 1).map((x) => x.id),
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('DRIVE_PLACES_EXCEEDED');
    expect(
      (await call(community, 'GET', `/api/v1/recruitment/drives/${drive.id}/applications`)).json().counts.chosen,
    ).toBe(0);
    const chosenIds = ranked.slice(0, PLACES).map((x) => x.id);
    const chose = await call(community, 'POST', `/api/v1/recruitment/drives/${drive.id}/choose`, {
      applicationIds: chosenIds,
    });
    expect(chose.statusCode, chose.body).toBe(200);
    expect(chose.json().counts).toEqual({ applied: APPLIED, vetted: APPLIED, chosen: PLACES, registered: 0 });
    const oneMore = await call(community, 'POST', `/api/v1/recruitment/drives/${drive.id}/choose`, {
      applicationIds: [ranked[PLACES]?.id],
    });
    expect(oneMore.json().error.code).toBe('DRIVE_PLACES_EXCEEDED');

    // Register each chosen applicant to one building: the binding, the record and the history at once.
    for (const [i, id] of chosenIds.entries()) {
      const reg = await call(community, 'POST', `/api/v1/recruitment/applications/${id}/register`, {
        buildingIds: [buildings[i]?.id],
      });
      expect(reg.statusCode, reg.body).toBe(200);
      expect(reg.json().status).toBe('registered');
    }
    const [bound] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(distinct org_unit_id)::int as n from role_bindings
           where role = 'captain' and org_unit_id in (${sql.join(
             buildings.map((b) => sql`${b.id}`),
             sql`, `,
           )})`,
    );
    expect(Number(bound?.n)).toBe(PLACES);
    const after = await call(null, 'GET', `/api/v1/public/recruitment/drives/${drive.id}`);
    expect(after.json().counts).toEqual({ applied: APPLIED, vetted: APPLIED, chosen: PLACES, registered: PLACES });
    // A registered application is not registered again.
    const again = await call(community, 'POST', `/api/v1/recruitment/applications/${chosenIds[0]}/register`, {
      buildingIds: [buildings[1]?.id],
    });
    expect(again.json().error.code).toBe('APPLICATION_STATE');
  });

  it('refuses buildings outside the drive’s unit, a closed drive, and a drive at a building', async () => {
    const bad = await call(community, 'POST', '/api/v1/recruitment/drives', {
      orgUnitId: a.community.id,
      title: '越界招募',
      buildingIds: [other.building.id],
      requirements: '无',
      places: 1,
      deadline: '2026-12-31',
    });
    expect(bad.json().error.code).toBe('DRIVE_BUILDING_INVALID');
    const kind = await call(community, 'POST', '/api/v1/recruitment/drives', {
      orgUnitId: a.building.id,
      title: '楼栋招募',
      requirements: '无',
      places: 1,
      deadline: '2026-12-31',
    });
    expect(kind.json().error.code).toBe('DRIVE_UNIT_KIND');
    const closed = await newDrive(3, [], '2026-11-01'); // the test clock stands at 2026-11-02
    const me = await login(t.app, (await buildUser(t.database.db, t.cipher, [])).phone);
    const res = await call(me, 'POST', `/api/v1/recruitment/drives/${closed.id}/applications`, { statement: '晚了' });
    expect(res.json().error.code).toBe('DRIVE_CLOSED');
  });
});

describe('captain record', () => {
  it('keeps profile, duties and status with history; an exited captain comes back only through a new application', async () => {
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }], '陈秀英');
    const b1 = await child(t.database.db, a.estate, 'building', '档案楼1栋');
    const b2 = await child(t.database.db, a.estate, 'building', '档案楼2栋');
    for (const b of [b1, b2]) {
      const r = await call(community, 'POST', `/api/v1/buildings/${b.id}/captains`, {
        userId: u.id,
        reason: '社区登记',
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    let rec = await call(community, 'GET', `/api/v1/captains/${u.id}`);
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json()).toMatchObject({ status: 'active', tags: [], duties: [], version: 1 });
    expect(
      rec
        .json()
        .buildings.map((b: { id: number }) => b.id)
        .sort(),
    ).toEqual([b1.id, b2.id].sort());
    const edit = await call(community, 'POST', `/api/v1/captains/${u.id}/profile`, {
      tags: ['党员', '离退休干部'],
      employerUnit: '开平市教育局',
      duties: ['政策法规宣讲员', '矛盾纠纷调解员'],
      version: 1,
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ tags: ['党员', '离退休干部'], employerUnit: '开平市教育局', version: 2 });
    const stale = await call(community, 'POST', `/api/v1/captains/${u.id}/profile`, { tags: [], version: 1 });
    expect(stale.json().error.code).toBe('STALE_VERSION');
    expect((await call(otherCommunity, 'GET', `/api/v1/captains/${u.id}`)).statusCode).toBe(404);

    const exit = await call(community, 'POST', `/api/v1/captains/${u.id}/status`, {
      status: 'exited',
      reason: '搬离小区',
      version: 2,
    });
    expect(exit.statusCode, exit.body).toBe(200);
    expect(exit.json()).toMatchObject({ status: 'exited', statusReason: '搬离小区', buildings: [] });
    expect(exit.json().exitedAt).toBe(t.clock.now().toISOString());
    // Exited: staff cannot simply register them again, nor reinstate them by a status change.
    const direct = await call(community, 'POST', `/api/v1/buildings/${b1.id}/captains`, { userId: u.id });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().error.code).toBe('CAPTAIN_EXITED_NEEDS_APPLICATION');
    const back = await call(community, 'POST', `/api/v1/captains/${u.id}/status`, {
      status: 'active',
      reason: '回来了',
      version: 3,
    });
    expect(back.json().error.code).toBe('CAPTAIN_EXITED');
    rec = await call(community, 'GET', `/api/v1/captains/${u.id}`);
    expect(rec.json().status).toBe('exited');

    // Through a new application they are registered again.
    const drive = await newDrive(1, [b1.id]);
    const cookie = await login(t.app, u.phone);
    const app = await call(cookie, 'POST', `/api/v1/recruitment/drives/${drive.id}/applications`, {
      statement: '回到小区，继续服务',
      buildingId: b1.id,
    });
    expect(app.statusCode, app.body).toBe(201);
    await call(community, 'POST', `/api/v1/recruitment/applications/${app.json().id}/vet`, { score: 90 });
    await call(community, 'POST', `/api/v1/recruitment/drives/${drive.id}/choose`, { applicationIds: [app.json().id] });
    const reg = await call(community, 'POST', `/api/v1/recruitment/applications/${app.json().id}/register`, {
      buildingIds: [b1.id],
    });
    expect(reg.statusCode, reg.body).toBe(200);
    rec = await call(community, 'GET', `/api/v1/captains/${u.id}`);
    expect(rec.json()).toMatchObject({ status: 'active', exitedAt: null, buildings: [{ id: b1.id }] });
    expect(
      rec
        .json()
        .history.map((e: { kind: string }) => e.kind)
        .reverse(),
    ).toEqual(['created', 'bind', 'bind', 'profile', 'status', 'unbind', 'unbind', 'status', 'bind']);
  });
});
