import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, behindTheCachesBack } from '../../../test/behind-the-back';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { captainWithPoints } from '../../../test/ledger';
import { besidesSession, statementsSent } from '../../../test/statements';
import { rows } from '../../platform/db';

/**
 * The mall's sold-out cache (docs/ARCHITECTURE.md#sold-out-goods). Which answer came from memory is made
 * visible by changing a good behind the cache's back: with `session_replication_role = replica` the
 * trigger that notifies the server does not fire, so only a good kept in memory is still refused once
 * stock is back. A change made the normal way must reach the server within moments; an order taking
 * stock (the stock falls, nothing else changes) must not make every server forget.
 */
const ON_POSTGRES = !!process.env.DATABASE_URL;

let t: TestApp;
let tree: Tree;
let admin: pg.Client | null = null;
const goods: Record<'tissue' | 'rice' | 'soap', number> = { tissue: 0, rice: 0, soap: 0 };
let n = 0;

beforeAll(async () => {
  // Every test signs in new captains (one order per window each): more than the default login rate allows.
  t = await startTestApp({ SOLD_OUT_CACHE_SECONDS: '600', LOGIN_RATE_PER_MINUTE: '1000' }, { poolSize: 4 });
  tree = await buildTree(t.database.db);
  const staff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: tree.street }]);
  const staffCookie = await login(t.app, staff.phone);
  for (const [k, name, stock] of [
    ['tissue', '抽纸', 0],
    ['rice', '大米 5kg', 3],
    ['soap', '洗衣皂', 0],
  ] as const) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mall/products',
      headers: { cookie: staffCookie },
      payload: { name, pointsPrice: 100, stock, unitCostYuan: 12 },
    });
    expect(res.statusCode, res.body).toBe(201);
    goods[k] = res.json().id;
  }
  if (ON_POSTGRES) admin = await adminClient(t.database.db);
});
afterAll(async () => {
  await admin?.end();
  await t.close();
});

/** A captain of the building with 300 points, signed in (one order per window each: tests take a new one). */
const newCaptain = () => captainWithPoints(t, tree, 300);

const order = (cookie: string, productId: number, key = `sold-out-${++n}-${Date.now()}`) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/mall/orders',
    payload: { items: [{ productId, quantity: 1 }] },
    headers: { cookie, 'idempotency-key': key },
  });

const codeOf = (res: Awaited<ReturnType<typeof order>>) =>
  res.statusCode === 201 ? 'PLACED' : (res.json().error.code as string);

/** Orders (each time as a new captain) until one is answered `want` (≤ 20 tries, 0.1 s apart): a notification takes a moment. */
async function eventually(productId: number, want: string): Promise<string> {
  let got = codeOf(await order(await newCaptain(), productId));
  for (let i = 1; i < 20 && got !== want; i++) {
    await new Promise((r) => setTimeout(r, 100));
    got = codeOf(await order(await newCaptain(), productId));
  }
  return got;
}

const setStock = (productId: number, stock: number) =>
  rows(t.database.db, sql`update mall_products set stock = ${stock} where id = ${productId}`);

const setWindow = (start: number, end: number) =>
  rows(
    t.database.db,
    sql`insert into mall_settings (street_id, window_start_day, window_end_day) values (${tree.street.id}, ${start}, ${end})
        on conflict (street_id) do update set window_start_day = ${start}, window_end_day = ${end}`,
  );

const parsed = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

describe('orders asking only for goods known sold out, read together', () => {
  it('reads every one asked in the same turn of the event loop with one statement, each with its own answer', async () => {
    await setWindow(1, 20);
    await setStock(goods.rice, 1);
    const key = `batched-${Date.now()}`;
    const placed = await order(await newCaptain(), goods.rice, key);
    expect(placed.statusCode, placed.body).toBe(201);
    const buyer = placed.json().userId as number;
    const soldOut = t.services.soldOutGoods;
    const { value, sent } = await statementsSent(t.database, () =>
      Promise.all([
        soldOut.read({ streetId: tree.street.id, userId: buyer, key }),
        soldOut.read({ streetId: tree.street.id, userId: buyer, key: 'never-used-key' }),
        soldOut.read({ streetId: tree.street.id, userId: buyer + 1, key }),
        soldOut.read({ streetId: tree.street.id, userId: buyer, key: null }),
        soldOut.read({ streetId: 987_654_321, userId: buyer, key }),
      ]),
    );
    expect(sent).toHaveLength(1);
    const streetWindow = { windowStartDay: 1, windowEndDay: 20 };
    // A street with no settings row has the table's defaults (days 1–7).
    const defaults = { windowStartDay: 1, windowEndDay: 7 };
    expect(value.map((v) => v.window)).toEqual([streetWindow, streetWindow, streetWindow, streetWindow, defaults]);
    const stored = value.map((v) => parsed(v.stored));
    expect(stored[0]).toEqual({ requestHash: expect.any(String), response: placed.json() });
    expect(stored[4]).toEqual(stored[0]);
    expect(stored.slice(1, 4)).toEqual([null, null, null]);
    await setStock(goods.rice, 3);
  });
});

if (!ON_POSTGRES) {
  describe('sold-out cache on PGlite', () => {
    it('never serves, as PGlite has no notifications: every order reads its goods', async () => {
      expect(t.services.soldOutGoods.serving).toBe(false);
      const captain = await newCaptain();
      expect(codeOf(await order(captain, goods.tissue))).toBe('SOLD_OUT');
      const { value, sent } = await statementsSent(t.database, () => order(captain, goods.tissue));
      expect(codeOf(value)).toBe('SOLD_OUT');
      expect(besidesSession(sent).some((s) => s.includes('mall_products'))).toBe(true);
    });
  });
}

