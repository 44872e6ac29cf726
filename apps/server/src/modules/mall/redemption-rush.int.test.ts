import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { ledgerViolations } from '../../../test/ledger';
import { rows, transaction } from '../../platform/db';
import { captainKey, ISSUANCE } from '../points/ledger.service';

/**
 * The opening-day rush (docs/rules.md#mall, §6): 2,000 captains with points to spare order at once against
 * 300 units of stock, a fifth of them retrying with the same Idempotency-Key while the first attempt
 * is still in flight. Afterwards: no oversell, no negative balance, no double order, the ledger
 * balanced, every loser told SOLD_OUT and charged nothing.
 */
const CAPTAINS = 2000;
const START_BALANCE = 1000;
const STOCKS = [100, 80, 60, 40, 20]; // 300 units in all
const PRICES = [30, 45, 120, 200, 600];

let t: TestApp;
let tree: Tree;
let streetId: number;
const productIds: number[] = [];
let captains: { id: number; cookie: string }[] = [];

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000' }, { poolSize: 12 });
  const db = t.database.db;
  tree = await buildTree(db);
  streetId = tree.street.id;
  const buildings = [tree.building, ...(await Promise.all([1, 2, 3].map(() => child(db, tree.estate, 'building'))))];
  const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: tree.street }]);
  const staffCookie = await login(t.app, staff.phone);
  for (const [i, stock] of STOCKS.entries()) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mall/products',
      headers: { cookie: staffCookie },
      payload: { name: `商品${i}`, pointsPrice: PRICES[i], stock, unitCostYuan: 10 },
    });
    productIds.push(res.json().id);
  }

  // 2,000 captains, their bindings and sessions in bulk SQL (signing each in would cost an argon2 hash).
  const now = t.clock.now().toISOString();
  const ids = await rows<{ id: number }>(
    db,
    sql`insert into users (name, phone_enc, phone_hash, password_hash, created_at)
        select '抢购楼长' || g, 'x', 'rush-' || g || '-' || ${randomBytes(4).toString('hex')}, 'x', ${now}::timestamptz
        from generate_series(1, ${CAPTAINS}) g returning id`,
  );
  captains = ids.map((r) => ({ id: r.id, cookie: '' }));
  const tokens = captains.map(() => randomBytes(24).toString('base64url'));
  for (let i = 0; i < captains.length; i += 500) {
    const chunk = captains.slice(i, i + 500);
    await db.execute(
      sql`insert into role_bindings (user_id, role, org_unit_id, street_id) values ${sql.join(
        chunk.map((c, j) => sql`(${c.id}, 'captain', ${buildings[(i + j) % buildings.length]!.id}, ${streetId})`),
        sql`, `,
      )}`,
    );
    await db.execute(
      sql`insert into sessions (token_hash, user_id, created_at, last_seen_at) values ${sql.join(
        chunk.map(
          (c, j) =>
            sql`(${createHash('sha256')
              .update(tokens[i + j]!)
              .digest('base64url')}, ${c.id}, ${now}::timestamptz, ${now}::timestamptz)`,
        ),
        sql`, `,
      )}`,
    );
  }
  captains = captains.map((c, i) => ({ ...c, cookie: `lz_session=${tokens[i]}` }));
  // One ledger entry: the street issues START_BALANCE points to each of the 2,000.
  await transaction(db, async (tx) => {
    await t.services.ledger.ensureAccounts(
      tx,
      streetId,
      captains.map((c) => c.id),
    );
    await t.services.ledger.post(tx, {
      streetId,
      kind: 'honour_bonus',
      causeKey: 'rush-seed',
      memo: '测试发放',
      actorUserId: null,
      legs: [
        { ownerKey: ISSUANCE, amount: -START_BALANCE * CAPTAINS },
        ...captains.map((c) => ({ ownerKey: captainKey(c.id), amount: START_BALANCE })),
      ],
    });
  });
}, 600_000);
afterAll(() => t.close());

/** What captain i asks for: one or two products, spread so that every product is contended. */
function basket(i: number): { productId: number; quantity: number }[] {
  const first = productIds[i % productIds.length]!;
  if (i % 3 !== 0) return [{ productId: first, quantity: 1 }];
  const second = productIds[(i + 2) % productIds.length]!;
  return [
    { productId: first, quantity: 1 },
    { productId: second, quantity: 1 },
  ];
}

