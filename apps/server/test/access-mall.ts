import type { Role } from '@louzhang/contracts';
import { transaction } from '../src/platform/db';
import { as, type RouteAccess } from './access-route';
import { buildUser, uniq } from './factories';
import { login } from './harness';
import { cookieOf, type SideWorld, type World, type WorldExtension } from './world';

/**
 * Access rules of points, street settings and the mall (docs/rules.md#mall; modules/points, modules/mall), merged into
 * ACCESS by access-table.ts.
 */
/** A fresh order by a fresh captain of the side's building (one order per captain and window). */
async function newOrder(w: World, s: SideWorld): Promise<{ id: number; pickupCode: string }> {
  const c = await buildUser(w.t.database.db, w.t.cipher, [{ role: 'captain', unit: s.tree.building }]);
  await creditPoints(w, s, c.id, 500);
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/mall/orders',
    headers: { cookie: await login(w.t.app, c.phone) },
    payload: { items: [{ productId: s.ids.product, quantity: 1 }] },
  });
  if (res.statusCode !== 201) throw new Error(`order: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function creditPoints(w: World, s: SideWorld, userId: number, points: number) {
  await transaction(w.t.database.db, (tx) =>
    w.t.services.ledger.credit(tx, {
      streetId: s.tree.street.id as number,
      userId,
      points,
      causeKey: `test:${uniq()}`,
      memo: '测试积分',
      actorUserId: null,
    }),
  );
}

/** A fresh adjustment above the street's threshold, so it waits for a second approver. */
async function pendingAdjustment(w: World, s: SideWorld, requester: Role): Promise<number> {
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/points/adjustments',
    headers: { cookie: cookieOf(w, s, requester) },
    payload: { captainUserId: s.users.captain.id, points: 500, reason: '年度表彰补发' },
  });
  if (res.statusCode !== 201 || res.json().status !== 'pending')
    throw new Error(`adjustment: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export const MALL_ACCESS: Record<string, RouteAccess> = {
  // Street settings: a point's yuan value and the adjustment threshold; the mall's window days.
  'GET /api/v1/points/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'PUT /api/v1/points/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, yuanPerPoint: 0.5 }),
  },
  'GET /api/v1/mall/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'PUT /api/v1/mall/settings': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, windowStartDay: 1, windowEndDay: 28 }),
  },
  'GET /api/v1/points/me': { allow: ['captain'], outside: 'none' },
  'GET /api/v1/points/accounts/{userId}': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ userId: s.users.captain.id }),
  },
  'GET /api/v1/points/adjustments': { allow: ['street_staff', 'admin'], outside: 'none' },
  'GET /api/v1/points/adjustments/export': { allow: ['street_staff', 'admin'], outside: 'none' },
  'POST /api/v1/points/adjustments': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ captainUserId: s.users.captain.id, points: 5, reason: '补录积分' }),
  },
  'POST /api/v1/points/adjustments/{id}/approve': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w, role) => ({
      id: await pendingAdjustment(w, s, role === 'street_staff' ? 'admin' : 'street_staff'),
    }),
    // NB: with no body at all the route answers 400 VALIDATION_FAILED (its optional body schema refuses null).
    body: () => ({ note: '核实无误' }),
  },
  'POST /api/v1/points/adjustments/{id}/reject': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: await pendingAdjustment(w, s, 'street_staff') }),
    body: () => ({}),
  },
  // ---------------------------------------------------------------- mall (docs/rules.md#mall)
  'GET /api/v1/mall/products': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/products/export': {
    allow: ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'POST /api/v1/mall/products': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    body: (s) => ({ streetId: s.tree.street.id, name: `大米${uniq()}`, pointsPrice: 50, stock: 5, unitCostYuan: 25 }),
  },
  'PATCH /api/v1/mall/products/{id}': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.product as number }),
    body: () => ({ stockDelta: 1 }),
  },
  'POST /api/v1/mall/orders': {
    allow: ['captain'],
    outside: 'deny',
    body: (s) => ({ items: [{ productId: s.ids.product, quantity: 1 }] }),
  },
  'GET /api/v1/mall/orders/mine': { allow: 'signed-in', outside: 'none' },
  'GET /api/v1/mall/orders': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'no-rows',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/orders/export': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'none',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/orders/{id}': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: (s) => ({ id: s.ids.order as number }),
  },
  // The side's order was placed by another captain: the code is theirs alone, staff verify what is shown.
  'GET /api/v1/mall/orders/{id}/pickup-qr': {
    allow: [],
    outside: 'deny',
    params: (s) => ({ id: s.ids.order as number }),
  },
  'POST /api/v1/mall/orders/{id}/ready': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newOrder(w, s)).id }),
  },
  'POST /api/v1/mall/orders/{id}/cancel': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    params: async (s, w) => ({ id: (await newOrder(w, s)).id }),
    body: () => ({ reason: '楼长外出无法领取' }),
  },
  'POST /api/v1/mall/pickups': {
    allow: ['community_staff', 'street_staff', 'admin'],
    outside: 'deny',
    body: async (s, w) => ({ code: (await newOrder(w, s)).pickupCode }),
  },
  'GET /api/v1/mall/report': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
  'GET /api/v1/mall/report/export': {
    allow: ['street_staff', 'admin'],
    outside: 'deny',
    query: (s) => ({ streetId: String(s.tree.street.id) }),
  },
};

/** Mall: a product with stock, points for the side's captain, an order by another captain. */
export const mallWorld: WorldExtension = async (w, side) => {
  const s = w[side];
  const p = await as(w, s, 'street_staff', 'POST', '/api/v1/mall/products', {
    name: `食用油${uniq()}`,
    pointsPrice: 100,
    stock: 500,
    unitCostYuan: 30,
  });
  s.ids.product = p.id;
  await creditPoints(w, s, s.users.captain.id, 500);
  s.ids.order = (await newOrder(w, s)).id;
};
