import {
  CancelOrderRequest,
  CreateAdjustmentRequest,
  CreateProductRequest,
  PlaceOrderRequest,
  UpdateMallSettingsRequest,
  UpdatePointSettingsRequest,
  UpdateProductRequest,
  VerifyPickupRequest,
} from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { ledgerViolations } from '../../../test/ledger';
import { rows, transaction } from '../../platform/db';

/**
 * Bad input (docs/rules.md#quality): every points and mall endpoint, fed bodies derived from its contract schema
 * and then broken — fields of the wrong type, missing, unknown, hostile strings, whole bodies that
 * are not objects — and odd path and query values. It must answer 4xx with a code, never 5xx, and a
 * refused request must change nothing.
 */
let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
let productId = 0;
let orderId = 0;
let pendingAdjustmentId = 0;
let captainId = 0;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  tree = await buildTree(db);
  const captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: tree.building }]);
  const street = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: tree.street }]);
  const community = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
  captainId = captain.id;
  cookies.captain = await login(t.app, captain.phone);
  cookies.street = await login(t.app, street.phone);
  cookies.community = await login(t.app, community.phone);
  await transaction(db, (tx) =>
    t.services.ledger.credit(tx, {
      streetId: tree.street.id,
      userId: captain.id,
      points: 50,
      causeKey: 'fuzz:seed',
      memo: '扫楼梯',
      actorUserId: null,
    }),
  );
  const p = await inject('street', 'POST', '/api/v1/mall/products', {
    name: '抽纸',
    pointsPrice: 1000,
    stock: 3,
    unitCostYuan: 10,
    perPersonLimit: 1,
  });
  productId = p.json().id;
  const cheap = await inject('street', 'POST', '/api/v1/mall/products', {
    name: '洗衣粉',
    pointsPrice: 10,
    stock: 5,
    unitCostYuan: 5,
  });
  const o = await inject('captain', 'POST', '/api/v1/mall/orders', {
    items: [{ productId: cheap.json().id, quantity: 1 }],
  });
  orderId = o.json().id;
  const adj = await inject('street', 'POST', '/api/v1/points/adjustments', {
    captainUserId: captain.id,
    points: 500,
    reason: '待审批的调整',
  });
  pendingAdjustmentId = adj.json().id;
}, 120_000);
afterAll(() => t.close());

function inject(
  who: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method,
    url,
    headers: {
      cookie: cookies[who]!,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

/** Everything a refused request must leave as it was. */
async function state(): Promise<string> {
  const [r] = await rows<Record<string, number>>(
    t.database.db,
    sql`select (select count(*) from point_entries)::int as entries, (select count(*) from point_postings)::int as postings,
      (select coalesce(sum(balance), 0) from point_accounts)::bigint as balances, (select count(*) from point_accounts)::int as accounts,
      (select count(*) from mall_orders)::int as orders, (select string_agg(status, ',' order by id) from mall_orders) as statuses,
      (select coalesce(sum(stock), 0) from mall_products)::bigint as stock, (select count(*) from mall_products)::int as products,
      (select string_agg(md5(row(p.*)::text), ',' order by id) from mall_products p) as product_rows,
      (select string_agg(status, ',' order by id) from point_adjustments) as adjustments,
      (select count(*) from point_adjustments)::int as adjustment_count,
      (select string_agg(md5(row(s.*)::text), ',' order by street_id) from point_settings s) as point_settings,
      (select string_agg(md5(row(s.*)::text), ',' order by street_id) from mall_settings s) as mall_settings,
      (select count(*) from audit_log)::int as audit, (select count(*) from idempotency_keys)::int as keys`,
  );
  return JSON.stringify(r);
}

const hostile = fc.oneof(
  { arbitrary: fc.anything(), weight: 1 },
  { arbitrary: fc.string(), weight: 1 },
  { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 1 },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      "'; drop table mall_orders; --",
      '\u0000',
      '\u202e',
      '𠜎'.repeat(300),
      'a'.repeat(10_000),
      -1,
      0,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      '1e3',
      '  12  ',
      null,
      true,
      [],
      {},
      { $gt: 0 },
      '__proto__',
    ),
  },
);

/** A valid body, then one field replaced, dropped, or an unknown field added — or a body that is no object at all. */
function broken(schema: z.ZodObject, valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema.shape);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ k: fc.constantFrom(...keys), v: hostile }).map(({ k, v }) => ({ ...valid, [k]: v })),
    },
    fc.constantFrom(...keys).map((k) => {
      const { [k]: _, ...rest } = valid;
      return rest;
    }),
    fc.record({ k: fc.string({ maxLength: 12 }), v: hostile }).map(({ k, v }) => ({ ...valid, [`x${k}`]: v })),
    fc
      .record({ k: fc.constantFrom(...keys), v: hostile, k2: fc.constantFrom(...keys), v2: hostile })
      .map(({ k, v, k2, v2 }) => ({ ...valid, [k]: v, [k2]: v2 })),
    hostile,
  );
}

