import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { walkPages } from '../../../test/list-walk';
import { type Db, rows } from '../../platform/db';
import type { OrgUnitRow } from '../org/org.repository';
import { newPickupCode } from './mall-window';

/**
 * The console's 兑换订单 list: the search box (a pickup code as typed, the captain's phone by blind index,
 * the captain's name), status and month filters, newest or oldest first with keyset pages, the count and
 * the export. Street A holds the fixture below; street B has a captain of the same name.
 */
let t: TestApp;
let a: Tree;
let cookies: Record<string, string>;
let phones: Record<string, string>;
let ids: Record<string, number>;
const codes: Record<string, string> = {};

/** A's orders in placing order. */
const FIXTURE = [
  { key: 'o1', who: 'cap1', month: '2026-09', status: 'picked_up', points: 30 },
  { key: 'o2', who: 'cap2', month: '2026-09', status: 'placed', points: 12 },
  { key: 'o3', who: 'cap1', month: '2026-10', status: 'ready', points: 20 },
  { key: 'o4', who: 'cap2', month: '2026-10', status: 'cancelled', points: 8 },
  { key: 'o5', who: 'cap1', month: '2026-11', status: 'placed', points: 50 },
] as const;
const NEWEST = ['o5', 'o4', 'o3', 'o2', 'o1'];
const OLDEST = ['o1', 'o2', 'o3', 'o4', 'o5'];

async function order(
  db: Db,
  street: OrgUnitRow,
  building: OrgUnitRow,
  userId: number,
  o: { month: string; status: string; points: number },
) {
  const code = newPickupCode();
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into mall_orders (street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code, created_at)
        values (${street.id}, ${userId}, ${o.month}, ${building.path}, ${o.status}, ${o.points}, 0, ${code}, now()) returning id`,
  );
  return { id: Number(row?.id), code };
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  const b2 = await child(db, a.estate, 'building', `和平里${uniq()}号楼`);
  const b = await buildTree(db, { city: a.city, district: a.district });
  const users = {
    streetA: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    cap1: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }], '王芳'),
    cap2: await buildUser(db, t.cipher, [{ role: 'captain', unit: b2 }], '李娜'),
    streetB: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: b.street }]),
    capB: await buildUser(db, t.cipher, [{ role: 'captain', unit: b.building }], '王芳'),
  };
  cookies = {};
  phones = {};
  ids = {};
  for (const [k, u] of Object.entries(users)) {
    cookies[k] = await login(t.app, u.phone);
    phones[k] = u.phone;
    ids[k] = u.id;
  }
  for (const f of FIXTURE) {
    const o = await order(db, a.street, f.who === 'cap1' ? a.building : b2, ids[f.who]!, f);
    ids[f.key] = o.id;
    codes[f.key] = o.code;
  }
  const oB = await order(db, b.street, b.building, ids.capB!, { month: '2026-11', status: 'placed', points: 5 });
  ids.oB = oB.id;
  codes.oB = oB.code;
});
afterAll(() => t.close());

const get = (who: string, url: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]!, 'accept-language': lang } });
const of = (keys: readonly string[]) => keys.map((k) => ids[k]);
const listIds = async (who: string, query: string) => {
  const res = await get(who, `/api/v1/mall/orders?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: number }[]).map((r) => r.id);
};

const walk = (query: string, limit: number) =>
  walkPages((url) => get('streetA', url), `/api/v1/mall/orders?${query}`, limit);

describe('sort and pages', () => {
  it('walks newest (the default) and oldest first at several page sizes, nothing skipped or repeated', async () => {
    for (const limit of [1, 2, 3, 5]) {
      for (const [query, order] of [
        ['sort=newest', NEWEST],
        ['sort=oldest', OLDEST],
        ['', NEWEST],
      ] as const) {
        const { seen, totals, pages } = await walk(query, limit);
        expect(seen, `${query} by ${limit}`).toEqual(of(order));
        expect(pages).toBe(Math.ceil(5 / limit));
        expect(totals[0]).toBe(5);
        expect(totals.slice(1).every((x) => x === null)).toBe(true);
      }
    }
  });

  it('refuses a cursor of another sort, and one it did not issue', async () => {
    const first = (await get('streetA', '/api/v1/mall/orders?sort=oldest&limit=2')).json();
    const other = await get('streetA', `/api/v1/mall/orders?sort=newest&limit=2&cursor=${first.nextCursor}`);
    expect(other.statusCode).toBe(400);
    const old = Buffer.from(`i:${ids.o5}`).toString('base64url');
    expect((await get('streetA', `/api/v1/mall/orders?cursor=${old}`)).statusCode).toBe(400);
  });
});

