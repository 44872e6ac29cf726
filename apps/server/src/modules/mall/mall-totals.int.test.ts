import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { type Db, rows, transaction } from '../../platform/db';
import * as scan from './mall.repository';
import * as totals from './mall-totals.repository';

/**
 * The maintained mall figures against a recomputation: after a random mix of orders (several goods each,
 * in two window months), orders made ready, picked up, cancelled and deleted — and, on PostgreSQL,
 * redemptions and cancellations through the API in parallel transactions while refreshes run — every
 * unit's totals per month, day and product equal the figures counted here, in the test, from the raw
 * orders; the street's month report is what counting the orders gave. PGlite has one connection, so
 * there the "parallel" requests run one after another.
 */
let t: TestApp;
let db: Db;
let a: Tree;
let d: Tree;
const buildings: Tree['building'][] = [];
const goods = new Map<number, { id: number; price: number; cost: number }[]>(); // street → products
let staff: { phone: string; cookie: string };
let buyers: number[] = [];

let seed = 20261205;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
const HOUR = 3_600_000;

async function product(street: number, name: string, price: number, cost: number, stock = 10_000) {
  const [p] = await rows<{ id: number }>(
    db,
    sql`insert into mall_products (street_id, name, points_price, stock, unit_cost_yuan, is_active, sort_order, created_at)
        values (${street}, ${name}, ${price}, ${stock}, ${cost}, true, 0, now()) returning id`,
  );
  const list = goods.get(street) ?? [];
  list.push({ id: Number(p?.id), price, cost });
  goods.set(street, list);
  return Number(p?.id);
}

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000' }, { poolSize: 10 });
  db = t.database.db;
  // Dec 2, 10:00 in Shanghai: the default window (1st–7th) is open.
  t.clock.set('2026-12-02T02:00:00Z');
  a = await buildTree(db);
  const b = await buildTree(db, { ...a });
  const c = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  d = await buildTree(db, { city: a.city, district: a.district });
  buildings.push(a.building, b.building, c.building, d.building);
  await product(a.street.id, '大米 5kg', 120, 45.5);
  await product(a.street.id, '抽纸（一提）', 30, 12);
  await product(a.street.id, '食用油 5L', 200, 79.9);
  await product(d.street.id, '毛巾', 20, 5.35);
  const s = await buildUser(db, t.cipher, [
    { role: 'street_staff', unit: a.street },
    { role: 'street_staff', unit: d.street },
  ]);
  staff = { phone: s.phone, cookie: await login(t.app, s.phone) };
  // People who order (one order per person, window and street): made in bulk.
  buyers = (
    await rows<{ id: number }>(
      db,
      sql`insert into users (name, phone_enc, phone_hash, password_hash, created_at)
          select '兑换楼长' || g, 'x', 'totals-' || g || '-' || ${randomBytes(4).toString('hex')}, 'x', now()
            from generate_series(1, 200) g returning id`,
    )
  ).map((r) => Number(r.id));
});
afterAll(() => t.close());

let buyer = 0;
/** An order as the mall writes it (order and lines), made at `at` for window `month`. */
async function order(
  tx: Db,
  building: Tree['building'],
  month: string,
  at: Date,
  items: { id: number; price: number; cost: number; quantity: number }[],
) {
  const points = items.reduce((s, i) => s + i.price * i.quantity, 0);
  const [o] = await rows<{ id: number }>(
    tx,
    sql`insert into mall_orders (street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code, created_at)
        values (${building.streetId}, ${buyers[buyer++]}, ${month}, ${building.path}, 'placed', ${points}, 0,
                ${randomBytes(6).toString('hex')}, ${at}) returning id`,
  );
  for (const i of items) {
    await tx.execute(sql`insert into mall_order_lines (order_id, street_id, product_id, product_name, quantity, points_price, unit_cost_yuan)
                         values (${o?.id}, ${building.streetId}, ${i.id}, '商品', ${i.quantity}, ${i.price}, ${i.cost})`);
  }
  return Number(o?.id);
}