const cases = (): {
  name: string;
  who: string;
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  schema: z.ZodObject;
  valid: Record<string, unknown>;
}[] => [
  {
    name: 'place order',
    who: 'captain',
    method: 'POST',
    url: '/api/v1/mall/orders',
    schema: PlaceOrderRequest,
    valid: { items: [{ productId, quantity: 1 }] },
  },
  {
    name: 'create product',
    who: 'street',
    method: 'POST',
    url: '/api/v1/mall/products',
    schema: CreateProductRequest,
    valid: { name: '大米', pointsPrice: 70, stock: 1, unitCostYuan: 39.8 },
  },
  {
    name: 'update product',
    who: 'street',
    method: 'PATCH',
    url: `/api/v1/mall/products/${productId}`,
    schema: UpdateProductRequest,
    valid: { stockDelta: -10 },
  },
  {
    name: 'cancel order',
    who: 'captain',
    method: 'POST',
    url: `/api/v1/mall/orders/${orderId + 1000}/cancel`,
    schema: CancelOrderRequest,
    valid: { reason: '不要了' },
  },
  {
    name: 'verify pick-up',
    who: 'community',
    method: 'POST',
    url: '/api/v1/mall/pickups',
    schema: VerifyPickupRequest,
    valid: { code: 'AAAA-BBBB' },
  },
  {
    name: 'point settings',
    who: 'street',
    method: 'PUT',
    url: '/api/v1/points/settings',
    schema: UpdatePointSettingsRequest,
    valid: { streetId: tree.street.id + 100000, adjustmentThreshold: 100 },
  },
  {
    name: 'mall settings',
    who: 'street',
    method: 'PUT',
    url: '/api/v1/mall/settings',
    schema: UpdateMallSettingsRequest,
    valid: { windowStartDay: 9, windowEndDay: 8 },
  },
  {
    name: 'adjust points',
    who: 'street',
    method: 'POST',
    url: '/api/v1/points/adjustments',
    schema: CreateAdjustmentRequest,
    valid: { captainUserId: captainId, points: 101, reason: '测试', streetId: tree.street.id + 100000 },
  },
];

describe('bad input to the points and mall endpoints', () => {
  it('is refused with a 4xx and a code, and changes nothing', async () => {
    for (const c of cases()) {
      await fc.assert(
        fc.asyncProperty(broken(c.schema, c.valid), fc.option(fc.string({ maxLength: 140 })), async (body, key) => {
          const before = await state();
          const res = await inject(
            c.who,
            c.method,
            c.url,
            body === undefined ? 'undefined' : body,
            key === null ? {} : { 'idempotency-key': key },
          );
          expect(res.statusCode, `${c.name}: ${JSON.stringify(body)?.slice(0, 200)} → ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(typeof res.json().error.code).toBe('string');
            expect(await state(), `${c.name} changed state on ${res.statusCode}`).toBe(before);
          }
        }),
        { numRuns: 150, seed: 20261201 },
      );
    }
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  }, 300_000);

  it('answers odd ids and query values with a 4xx', async () => {
    const oddId = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('-1', '0', '1.5', '9'.repeat(30), '%00', '1;select 1'),
    );
    const oddQuery = fc.dictionary(
      fc.constantFrom('streetId', 'cursor', 'limit', 'month', 'status', 'x'),
      fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('-1', '0', '2026-13', '9999999999999999999', 'placed')),
    );
    await fc.assert(
      fc.asyncProperty(oddId, oddQuery, fc.constantFrom('captain', 'street', 'community'), async (id, q, who) => {
        const before = await state();
        const qs = new URLSearchParams(q).toString();
        const urls: [string, 'GET' | 'POST'][] = [
          [`/api/v1/points/me?${qs}`, 'GET'],
          [`/api/v1/points/accounts/${encodeURIComponent(id)}?${qs}`, 'GET'],
          [`/api/v1/points/adjustments?${qs}`, 'GET'],
          [`/api/v1/mall/products?${qs}`, 'GET'],
          [`/api/v1/mall/orders?${qs}`, 'GET'],
          [`/api/v1/mall/orders/mine?${qs}`, 'GET'],
          [`/api/v1/mall/report?${qs}`, 'GET'],
          [`/api/v1/mall/orders/${encodeURIComponent(id)}`, 'GET'],
          [`/api/v1/mall/orders/${encodeURIComponent(id)}/pickup-qr`, 'GET'],
          [`/api/v1/mall/orders/${encodeURIComponent(id)}/ready`, 'POST'],
          [`/api/v1/points/adjustments/${encodeURIComponent(id)}/approve`, 'POST'],
        ];
        for (const [url, method] of urls) {
          const res = await inject(who, method, url, method === 'POST' ? {} : undefined);
          expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
        }
        expect(await state()).toBe(before);
      }),
      { numRuns: 40, seed: 20261202 },
    );
    // The pending adjustment is still pending: nothing above approved it.
    const [adj] = await rows<{ status: string }>(
      t.database.db,
      sql`select status from point_adjustments where id = ${pendingAdjustmentId}`,
    );
    expect(adj!.status).toBe('pending');
  }, 300_000);
});