describe('the redemption rush', () => {
  it('sells no more than the stock, charges only winners, and keeps every invariant', async () => {
    const db = t.database.db;
    const fire = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/mall/orders',
        headers: { cookie: captains[i]!.cookie, 'idempotency-key': `rush-${i}-key` },
        payload: { items: basket(i) },
      });
    const requests: Promise<{
      i: number;
      status: number;
      body: { id?: number; pointsTotal?: number; error?: { code: string } };
    }>[] = [];
    for (let i = 0; i < CAPTAINS; i++) {
      const attempts = i % 5 === 0 ? 2 : 1; // 20 % retried with the same key, concurrently
      for (let k = 0; k < attempts; k++) {
        requests.push(fire(i).then((r) => ({ i, status: r.statusCode, body: r.json() })));
      }
    }
    const results = await Promise.all(requests);

    const statuses = new Map<string, number>();
    for (const r of results) {
      const k = `${r.status} ${r.body.error?.code ?? ''}`;
      statuses.set(k, (statuses.get(k) ?? 0) + 1);
    }
    // Every answer is an order or SOLD_OUT: nothing else, no 5xx.
    expect([...statuses.keys()].sort()).toEqual(
      [...statuses.keys()].filter((k) => k === '201 ' || k === '409 SOLD_OUT').sort(),
    );

    const byCaptain = new Map<number, typeof results>();
    for (const r of results) byCaptain.set(r.i, [...(byCaptain.get(r.i) ?? []), r]);
    // A retry answers what the first attempt did: the same order, or SOLD_OUT again.
    for (const rs of byCaptain.values()) {
      if (rs.length === 2) {
        expect(rs[0]!.status).toBe(rs[1]!.status);
        if (rs[0]!.status === 201) expect(rs[0]!.body.id).toBe(rs[1]!.body.id);
      }
    }

    const products = await rows<{ id: number; stock: number }>(
      db,
      sql`select id, stock from mall_products where street_id = ${streetId}`,
    );
    expect(products.every((p) => p.stock >= 0)).toBe(true);
    const [sold] = await rows<{ units: number; orders: number }>(
      db,
      sql`select coalesce(sum(l.quantity), 0)::int as units, count(distinct o.id)::int as orders
          from mall_orders o join mall_order_lines l on l.order_id = o.id where o.street_id = ${streetId}`,
    );
    const remaining = products.reduce((s, p) => s + p.stock, 0);
    expect(sold!.units + remaining).toBe(300);
    expect(sold!.units).toBeGreaterThan(250); // the rush sold (nearly) everything
    const winners = [...byCaptain.values()].filter((rs) => rs[0]!.status === 201);
    expect(winners.length).toBe(sold!.orders);

    const doubles = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from (select user_id from mall_orders where street_id = ${streetId}
          group by user_id, window_month having count(*) > 1) d`,
    );
    expect(doubles[0]!.n).toBe(0);

    expect(await ledgerViolations(db)).toEqual([]);

    const balances = new Map(
      (
        await rows<{ userId: number; balance: number }>(
          db,
          sql`select user_id as "userId", balance from point_accounts where street_id = ${streetId} and kind = 'captain'`,
        )
      ).map((r) => [r.userId, r.balance]),
    );
    // What each basket costs, from the price list above, not from the answers under test.
    const priceOf = (i: number) =>
      basket(i).reduce((s, l) => s + (PRICES[productIds.indexOf(l.productId)] as number) * l.quantity, 0);
    for (const [i, rs] of byCaptain) {
      const first = rs[0]!;
      const expected = first.status === 201 ? START_BALANCE - priceOf(i) : START_BALANCE;
      expect(balances.get(captains[i]!.id)).toBe(expected);
      if (first.status === 201) expect(first.body.pointsTotal).toBe(priceOf(i));
    }
    const [sink] = await rows<{ balance: number }>(
      db,
      sql`select sum(p.amount)::bigint as balance from point_postings p join point_accounts a on a.id = p.account_id
           where a.street_id = ${streetId} and a.kind = 'mall_sink'`,
    );
    expect(sink!.balance).toBe(winners.reduce((s, rs) => s + priceOf(rs[0]!.i), 0));
  }, 600_000);
});
