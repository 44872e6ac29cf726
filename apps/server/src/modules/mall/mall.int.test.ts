import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { balanceOf, ledgerViolations } from '../../../test/ledger';
import { jpeg } from '../../../test/world';
import { rows, transaction } from '../../platform/db';

let t: TestApp;
let a: Tree;
let b: Tree;
let other: Tree;
let streetId: number;
const users: Record<string, { id: number; phone: string }> = {};
const cookies: Record<string, string> = {};
const product: Record<string, number> = {};
let key = 0;
const newKey = () => `test-key-${++key}-${Date.now()}`;

const credit = (userId: number, points: number, cause: string) =>
  transaction(t.database.db, (tx) =>
    t.services.ledger.credit(tx, { streetId, userId, points, causeKey: cause, memo: '扫楼梯', actorUserId: null }),
  );
const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
const post = (who: string, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, ...headers } });
const order = (who: string, items: { productId: number; quantity: number }[], idem = newKey()) =>
  post(who, '/api/v1/mall/orders', { items }, { 'idempotency-key': idem });
const stockOf = async (id: number) =>
  (await rows<{ stock: number }>(t.database.db, sql`select stock from mall_products where id = ${id}`))[0]?.stock;
/** Sessions time out when the clock jumps days ahead: sign everyone in again at the new time. */
const setClock = async (at: string) => {
  t.clock.set(at);
  for (const k of Object.keys(users)) cookies[k] = await login(t.app, users[k]!.phone);
};
const bal = (who: string) => balanceOf(t.database.db, streetId, users[who]!.id);

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000' });
  const db = t.database.db;
  a = await buildTree(db);
  b = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  other = await buildTree(db, { city: a.city, district: a.district });
  streetId = a.street.id;
  const spec = {
    captain: [{ role: 'captain', unit: a.building }],
    captain2: [{ role: 'captain', unit: a.building }],
    captainB: [{ role: 'captain', unit: b.building }],
    poor: [{ role: 'captain', unit: a.building }],
    communityA: [{ role: 'community_staff', unit: a.community }],
    communityB: [{ role: 'community_staff', unit: b.community }],
    street: [{ role: 'street_staff', unit: a.street }],
    otherStreet: [{ role: 'street_staff', unit: other.street }],
    resident: [{ role: 'resident', unit: a.building }],
  } as const;
  for (const [k, roles] of Object.entries(spec)) {
    users[k] = await buildUser(db, t.cipher, roles.map((r) => ({ ...r })) as never);
    cookies[k] = await login(t.app, users[k].phone);
  }
  for (const who of ['captain', 'captain2', 'captainB']) await credit(users[who]!.id, 1000, `seed:${who}`);
  await credit(users.poor!.id, 20, 'seed:poor');
});
afterAll(() => t.close());

describe('goods', () => {
  it('lets street staff add goods, once per Idempotency-Key', async () => {
    const body = { name: '大米 5kg', pointsPrice: 120, stock: 10, unitCostYuan: 45.5, perPersonLimit: 2 };
    const idem = newKey();
    const first = await post('street', '/api/v1/mall/products', body, { 'idempotency-key': idem });
    expect(first.statusCode).toBe(201);
    const again = await post('street', '/api/v1/mall/products', body, { 'idempotency-key': idem });
    expect(again.json()).toEqual(first.json());
    const changed = await post('street', '/api/v1/mall/products', { ...body, stock: 11 }, { 'idempotency-key': idem });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    product.rice = first.json().id;
    for (const [k, p] of Object.entries({
      tissue: { name: '抽纸（一提）', pointsPrice: 30, stock: 1, unitCostYuan: 12 },
      oil: { name: '食用油 5L', pointsPrice: 200, stock: 5, unitCostYuan: 79.9 },
      quilt: { name: '棉被', pointsPrice: 600, stock: 2, unitCostYuan: 150 },
    })) {
      const res = await post('street', '/api/v1/mall/products', p);
      expect(res.statusCode).toBe(201);
      product[k] = res.json().id;
    }
    const foreign = await post('otherStreet', '/api/v1/mall/products', {
      name: '洗衣粉',
      pointsPrice: 40,
      stock: 9,
      unitCostYuan: 15,
    });
    product.foreign = foreign.json().id;
    expect((await post('captain', '/api/v1/mall/products', body)).statusCode).toBe(403);
    expect((await post('otherStreet', '/api/v1/mall/products', { ...body, streetId })).statusCode).toBe(404);
  });

  it('shows a captain the goods of their street with this month’s window (Asia/Shanghai)', async () => {
    const res = await get('captain', '/api/v1/mall/products');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.window).toMatchObject({ month: '2026-11', isOpen: true, opensAt: '2026-10-31T16:00:00.000Z' });
    expect(body.items.map((p: { id: number }) => p.id).sort()).toEqual(
      [product.rice, product.tissue, product.oil, product.quilt].sort(),
    );
  });
});