/** One or two goods of the building's street, 1–3 of each. */
function basket(building: Tree['building']) {
  const list = goods.get(building.streetId as number) ?? [];
  const first = pick(list);
  const second = pick(list);
  return (first.id === second.id ? [first] : [first, second]).map((g) => ({
    ...g,
    quantity: 1 + Math.floor(rand() * 3),
  }));
}

/** A time in the first week of November or on Dec 1–2 (UTC), any hour: its window month. */
function someTime(): { at: Date; month: string } {
  const nov = rand() < 0.5;
  const at = nov
    ? new Date(Date.UTC(2026, 10, 1 + Math.floor(rand() * 6), Math.floor(rand() * 24), 11))
    : new Date(Date.UTC(2026, 11, 1, Math.floor(rand() * 24), 11));
  return { at, month: new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 7) };
}

const refresh = () => transaction(db, (tx) => totals.refresh(tx));

interface Line {
  path: string;
  month: string;
  day: string;
  status: string;
  productId: number | null;
  quantity: number;
  pointsPrice: number;
  costCents: number;
}

/** The raw orders, read plainly, one row per line (an order without lines once). */
async function raw(): Promise<(Line & { orderId: number })[]> {
  const r = await rows<{
    id: string;
    path: string;
    window_month: string;
    created_at: string | Date;
    status: string;
    product_id: string | null;
    quantity: number | null;
    points_price: number | null;
    unit_cost_yuan: string | number | null;
  }>(
    db,
    sql`select o.id, o.path, o.window_month, o.created_at, o.status, l.product_id, l.quantity, l.points_price, l.unit_cost_yuan
          from mall_orders o left join mall_order_lines l on l.order_id = o.id`,
  );
  return r.map((x) => ({
    orderId: Number(x.id),
    path: x.path,
    month: x.window_month,
    day: new Date(new Date(x.created_at).getTime() + 8 * HOUR).toISOString().slice(0, 10),
    status: x.status,
    productId: x.product_id === null ? null : Number(x.product_id),
    quantity: Number(x.quantity ?? 0),
    pointsPrice: Number(x.points_price ?? 0),
    costCents: Math.round(Number(x.unit_cost_yuan ?? 0) * 100),
  }));
}

/** `month|day|product → figures` of the unit at `unitPath`, counted here (product 0: the orders). */
function expected(all: Awaited<ReturnType<typeof raw>>, unitPath: string) {
  const out = new Map<string, number[]>();
  const add = (k: string, v: number[]) => {
    const e = out.get(k) ?? [0, 0, 0, 0, 0, 0];
    out.set(
      k,
      e.map((x, i) => x + (v[i] ?? 0)),
    );
  };
  const seen = new Set<number>();
  for (const l of all.filter((x) => x.path.startsWith(unitPath))) {
    if (!seen.has(l.orderId)) {
      seen.add(l.orderId);
      add(`${l.month}|${l.day}|0`, l.status === 'cancelled' ? [0, 1] : [1, 0]);
    }
    if (l.productId !== null && l.status !== 'cancelled') {
      add(`${l.month}|${l.day}|${l.productId}`, [
        0,
        0,
        l.quantity,
        l.status === 'picked_up' ? l.quantity : 0,
        l.quantity * l.pointsPrice,
        l.quantity * l.costCents,
      ]);
    }
  }
  return Object.fromEntries([...out.entries()].sort());
}

async function stored(unitId: number) {
  const r = await rows<Record<string, string | number>>(
    db,
    sql`select window_month, to_char(day, 'YYYY-MM-DD') as day, product_id, orders, cancelled, units, units_picked_up,
               points, round(cost_yuan * 100) as cost_cents
          from mall_totals where org_unit_id = ${unitId} and is_leaf = 0`,
  );
  return Object.fromEntries(
    r
      .map(
        (x) =>
          [
            `${x.window_month}|${x.day}|${Number(x.product_id)}`,
            [x.orders, x.cancelled, x.units, x.units_picked_up, x.points, x.cost_cents].map(Number),
          ] as const,
      )
      .sort(),
  );
}

