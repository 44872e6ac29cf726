import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { walkPages } from '../../../test/list-walk';
import { rows } from '../../platform/db';

/**
 * The console's captains roll (楼长名册): the search box (name, building, phone by blind index), the status
 * and unit filters, the sorts with keyset pages, the count and the export. Street A holds the fixture
 * below; street B has a captain of the same name, who must never show up for A's staff.
 */
let t: TestApp;
let a: Tree;
let cookies: Record<string, string>;
let phones: Record<string, string>;
let ids: Record<string, number>;
let b2Name: string;
let community2Id: number;

/**
 * A's captains, created in this order (so c1 < c2 < … by account). Names in code-point order:
 * 'Amy林' (A, U+0041) < '张伟' (U+5F20) < '李娜' (U+674E) < '王芳' (U+738B, twice: the account breaks the tie).
 */
const NAME_ORDER = ['c4', 'c3', 'c2', 'c1', 'c5'];
const NEWEST = ['c5', 'c4', 'c3', 'c2', 'c1'];
const OLDEST = ['c1', 'c2', 'c3', 'c4', 'c5'];

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  const b1 = a.building;
  b2Name = `和平里${uniq()}号楼`;
  const b2 = await child(db, a.estate, 'building', b2Name);
  const community2 = await child(db, a.street, 'community', `新兴社区${uniq()}`);
  community2Id = community2.id;
  const estate2 = await child(db, community2, 'estate');
  const b3 = await child(db, estate2, 'building');
  const b = await buildTree(db, { city: a.city, district: a.district });
  const users = {
    streetA: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    c1: await buildUser(db, t.cipher, [{ role: 'captain', unit: b1 }], '王芳'),
    c2: await buildUser(db, t.cipher, [{ role: 'captain', unit: b2 }], '李娜'),
    c3: await buildUser(
      db,
      t.cipher,
      [
        { role: 'captain', unit: b1 },
        { role: 'captain', unit: b2 },
      ],
      '张伟',
    ),
    c4: await buildUser(db, t.cipher, [{ role: 'captain', unit: b3 }], 'Amy林'),
    c5: await buildUser(db, t.cipher, [{ role: 'captain', unit: b3 }], '王芳'),
    cB: await buildUser(db, t.cipher, [{ role: 'captain', unit: b.building }], '王芳'),
    streetB: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: b.street }]),
  };
  cookies = {};
  phones = {};
  ids = {};
  for (const [k, u] of Object.entries(users)) {
    cookies[k] = await login(t.app, u.phone);
    phones[k] = u.phone;
    ids[k] = u.id;
  }
  // 李娜 is suspended (her record says so); the others have no record yet and count as active.
  await rows(
    db,
    sql`insert into captain_profiles (user_id, street_id, status, status_reason, status_at, created_at)
        values (${ids.c2}, ${a.street.id}, 'suspended', '外出务工三个月', now(), now())`,
  );
});
afterAll(() => t.close());

const get = (who: string, url: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]!, 'accept-language': lang } });
const names = (keys: string[]) => keys.map((k) => ids[k]);
const listIds = async (who: string, query: string) => {
  const res = await get(who, `/api/v1/captains?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { userId: number }[]).map((r) => r.userId);
};

/** Walks every page of the roll, following nextCursor. */
const walk = (query: string, limit: number) =>
  walkPages((url) => get('streetA', url), `/api/v1/captains?${query}`, limit, 'userId');

describe('sort and pages', () => {
  it('walks each sort at several page sizes without skipping or repeating a captain', async () => {
    for (const [sort, order] of [
      ['name', NAME_ORDER],
      ['newest', NEWEST],
      ['oldest', OLDEST],
    ] as const) {
      for (const limit of [1, 2, 3, 5]) {
        const { seen, totals, pages } = await walk(`sort=${sort}`, limit);
        expect(seen, `${sort} by ${limit}`).toEqual(names(order));
        expect(pages).toBe(Math.ceil(5 / limit));
        expect(totals[0]).toBe(5);
        expect(totals.slice(1).every((x) => x === null)).toBe(true);
      }
    }
    // By name unless asked otherwise.
    expect((await walk('', 2)).seen).toEqual(names(NAME_ORDER));
  });

  it('refuses a cursor of another sort, and one it did not issue', async () => {
    const first = (await get('streetA', '/api/v1/captains?sort=name&limit=2')).json();
    expect(first.nextCursor).toBeTruthy();
    const other = await get('streetA', `/api/v1/captains?sort=newest&limit=2&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('VALIDATION_FAILED');
    const old = Buffer.from(`i:${ids.c1}`).toString('base64url');
    expect((await get('streetA', `/api/v1/captains?limit=2&cursor=${old}`)).statusCode).toBe(400);
  });
});

