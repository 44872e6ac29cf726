import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { captainWithPoints, ledgerViolations } from '../../../test/ledger';
import { rows } from '../../platform/db';

/**
 * Orders and cancellations of the same goods at once (docs/rules.md#mall): a cancellation puts its lines'
 * stock back while new orders take the same products. Both lock the product rows; were they to lock them in
 * different orders, PostgreSQL would break the deadlock by failing one side, and a caller would see a 500.
 * Every request here must succeed, and afterwards the stock is what was stocked, less what the orders still
 * standing took. PGlite has one connection, so there the requests run one after another.
 */
const PRODUCTS = 5;
const STOCK = 10_000;
const ROUNDS = 5;
const PER_ROUND = 12; // orders standing to cancel, and new orders, per round

let t: TestApp;
let tree: Tree;
const productIds: number[] = [];
let staffCookie = '';

const captain = () => captainWithPoints(t, tree, 5_000);

/** Every product, in an order that differs from caller to caller (`turn`), one to three of each. */
const basket = (turn: number) =>
  productIds
    .map((_, i) => productIds[(i + turn) % PRODUCTS] as number)
    .map((id, i) => ({ productId: id, quantity: 1 + ((i + turn) % 3) }));

const order = (cookie: string, turn: number) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/mall/orders',
    headers: { cookie, 'idempotency-key': randomBytes(8).toString('hex') },
    payload: { items: basket(turn) },
  });

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000' }, { poolSize: 10 });
  // Dec 2, 10:00 in Shanghai: the default window (1st–7th) is open.
  t.clock.set('2026-12-02T02:00:00Z');
  tree = await buildTree(t.database.db);
  const staff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: tree.street }]);
  staffCookie = await login(t.app, staff.phone);
  for (let i = 0; i < PRODUCTS; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mall/products',
      headers: { cookie: staffCookie },
      payload: { name: `商品${i}`, pointsPrice: 10 + i, stock: STOCK, unitCostYuan: 3 },
    });
    expect(res.statusCode, res.body).toBe(201);
    productIds.push(res.json().id);
  }
});
afterAll(() => t.close());

describe('orders and cancellations of the same goods at once', () => {
  it('all succeed, and the stock is what the standing orders left', async () => {
    let turn = 0;
    let standing: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = await Promise.all(Array.from({ length: PER_ROUND }, () => captain()));
      const results = await Promise.all([
        ...fresh.map((cookie) => order(cookie, turn++)),
        ...standing.map((id) =>
          t.app.inject({
            method: 'POST',
            url: `/api/v1/mall/orders/${id}/cancel`,
            headers: { cookie: staffCookie },
            payload: { reason: '库存调整' },
          }),
        ),
      ]);
      for (const res of results) expect(res.statusCode, res.body).toBeLessThan(300);
      standing = results.slice(0, fresh.length).map((res) => res.json().id as number);
    }

    // Stock left = stocked − the units of the orders not cancelled (counted from the baskets sent).
    const taken = new Map<number, number>();
    for (let k = (ROUNDS - 1) * PER_ROUND; k < ROUNDS * PER_ROUND; k++) {
      for (const line of basket(k)) taken.set(line.productId, (taken.get(line.productId) ?? 0) + line.quantity);
    }
    const stock = await rows<{ id: number; stock: number }>(
      t.database.db,
      sql`select id, stock from mall_products where street_id = ${tree.street.id} order by id`,
    );
    expect(stock.map((p) => [Number(p.id), Number(p.stock)])).toEqual(
      productIds.map((id) => [id, STOCK - (taken.get(id) ?? 0)]),
    );
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });
});