const units = () => [a.city, a.district, a.street, a.community, a.grid, a.estate, d.street, ...buildings];

async function compareAll() {
  const all = await raw();
  expect(Object.keys(expected(all, a.street.path)).length).toBeGreaterThan(10);
  for (const unit of units()) {
    expect(await stored(unit.id), `${unit.kind} ${unit.id}`).toEqual(expected(all, unit.path));
  }
  // The street's month report: as counting the orders gave it before the totals.
  for (const month of ['2026-11', '2026-12']) {
    const fromTotals = await totals.report(db, a.street.id, month);
    const counted = await scan.report(db, a.street.id, month);
    const norm = (r: typeof counted) => ({
      ...r,
      products: r.products.map((p) => ({ ...p, points: Number(p.points), costYuan: Number(p.costYuan) })),
    });
    expect(norm(fromTotals), month).toEqual(norm(counted));
  }
  expect(await totals.drift(db, 1000)).toEqual([]);
}

describe('maintained mall totals', () => {
  it('count a fixture of known numbers, and the month report reads them', async () => {
    // A fresh street: 抽纸 30 points (cost 12.50), 棉被 100 points (cost 40). In December's window: an order
    // of 2 抽纸 (placed), one of 1 抽纸 + 1 棉被 (picked up), one of 1 棉被 (cancelled).
    const e = await buildTree(db, { city: a.city, district: a.district });
    const tissue = { id: await product(e.street.id, '抽纸', 30, 12.5), price: 30, cost: 12.5 };
    const quilt = { id: await product(e.street.id, '棉被', 100, 40), price: 100, cost: 40 };
    const at = new Date('2026-12-01T03:00:00Z');
    await order(db, e.building, '2026-12', at, [{ ...tissue, quantity: 2 }]);
    const two = await order(db, e.building, '2026-12', at, [
      { ...tissue, quantity: 1 },
      { ...quilt, quantity: 1 },
    ]);
    const three = await order(db, e.building, '2026-12', at, [{ ...quilt, quantity: 1 }]);
    await db.execute(sql`update mall_orders set status = 'ready' where id = ${two}`);
    await db.execute(sql`update mall_orders set status = 'picked_up' where id = ${two}`);
    await db.execute(sql`update mall_orders set status = 'cancelled' where id = ${three}`);
    const eStaff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: e.street }]);
    const res = await t.app.inject({
      url: `/api/v1/mall/report?streetId=${e.street.id}&month=2026-12`,
      headers: { cookie: await login(t.app, eStaff.phone) },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().totals).toEqual({
      orders: 2,
      cancelled: 1,
      units: 4,
      points: 190,
      costYuan: 77.5,
      pointsYuan: 95,
    });
    expect(res.json().products).toMatchObject([
      { productId: tissue.id, unitsOrdered: 3, unitsPickedUp: 1, points: 90, costYuan: 37.5 },
      { productId: quilt.id, unitsOrdered: 1, unitsPickedUp: 1, points: 100, costYuan: 40 },
    ]);
    expect(await totals.pending(db)).toBe(0);
  });

  it('equal a recomputation after a random mix of changes, and a second refresh changes nothing', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      const building = pick(buildings);
      const { at, month } = someTime();
      ids.push(await order(db, building, month, at, basket(building)));
    }
    for (let i = 0; i < 40; i++) {
      const id = pick(ids);
      const step = pick(['ready', 'picked_up', 'cancelled'] as const);
      const from = step === 'ready' ? ['placed'] : step === 'picked_up' ? ['ready'] : ['placed', 'ready'];
      await db.execute(sql`update mall_orders set status = ${step}
                            where id = ${id} and status in (${sql.join(
                              from.map((f) => sql`${f}`),
                              sql`, `,
                            )})`);
    }
    // An order removed whole (lines first), as a clean-up would.
    const gone = ids.pop() as number;
    await db.execute(sql`delete from mall_order_lines where order_id = ${gone}`);
    await db.execute(sql`delete from mall_orders where id = ${gone}`);
    expect(await refresh()).toBeGreaterThan(0);
    await compareAll();
    expect(await refresh()).toBe(0);
    await compareAll();
  });

  it('equal a recomputation after redemptions and cancellations through the API in parallel, refreshes running meanwhile', async () => {
    staff.cookie = await login(t.app, staff.phone);
    // Captains of street a's buildings with points to spend.
    const rush: { cookie: string; building: Tree['building'] }[] = [];
    for (let i = 0; i < 16; i++) {
      const building = pick(buildings.slice(0, 3));
      const u = await buildUser(db, t.cipher, [{ role: 'captain', unit: building }]);
      await transaction(db, (tx) =>
        t.services.ledger.credit(tx, {
          streetId: a.street.id,
          userId: u.id,
          points: 2000,
          causeKey: `seed:${u.id}`,
          memo: '扫楼梯',
          actorUserId: null,
        }),
      );
      rush.push({ cookie: await login(t.app, u.phone), building });
    }
    const open = await rows<{ id: number }>(
      db,
      sql`select id from mall_orders where street_id = ${a.street.id} and status in ('placed', 'ready') order by id limit 6`,
    );
    const before = await rows<{ n: number }>(db, sql`select count(*)::int as n from mall_orders`);
    const results = await Promise.all([
      ...rush.map((r) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/mall/orders',
          headers: { cookie: r.cookie, 'idempotency-key': randomBytes(8).toString('hex') },
          payload: { items: basket(r.building).map((g) => ({ productId: g.id, quantity: g.quantity })) },
        }),
      ),
      ...open.map((o) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/mall/orders/${o.id}/cancel`,
          headers: { cookie: staff.cookie },
          payload: { reason: '库存调整' },
        }),
      ),
      refresh(),
      refresh(),
    ]);
    for (const r of results.slice(0, rush.length + open.length)) {
      const res = r as { statusCode: number; body: string };
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
    const after = await rows<{ n: number }>(db, sql`select count(*)::int as n from mall_orders`);
    expect(Number(after[0]?.n) - Number(before[0]?.n)).toBe(rush.length);
    await refresh();
    await compareAll();
  });

  it('come out the same from the one-pass build over many path-days', async () => {
    await db.execute(sql`insert into mall_totals_dirty (street_id, window_month, path, day)
                         select street_id, window_month, path, (created_at at time zone 'Asia/Shanghai')::date from mall_orders`);
    expect(await transaction(db, (tx) => totals.refresh(tx, { bulkOver: 0 }))).toBeGreaterThan(0);
    await compareAll();
  });

  it('the drift check finds a corrupted total, and the nightly job fails on it', async () => {
    expect(await t.services.mallTotals.drift(1000)).toEqual([]);
    const [victim] = await rows<{ day: string }>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as day from mall_totals
           where is_leaf = 0 and org_unit_id = ${a.street.id} and product_id <> 0 order by day limit 1`,
    );
    await db.execute(sql`update mall_totals set units = units + 1
                          where is_leaf = 0 and org_unit_id = ${a.street.id} and product_id <> 0
                            and day = ${victim?.day}::date
                            and product_id = (select min(product_id) from mall_totals
                                               where is_leaf = 0 and org_unit_id = ${a.street.id} and product_id <> 0
                                                 and day = ${victim?.day}::date)`);
    const found = await totals.drift(db, 100_000);
    expect(found.map((f) => [Number(f.orgUnitId), f.day])).toEqual([[a.street.id, victim?.day]]);
    await expect(t.services.mallTotals.drift(100_000)).rejects.toThrow(/mall totals drifted on 1 unit-days/);
  });
});