describe('search and filters', () => {
  it('finds a captain by mobile number through the blind index, only within the caller’s reach', async () => {
    expect(await listIds('streetA', `q=${phones.c3}`)).toEqual([ids.c3]);
    const spaced = `+86 ${phones.c3!.slice(0, 3)} ${phones.c3!.slice(3)}`;
    expect(await listIds('streetA', `q=${encodeURIComponent(spaced)}`)).toEqual([ids.c3]);
    expect(await listIds('streetA', `q=${phones.cB}`)).toEqual([]);
    expect(await listIds('streetB', `q=${phones.cB}`)).toEqual([ids.cB]);
    // The phone is stored encrypted: its text appears nowhere in the users table.
    const [plain] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from users where phone_enc like ${`%${phones.c3}%`}`,
    );
    expect(plain?.n).toBe(0);
  });

  it('finds captains by name and by a building’s name', async () => {
    expect(await listIds('streetA', `q=${encodeURIComponent('王芳')}`)).toEqual(names(['c1', 'c5']));
    expect(await listIds('streetA', `q=${encodeURIComponent('amy')}`)).toEqual(names(['c4']));
    expect(await listIds('streetA', `q=${encodeURIComponent(b2Name.slice(0, 6))}`)).toEqual(names(['c3', 'c2']));
    expect(await listIds('streetA', `q=${encodeURIComponent('100%')}`)).toEqual([]);
    expect(await listIds('streetB', `q=${encodeURIComponent('王芳')}`)).toEqual([ids.cB]);
  });

  it('filters by status and by unit, and counts what the filters show', async () => {
    expect(await listIds('streetA', 'status=suspended')).toEqual([ids.c2]);
    expect(await listIds('streetA', 'status=active&sort=oldest')).toEqual(names(['c1', 'c3', 'c4', 'c5']));
    expect(await listIds('streetA', `orgUnitId=${community2Id}`)).toEqual(names(['c4', 'c5']));
    expect((await get('streetA', `/api/v1/captains?orgUnitId=${community2Id}`)).json()).toMatchObject({
      total: 2,
      totalCapped: false,
    });
    const one = (await get('streetA', '/api/v1/captains?status=suspended')).json();
    expect(one).toMatchObject({ total: 1, totalCapped: false });
    expect(one.items[0]).toMatchObject({ name: '李娜', status: 'suspended' });
    expect((await get('streetA', '/api/v1/captains?status=exited')).statusCode).toBe(400);
  });
});

describe('count cap', () => {
  it('stops counting past 10,000 and refuses to export that many', async () => {
    const db = t.database.db;
    const c = await buildTree(db, { city: a.city, district: a.district });
    const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: c.street }]);
    const cookie = await login(t.app, staff.phone);
    const enc = t.cipher.encrypt('13800000000');
    const tag = uniq();
    await rows(
      db,
      sql`with u as (
            insert into users (name, phone_enc, phone_hash, created_at)
            select '楼长' || g, ${enc}, ${`cap-${tag}-`} || g, now() from generate_series(1, 10001) g
            returning id)
          insert into role_bindings (user_id, role, org_unit_id, street_id)
          select id, 'captain', ${c.building.id}, ${c.street.id} from u`,
    );
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/captains?limit=5', headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 10000, totalCapped: true });
    const exp = await t.app.inject({ method: 'GET', url: '/api/v1/captains/export', headers: { cookie } });
    expect(exp.statusCode).toBe(422);
    expect(exp.json().error.code).toBe('EXPORT_TOO_LARGE');
  });
});

describe('export', () => {
  async function sheet(query: string, lang = 'zh-CN') {
    const res = await get('streetA', `/api/v1/captains/export?${query}`, lang);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(lang === 'en' ? 'Captains' : '楼长名册'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const out: (string | number | null)[][] = [];
    ws.eachRow((row) => {
      out.push((row.values as (string | number | null)[]).slice(1));
    });
    return { name: ws.name, header: out[0]!, body: out.slice(1) };
  }
  const mask = (p: string) => `${p.slice(0, 3)}****${p.slice(7)}`;

  it('writes exactly what the filters show, in the roll’s order, phones masked, and audits it', async () => {
    const all = await sheet('sort=name');
    expect(all.name).toBe('楼长名册');
    expect(all.header).toEqual(['姓名', '手机号', '状态', '负责楼栋', '积分余额', '已通过任务', '待审核任务']);
    expect(all.body.map((r) => r[0])).toEqual(['Amy林', '张伟', '李娜', '王芳', '王芳']);
    expect(all.body.map((r) => r[1])).toEqual(NAME_ORDER.map((k) => mask(phones[k]!)));
    expect(all.body.map((r) => r[2])).toEqual(['在岗', '在岗', '暂停', '在岗', '在岗']);
    expect(String(all.body[1]?.[3])).toContain(b2Name);
    for (const k of NAME_ORDER) expect(JSON.stringify(all.body)).not.toContain(phones[k]);

    const byPhone = await sheet(`q=${phones.c3}`);
    expect(byPhone.body.map((r) => r[0])).toEqual(['张伟']);
    const en = await sheet('status=suspended', 'en');
    expect(en.name).toBe('Captains');
    expect(en.header[0]).toBe('Name');
    expect(en.body).toEqual([['李娜', mask(phones.c2!), 'Suspended', b2Name, 0, 0, 0]]);

    const audit = await rows<{ actor: number; detail: { rows: number; filters: { q?: string } } }>(
      t.database.db,
      sql`select actor_user_id as actor, detail from audit_log where action = 'captain.export' and actor_user_id = ${ids.streetA} order by id`,
    );
    expect(audit.map((x) => x.detail.rows)).toEqual([5, 1, 1]);
    // The phone searched for is kept masked in the log, not in clear.
    expect(audit[1]?.detail.filters.q).toBe(mask(phones.c3!));
  });

  it('refuses a unit outside the caller’s reach, before writing anything', async () => {
    const res = await get('streetB', `/api/v1/captains/export?orgUnitId=${community2Id}`);
    expect(res.statusCode).toBe(404);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'captain.export' and actor_user_id = ${ids.streetB}`,
    );
    expect(n?.n).toBe(0);
  });
});
