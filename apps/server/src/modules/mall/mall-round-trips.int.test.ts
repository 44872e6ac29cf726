import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { balanceOf } from '../../../test/ledger';
import { besidesSession, statementsSent } from '../../../test/statements';
import { rows, transaction } from '../../platform/db';

/**
 * What a redemption costs the database (docs/ARCHITECTURE.md, "Round trips of the hot paths"): one read
 * carries the window, the goods, the ledger's accounts and the key's stored answer, and the order is one
 * statement. The opening-day rush is mostly refusals and retries, so those cost the one read alone. The
 * session's own lookup is left out: cached on PostgreSQL, read on every request on PGlite.
 */
let t: TestApp;
let tree: Tree;
let cookie: string;
let userId: number;
const goods: Record<'rice' | 'tissue', number> = { rice: 0, tissue: 0 };
let n = 0;
const newKey = () => `trips-key-${++n}-${Date.now()}`;

/** The last order id and ledger entry id drawn from their sequences (reading them draws none). */
const lastDrawn = async () =>
  (
    await rows<{ orders: unknown; entries: unknown }>(
      t.database.db,
      sql`select pg_sequence_last_value(pg_get_serial_sequence('mall_orders', 'id')::regclass) as orders,
                 pg_sequence_last_value(pg_get_serial_sequence('point_entries', 'id')::regclass) as entries`,
    )
  ).map((r) => ({ orders: Number(r.orders ?? 0), entries: Number(r.entries ?? 0) }))[0];

const send = (productId: number, idem?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/mall/orders',
    payload: { items: [{ productId, quantity: 1 }] },
    headers: { cookie, ...(idem ? { 'idempotency-key': idem } : {}) },
  });

beforeAll(async () => {
  t = await startTestApp();
  tree = await buildTree(t.database.db);
  const staff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: tree.street }]);
  const staffCookie = await login(t.app, staff.phone);
  for (const [k, stock] of [
    ['rice', 5],
    ['tissue', 0],
  ] as const) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mall/products',
      headers: { cookie: staffCookie },
      payload: { name: k === 'rice' ? '大米 5kg' : '抽纸', pointsPrice: 120, stock, unitCostYuan: 45.5 },
    });
    expect(res.statusCode).toBe(201);
    goods[k] = res.json().id;
  }
  const captain = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: tree.building }]);
  userId = captain.id;
  cookie = await login(t.app, captain.phone);
  await transaction(t.database.db, (tx) =>
    t.services.ledger.credit(tx, {
      streetId: tree.street.id,
      userId,
      points: 200,
      causeKey: 'seed:trips',
      memo: '扫楼梯',
      actorUserId: null,
    }),
  );
});
afterAll(() => t.close());

describe('a redemption’s round trips', () => {
  it('refuses sold-out goods with one statement, with a key or without, and draws no ids for them', async () => {
    const before = await lastDrawn();
    const keyed = await statementsSent(t.database, () => send(goods.tissue, newKey()));
    expect(keyed.value.json().error.code).toBe('SOLD_OUT');
    expect(besidesSession(keyed.sent)).toHaveLength(1);
    const bare = await statementsSent(t.database, () => send(goods.tissue));
    expect(bare.value.json().error.code).toBe('SOLD_OUT');
    expect(besidesSession(bare.sent)).toHaveLength(1);
    // Mostly refusals in an opening rush: neither the order's id nor the ledger entry's is drawn for one.
    expect(await lastDrawn()).toEqual(before);
  });

  it('places an order with two, and answers its retry from the stored answer with one', async () => {
    const key = newKey();
    const before = await lastDrawn();
    const placed = await statementsSent(t.database, () => send(goods.rice, key));
    expect(placed.value.statusCode).toBe(201);
    const after = await lastDrawn();
    expect(after?.orders).toBeGreaterThan(before?.orders ?? 0);
    expect(after?.entries).toBeGreaterThan(before?.entries ?? 0);
    expect(besidesSession(placed.sent)).toHaveLength(2);
    expect(await balanceOf(t.database.db, tree.street.id, userId)).toBe(200 - 120);

    const retry = await statementsSent(t.database, () => send(goods.rice, key));
    expect(retry.value.statusCode).toBe(201);
    expect(retry.value.json()).toEqual(placed.value.json());
    expect(besidesSession(retry.sent)).toHaveLength(1);
    expect(await balanceOf(t.database.db, tree.street.id, userId)).toBe(80);

    // The same key for another body: refused from that one read too.
    const reused = await statementsSent(t.database, () => send(goods.tissue, key));
    expect(reused.value.statusCode).toBe(409);
    expect(reused.value.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(besidesSession(reused.sent)).toHaveLength(1);
  });
});