if (ON_POSTGRES) {
  describe('sold-out cache on PostgreSQL', () => {
    beforeAll(async () => {
      const deadline = Date.now() + 5_000;
      while (!t.services.soldOutGoods.serving && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(t.services.soldOutGoods.serving).toBe(true);
    });

    it('refuses a good it read sold out with one statement that leaves mall_products alone', async () => {
      const captain = await newCaptain();
      expect(codeOf(await order(captain, goods.tissue))).toBe('SOLD_OUT'); // read, and kept
      const { value, sent } = await statementsSent(t.database, () => order(captain, goods.tissue));
      expect(codeOf(value)).toBe('SOLD_OUT');
      const own = besidesSession(sent);
      expect(own).toHaveLength(1);
      expect(own.some((s) => s.includes('mall_products'))).toBe(false);
    });

    it('refuses from memory until the database says otherwise, then places the order', async () => {
      expect(codeOf(await order(await newCaptain(), goods.tissue))).toBe('SOLD_OUT');
      // Stock comes back without the server being told: the good kept in memory is still refused.
      await behindTheCachesBack(admin, 'update mall_products set stock = 5 where id = $1', [goods.tissue]);
      expect(codeOf(await order(await newCaptain(), goods.tissue))).toBe('SOLD_OUT');
      // Stock put back the normal way reaches every server.
      await setStock(goods.tissue, 5);
      expect(await eventually(goods.tissue, 'PLACED')).toBe('PLACED');
      await setStock(goods.tissue, 0);
      expect(await eventually(goods.tissue, 'SOLD_OUT')).toBe('SOLD_OUT');
    });

    it('is not told of an order taking stock: other goods stay known sold out', async () => {
      expect(codeOf(await order(await newCaptain(), goods.soap))).toBe('SOLD_OUT');
      await behindTheCachesBack(admin, 'update mall_products set stock = 5 where id = $1', [goods.soap]);
      // Rice is ordered (its stock falls): had that notified, soap would be read again and found in stock.
      expect(codeOf(await order(await newCaptain(), goods.rice))).toBe('PLACED');
      await new Promise((r) => setTimeout(r, 300));
      expect(codeOf(await order(await newCaptain(), goods.soap))).toBe('SOLD_OUT');
      await setStock(goods.soap, 0);
    });

    it('is told of any other edit of a good: taken off the shelf, it is refused as unavailable', async () => {
      expect(codeOf(await order(await newCaptain(), goods.tissue))).toBe('SOLD_OUT');
      await rows(t.database.db, sql`update mall_products set is_active = false where id = ${goods.tissue}`);
      expect(await eventually(goods.tissue, 'PRODUCT_UNAVAILABLE')).toBe('PRODUCT_UNAVAILABLE');
      await rows(t.database.db, sql`update mall_products set is_active = true where id = ${goods.tissue}`);
    });

    it('answers a retry of a placed order with its stored answer once the good is known sold out', async () => {
      const captain = await newCaptain();
      await setStock(goods.rice, 1);
      await eventually(goods.soap, 'SOLD_OUT'); // the notification of rice's stock has arrived
      const key = `sold-out-retry-${Date.now()}`;
      const placed = await order(captain, goods.rice, key);
      expect(placed.statusCode, placed.body).toBe(201);
      expect(codeOf(await order(await newCaptain(), goods.rice))).toBe('SOLD_OUT'); // rice now kept sold out
      const { value, sent } = await statementsSent(t.database, () => order(captain, goods.rice, key));
      expect(value.statusCode).toBe(201);
      expect(value.json()).toEqual(placed.json());
      expect(besidesSession(sent).some((s) => s.includes('mall_products'))).toBe(false);
    });

    it('answers refusals arriving together each on its own: sold out, a retry, a key reused; never reads the goods', async () => {
      await setStock(goods.rice, 1);
      await eventually(goods.soap, 'SOLD_OUT'); // rice's notification has arrived
      const buyer = await newCaptain();
      const key = `sold-out-together-${Date.now()}`;
      const placed = await order(buyer, goods.rice, key);
      expect(placed.statusCode, placed.body).toBe(201);
      expect(codeOf(await order(await newCaptain(), goods.rice))).toBe('SOLD_OUT'); // rice now kept sold out
      const captains = await Promise.all(Array.from({ length: 10 }, () => newCaptain()));
      const { value, sent } = await statementsSent(t.database, () =>
        Promise.all([
          ...captains.map((c, i) => order(c, i % 2 ? goods.soap : goods.rice)),
          order(buyer, goods.rice, key), // the retry of the placed order
          order(buyer, goods.soap, key), // the same key for another request
        ]),
      );
      expect(value.map(codeOf)).toEqual([...captains.map(() => 'SOLD_OUT'), 'PLACED', 'IDEMPOTENCY_KEY_REUSED']);
      expect(value[10]?.json()).toEqual(placed.json());
      const own = besidesSession(sent);
      expect(own.some((s) => s.includes('mall_products'))).toBe(false);
      // At most one read per order; how many arrive in one turn of the event loop is up to the scheduler.
      expect(own.length).toBeLessThanOrEqual(12);
    });

    it('refuses with the window closed when the goods are known sold out', async () => {
      expect(codeOf(await order(await newCaptain(), goods.soap))).toBe('SOLD_OUT');
      await setWindow(20, 28); // the test clock stands on the 2nd
      try {
        expect(codeOf(await order(await newCaptain(), goods.soap))).toBe('WINDOW_CLOSED');
      } finally {
        await setWindow(1, 20);
      }
    });
  });
}
