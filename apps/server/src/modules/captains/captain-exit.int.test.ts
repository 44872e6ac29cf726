import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * Exit (docs/rules.md#captains): an exited captain keeps redeeming their points for the street's period
 * (default 90 days), then the balance expires through the ledger once, however many times and however
 * concurrently the job runs.
 */
let t: TestApp;
let a: Tree;
let street: string;
let community: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp({}, { poolSize: 10 });
  a = await buildTree(t.database.db);
  street = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: a.street }])).phone,
  );
  community = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
});
afterAll(() => t.close());

const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });

async function exitedCaptainWith(points: number) {
  const u = await buildUser(t.database.db, t.cipher, [], '退出楼长');
  expect(
    (await call(community, 'POST', `/api/v1/buildings/${a.building.id}/captains`, { userId: u.id })).statusCode,
  ).toBe(200);
  await t.database.db.transaction((tx) =>
    t.services.ledger.credit(tx as never, {
      streetId: a.street.id,
      userId: u.id,
      points,
      causeKey: `chore_submission:exit-${u.id}`,
      memo: '扫楼梯',
      actorUserId: null,
    }),
  );
  const exit = await call(community, 'POST', `/api/v1/captains/${u.id}/status`, {
    status: 'exited',
    reason: '搬离本小区',
    version: 1,
  });
  expect(exit.statusCode, exit.body).toBe(200);
  return { ...u, exitedAt: new Date(exit.json().exitedAt), redeemableUntil: exit.json().redeemableUntil as string };
}

const expiries = (userId: number) =>
  rows<{ amount: number }>(
    t.database.db,
    sql`select p.amount from point_entries e join point_postings p on p.entry_id = e.id
          join point_accounts acc on acc.id = p.account_id
         where e.kind = 'expiry' and acc.owner_key = ${`captain:${userId}`}`,
  );

describe('captain exit', () => {
  it('keeps points redeemable for 90 days, then expires them once under two concurrent runs', async () => {
    t.clock.set('2026-11-02T02:00:00Z');
    const c = await exitedCaptainWith(120);
    expect(c.redeemableUntil).toBe(new Date(c.exitedAt.getTime() + 90 * DAY).toISOString());
    // Within the period the exited captain still redeems (this month's window is open on the 2nd).
    const product = await call(street, 'POST', '/api/v1/mall/products', {
      streetId: a.street.id,
      name: '抽纸',
      pointsPrice: 20,
      stock: 10,
      unitCostYuan: 10,
    });
    expect(product.statusCode, product.body).toBe(201);
    const me = await login(t.app, c.phone);
    expect((await call(me, 'GET', '/api/v1/mall/products')).statusCode).toBe(200);
    const order = await call(me, 'POST', '/api/v1/mall/orders', {
      items: [{ productId: product.json().id, quantity: 1 }],
    });
    expect(order.statusCode, order.body).toBe(201);
    expect(await t.services.ledger.balanceOf(t.database.db, a.street.id, c.id)).toBe(100);

    // Day 89: nothing expires.
    t.clock.set(new Date(c.exitedAt.getTime() + 89 * DAY));
    expect(await t.services.captainRecords.expireExitedPoints(t.clock.now())).toEqual({ expired: 0, points: 0 });
    expect(await t.services.ledger.balanceOf(t.database.db, a.street.id, c.id)).toBe(100);

    // Day 90: two runs at once (PGlite serialises them on its one connection; PostgreSQL races them).
    t.clock.set(new Date(c.exitedAt.getTime() + 90 * DAY));
    const runs = await Promise.all([
      t.services.captainRecords.expireExitedPoints(t.clock.now()),
      t.services.captainRecords.expireExitedPoints(t.clock.now()),
    ]);
    expect(runs.reduce((s, r) => s + r.points, 0)).toBe(100);
    expect((await expiries(c.id)).map((r) => Number(r.amount))).toEqual([-100]);
    expect(await t.services.ledger.balanceOf(t.database.db, a.street.id, c.id)).toBe(0);
    // A later run changes nothing; the mall no longer takes them.
    await t.services.captainRecords.expireExitedPoints(new Date(t.clock.now().getTime() + DAY));
    expect(await expiries(c.id)).toHaveLength(1);
    const late = await call(await login(t.app, c.phone), 'GET', '/api/v1/mall/products');
    expect(late.statusCode).toBe(403);
    // The street's entries still sum to zero.
    const [sum] = await rows<{ s: number }>(
      t.database.db,
      sql`select coalesce(sum(amount), 0)::int as s from point_postings where street_id = ${a.street.id}`,
    );
    expect(Number(sum?.s)).toBe(0);
    t.clock.set('2026-11-02T02:00:00Z');
  });

  it('follows the street’s period when it sets one', async () => {
    t.clock.set('2026-11-02T02:00:00Z');
    const set = await call(street, 'PUT', '/api/v1/captain-settings', { streetId: a.street.id, exitRedeemDays: 30 });
    expect(set.statusCode, set.body).toBe(200);
    const c = await exitedCaptainWith(40);
    expect(c.redeemableUntil).toBe(new Date(c.exitedAt.getTime() + 30 * DAY).toISOString());
    expect((await t.services.captainRecords.expireExitedPoints(new Date(c.exitedAt.getTime() + 29 * DAY))).points).toBe(
      0,
    );
    await t.services.captainRecords.expireExitedPoints(new Date(c.exitedAt.getTime() + 30 * DAY));
    expect((await expiries(c.id)).map((r) => Number(r.amount))).toEqual([-40]);
  });
});