describe('redeeming', () => {
  let firstOrder: { id: number; pickupCode: string };
  let firstKey: string;

  it('takes stock and points together and gives a pick-up code', async () => {
    firstKey = newKey();
    const res = await order(
      'captain',
      [
        { productId: product.rice!, quantity: 2 },
        { productId: product.oil!, quantity: 1 },
      ],
      firstKey,
    );
    expect(res.statusCode).toBe(201);
    firstOrder = res.json();
    expect(res.json()).toMatchObject({
      status: 'placed',
      pointsTotal: 440,
      costTotalYuan: 170.9,
      windowMonth: '2026-11',
    });
    expect(firstOrder.pickupCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(await bal('captain')).toBe(560);
    expect(await stockOf(product.rice!)).toBe(8);
    expect(await stockOf(product.oil!)).toBe(4);
    const me = (await get('captain', '/api/v1/points/me')).json();
    expect(me.items[0]).toMatchObject({ kind: 'redemption', amount: -440 });
  });

  it('answers a retry with the same key with the stored order, charging nothing more', async () => {
    const retry = await order(
      'captain',
      [
        { productId: product.rice!, quantity: 2 },
        { productId: product.oil!, quantity: 1 },
      ],
      firstKey,
    );
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(firstOrder);
    expect(await bal('captain')).toBe(560);
    const reused = await order('captain', [{ productId: product.rice!, quantity: 1 }], firstKey);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a second order in the same window and changes nothing', async () => {
    const res = await order('captain', [{ productId: product.rice!, quantity: 1 }]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ORDER_LIMIT_REACHED');
    expect(await bal('captain')).toBe(560);
    expect(await stockOf(product.rice!)).toBe(8);
  });

  it('refuses more than the per-person limit', async () => {
    const res = await order('captain2', [{ productId: product.rice!, quantity: 3 }]);
    expect(res.json().error.code).toBe('PER_PERSON_LIMIT');
    expect(res.statusCode).toBe(422);
    expect(await stockOf(product.rice!)).toBe(8);
  });

  it('refuses an order the captain cannot pay for, keeping the stock', async () => {
    const res = await order('poor', [{ productId: product.oil!, quantity: 1 }]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INSUFFICIENT_POINTS');
    expect(res.json().error.message).toBe('积分不足');
    expect(await stockOf(product.oil!)).toBe(4);
    expect(await bal('poor')).toBe(20);
  });

  it('tells the loser of the last item “sold out” and charges nothing', async () => {
    const win = await order('captain2', [{ productId: product.tissue!, quantity: 1 }]);
    expect(win.statusCode).toBe(201);
    const lose = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mall/orders',
      payload: {
        items: [
          { productId: product.tissue!, quantity: 1 },
          { productId: product.rice!, quantity: 1 },
        ],
      },
      headers: { cookie: cookies.captainB!, 'accept-language': 'en' },
    });
    expect(lose.statusCode).toBe(409);
    expect(lose.json().error).toMatchObject({ code: 'SOLD_OUT', message: 'Sold out; no points were charged' });
    expect(await bal('captainB')).toBe(1000);
    expect(await stockOf(product.rice!)).toBe(8);
    expect(await stockOf(product.tissue!)).toBe(0);
  });

  it('refuses goods of another street and people who are not captains', async () => {
    expect((await order('captainB', [{ productId: product.foreign!, quantity: 1 }])).json().error.code).toBe(
      'PRODUCT_UNAVAILABLE',
    );
    const res = await order('resident', [{ productId: product.rice!, quantity: 1 }]);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NOT_A_CAPTAIN');
  });

  it('refuses orders outside the window and opens again next month', async () => {
    await setClock('2026-11-07T16:00:00Z'); // 2026-11-08 00:00 in Shanghai
    const closed = await order('captainB', [{ productId: product.rice!, quantity: 1 }]);
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('WINDOW_CLOSED');
    expect((await get('captainB', '/api/v1/mall/products')).json().window.isOpen).toBe(false);
    await setClock('2026-11-30T16:00:00Z'); // 2026-12-01 00:00 in Shanghai
    const next = await order('captain2', [{ productId: product.rice!, quantity: 1 }]);
    expect(next.statusCode).toBe(201);
    expect(next.json().windowMonth).toBe('2026-12');
    await setClock('2026-11-02T02:00:00Z');
  });

  it('lets the street move its window days, no one outside it', async () => {
    const put = (who: string, body: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/mall/settings',
        payload: body as object,
        headers: { cookie: cookies[who]! },
      });
    expect((await put('street', { windowStartDay: 3, windowEndDay: 5 })).json()).toEqual({
      streetId,
      windowStartDay: 3,
      windowEndDay: 5,
    });
    const closed = await order('captainB', [{ productId: product.rice!, quantity: 1 }]);
    expect(closed.json().error.code).toBe('WINDOW_CLOSED'); // 2 November is before the 3rd
    expect((await put('street', { windowStartDay: 6, windowEndDay: 5 })).statusCode).toBe(400);
    expect((await put('otherStreet', { streetId, windowStartDay: 1, windowEndDay: 28 })).statusCode).toBe(404);
    expect((await put('communityA', { windowStartDay: 1, windowEndDay: 28 })).statusCode).toBe(403);
    expect((await put('street', { windowStartDay: 1, windowEndDay: 7 })).statusCode).toBe(200);
  });

  it('cancels with the points refunded by a reversal and the goods back on the shelf; the chance comes back', async () => {
    const placed = await order('captainB', [{ productId: product.quilt!, quantity: 1 }]);
    expect(placed.statusCode).toBe(201);
    expect(await bal('captainB')).toBe(400);
    expect(await stockOf(product.quilt!)).toBe(1);
    const res = await post('captainB', `/api/v1/mall/orders/${placed.json().id}/cancel`, { reason: '买错了' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('cancelled');
    expect(await bal('captainB')).toBe(1000);
    expect(await stockOf(product.quilt!)).toBe(2);
    const me = (await get('captainB', '/api/v1/points/me')).json();
    expect(me.items[0]).toMatchObject({ kind: 'redemption_refund', amount: 600 });
    const again = await post('captainB', `/api/v1/mall/orders/${placed.json().id}/cancel`, { reason: '再取消' });
    expect(again.json().error.code).toBe('ORDER_STATE');
    expect(await bal('captainB')).toBe(1000);
    const stranger = await post('captain2', `/api/v1/mall/orders/${placed.json().id}/cancel`, { reason: 'x' });
    expect(stranger.statusCode).toBe(404);
    const reorder = await order('captainB', [{ productId: product.oil!, quantity: 1 }]);
    expect(reorder.statusCode).toBe(201);
  });

  it('hands goods over against the pick-up code only to staff whose jurisdiction covers the captain', async () => {
    const code = `${firstOrder.pickupCode.slice(0, 4).toLowerCase()}-${firstOrder.pickupCode.slice(4)}`;
    const outside = await post('communityB', '/api/v1/mall/pickups', { code });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('PICKUP_CODE_UNKNOWN');
    expect((await post('otherStreet', '/api/v1/mall/pickups', { code })).statusCode).toBe(404);
    expect((await post('captain', '/api/v1/mall/pickups', { code })).statusCode).toBe(403);
    expect((await get('captain', `/api/v1/mall/orders/${firstOrder.id}`)).json().status).toBe('placed');
    const ready = await post('communityA', `/api/v1/mall/orders/${firstOrder.id}/ready`, {});
    expect(ready.json().status).toBe('ready');
    const idem = newKey();
    const done = await post('communityA', '/api/v1/mall/pickups', { code }, { 'idempotency-key': idem });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: firstOrder.id, status: 'picked_up' });
    expect((await post('communityA', '/api/v1/mall/pickups', { code }, { 'idempotency-key': idem })).json()).toEqual(
      done.json(),
    );
    expect((await post('street', '/api/v1/mall/pickups', { code })).json().error.code).toBe('ORDER_STATE');
    const cancel = await post('captain', `/api/v1/mall/orders/${firstOrder.id}/cancel`, { reason: '不要了' });
    expect(cancel.json().error.code).toBe('ORDER_STATE');
    expect(await bal('captain')).toBe(560);
  });

  it('draws the pick-up code as a QR code for the captain who ordered only', async () => {
    const res = await get('captain', `/api/v1/mall/orders/${firstOrder.id}/pickup-qr`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toContain('<svg');
    expect((await get('communityA', `/api/v1/mall/orders/${firstOrder.id}/pickup-qr`)).statusCode).toBe(404);
    expect((await get('captain2', `/api/v1/mall/orders/${firstOrder.id}/pickup-qr`)).statusCode).toBe(404);
    expect((await get('communityB', `/api/v1/mall/orders/${firstOrder.id}`)).statusCode).toBe(404);
  });

  it('lists orders: a captain their own, staff those in their jurisdiction', async () => {
    const mine = (await get('captain', '/api/v1/mall/orders/mine')).json();
    expect(mine.items.map((o: { id: number }) => o.id)).toEqual([firstOrder.id]);
    const a = (await get('communityA', '/api/v1/mall/orders?month=2026-11')).json();
    const bOrders = (await get('communityB', '/api/v1/mall/orders?month=2026-11')).json();
    expect(a.items.every((o: { userId: number }) => o.userId !== users.captainB!.id)).toBe(true);
    expect(bOrders.items.every((o: { userId: number }) => o.userId === users.captainB!.id)).toBe(true);
    expect(bOrders.items.length).toBeGreaterThan(0);
  });

  it('reports units, points and yuan per product for the window', async () => {
    const res = await get('street', '/api/v1/mall/report?month=2026-11');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    const rice = r.products.find((p: { productId: number }) => p.productId === product.rice);
    expect(rice).toMatchObject({ unitsOrdered: 2, unitsPickedUp: 2, points: 240, costYuan: 91, stock: 7 });
    const quilt = r.products.find((p: { productId: number }) => p.productId === product.quilt);
    expect(quilt).toMatchObject({ unitsOrdered: 0, points: 0 });
    expect(r.totals).toMatchObject({ orders: 3, cancelled: 1, units: 5, points: 670, pointsYuan: 335 });
    expect(r.totals.costYuan).toBeCloseTo(91 + 79.9 * 2 + 12, 2);
    expect((await get('communityA', '/api/v1/mall/report')).statusCode).toBe(403);
    expect((await get('otherStreet', `/api/v1/mall/report?streetId=${streetId}`)).statusCode).toBe(404);
  });

  it('keeps the ledger balanced and every balance equal to its entries', async () => {
    expect(await ledgerViolations(t.database.db)).toEqual([]);
    const [audit] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action like 'mall.%'`,
    );
    expect(audit!.n).toBeGreaterThanOrEqual(10);
  });
});

describe('product photos', () => {
  it('shows a product photo to the street that may browse its mall, and to no other street', async () => {
    const mp = multipartFile('file', 'rice.jpg', await jpeg(77), 'image/jpeg');
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      payload: mp.payload,
      headers: { ...mp.headers, cookie: cookies.street! },
    });
    expect(up.statusCode).toBe(201);
    const photoUrl = `/api/v1/photos/${up.json().id}`;
    expect((await get('captainB', photoUrl)).statusCode).toBe(404);
    const p = await post('street', '/api/v1/mall/products', {
      name: '挂面',
      pointsPrice: 40,
      stock: 3,
      unitCostYuan: 8,
      photoId: up.json().id,
    });
    expect(p.statusCode, p.body).toBe(201);
    expect(p.json().photoUrl).toBe(photoUrl);
    for (const who of ['captain', 'captainB', 'communityB'])
      expect((await get(who, photoUrl)).statusCode, who).toBe(200);
    expect((await get('otherStreet', photoUrl)).statusCode).toBe(404);
  });
});

describe('pick-up codes', () => {
  it('shows a pick-up code to the captain who ordered, and to staff only when they verify it', async () => {
    const mine = (await get('captain', '/api/v1/mall/orders/mine')).json().items as {
      id: number;
      pickupCode: string;
    }[];
    const placed = mine.find((o) => o.pickupCode);
    expect(placed, 'the captain has an order with a code').toBeDefined();
    const code = placed?.pickupCode as string;
    const staffList = (await get('communityA', '/api/v1/mall/orders')).json().items as {
      id: number;
      pickupCode: string | null;
    }[];
    expect(staffList.length).toBeGreaterThan(0);
    expect(staffList.every((o) => o.pickupCode === null)).toBe(true);
    const one = await get('communityA', `/api/v1/mall/orders/${placed?.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().pickupCode).toBeNull();
    expect(one.body).not.toContain(code);
    expect((await get('communityA', `/api/v1/mall/orders/${placed?.id}/pickup-qr`)).statusCode).toBe(404);
    expect((await get('captain', `/api/v1/mall/orders/${placed?.id}/pickup-qr`)).statusCode).toBe(200);
  });
});