describe('search and filters', () => {
  it('finds an order by its pickup code as typed, a captain’s by phone (blind index) or name — within reach', async () => {
    const typed = `${codes.o3!.slice(0, 4).toLowerCase()}-${codes.o3!.slice(4)}`;
    expect(await listIds('streetA', `q=${encodeURIComponent(typed)}`)).toEqual(of(['o3']));
    expect(await listIds('streetB', `q=${codes.o3}`)).toEqual([]);
    expect(await listIds('streetA', `q=${phones.cap2}`)).toEqual(of(['o4', 'o2']));
    expect(await listIds('streetA', `q=${phones.capB}`)).toEqual([]);
    expect(await listIds('streetA', `q=${encodeURIComponent('王芳')}`)).toEqual(of(['o5', 'o3', 'o1']));
    expect(await listIds('streetB', `q=${encodeURIComponent('王芳')}`)).toEqual(of(['oB']));
    // Staff never see the pickup code in the list, even when they found the order by it.
    const found = (await get('streetA', `/api/v1/mall/orders?q=${codes.o3}`)).json();
    expect(found.items[0].pickupCode).toBeNull();
  });

  it('filters by status and month, and counts what the filters show', async () => {
    expect(await listIds('streetA', 'status=placed')).toEqual(of(['o5', 'o2']));
    expect(await listIds('streetA', 'month=2026-10&sort=oldest')).toEqual(of(['o3', 'o4']));
    const res = (await get('streetA', `/api/v1/mall/orders?q=${encodeURIComponent('王芳')}&status=placed`)).json();
    expect(res).toMatchObject({ total: 1, totalCapped: false });
  });
});

describe('count cap', () => {
  it('stops counting past 10,000 and refuses to export that many', async () => {
    const db = t.database.db;
    const c = await buildTree(db, { city: a.city, district: a.district });
    const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: c.street }]);
    const cap = await buildUser(db, t.cipher, [{ role: 'captain', unit: c.building }]);
    const cookie = await login(t.app, staff.phone);
    const tag = uniq();
    await rows(
      db,
      sql`insert into mall_orders (street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code, created_at)
          select ${c.street.id}, ${cap.id}, '2026-01', ${c.building.path}, 'cancelled', 1, 0, ${`cap${tag}-`} || g, now()
            from generate_series(1, 10001) g`,
    );
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/mall/orders?limit=5', headers: { cookie } });
    expect(res.json()).toMatchObject({ total: 10000, totalCapped: true });
    const exp = await t.app.inject({ method: 'GET', url: '/api/v1/mall/orders/export', headers: { cookie } });
    expect(exp.statusCode).toBe(422);
    expect(exp.json().error.code).toBe('EXPORT_TOO_LARGE');
  });
});

describe('export', () => {
  async function sheet(query: string, lang = 'zh-CN') {
    const res = await get('streetA', `/api/v1/mall/orders/export?${query}`, lang);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const out: (string | number | null)[][] = [];
    ws.eachRow((row) => {
      out.push((row.values as (string | number | null)[]).slice(1));
    });
    return { name: ws.name, header: out[0]!, body: out.slice(1) };
  }

  it('writes exactly what the filters show, in the list’s order, without pickup codes, and audits it', async () => {
    const all = await sheet('sort=oldest');
    expect(all.name).toBe('兑换订单');
    expect(all.header).toEqual(['订单号', '楼长', '商品', '积分', '兑换月份', '下单时间', '状态']);
    expect(all.body.map((r) => r[0])).toEqual(of(OLDEST));
    expect(all.body.map((r) => r[1])).toEqual(['王芳', '李娜', '王芳', '李娜', '王芳']);
    expect(all.body.map((r) => r[3])).toEqual([30, 12, 20, 8, 50]);
    expect(all.body.map((r) => r[6])).toEqual(['已提货', '已下单', '待提货', '已取消', '已下单']);
    for (const k of OLDEST) expect(JSON.stringify(all.body)).not.toContain(codes[k]);

    const byPhone = await sheet(`q=${phones.cap2}`);
    expect(byPhone.body.map((r) => r[0])).toEqual(of(['o4', 'o2']));
    const en = await sheet('status=ready', 'en');
    expect(en.name).toBe('Mall orders');
    expect(en.body.map((r) => [r[0], r[6]])).toEqual([[ids.o3, 'Ready']]);

    const audit = await rows<{ detail: { rows: number; filters: { q?: string } } }>(
      t.database.db,
      sql`select detail from audit_log where action = 'mall.orders.export' and actor_user_id = ${ids.streetA} order by id`,
    );
    expect(audit.map((x) => x.detail.rows)).toEqual([5, 2, 1]);
    expect(audit[1]?.detail.filters.q).toBe(`${phones.cap2!.slice(0, 3)}****${phones.cap2!.slice(7)}`);
  });
});
