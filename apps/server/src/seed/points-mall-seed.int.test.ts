import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { ledgerViolations } from '../../test/ledger';
import { rows } from '../platform/db';
import { loadDemo } from './load-demo';

let t: TestApp;
let seconds = 0;

beforeAll(async () => {
  t = await startTestApp();
  const started = performance.now();
  await loadDemo(t.database.db, t.cipher, t.clock);
  seconds = (performance.now() - started) / 1000;
}, 300_000);
afterAll(() => t.close());

describe('demo points and mall', () => {
  it('gives the demo captain points, history and goods to spend them on, in an open window', async () => {
    const cookie = await login(t.app, '13700000007');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/points/me', headers: { cookie } })).json();
    expect(me.streetName).toBe('三埠街道');
    expect(me.yuanPerPoint).toBe(0.57);
    expect(me.balance).toBeGreaterThan(2000);
    expect(me.items.length).toBeGreaterThan(40);
    const goods = (await t.app.inject({ method: 'GET', url: '/api/v1/mall/products', headers: { cookie } })).json();
    expect(goods.items.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['抽纸（3包装）', '洗衣粉 1.5kg', '大米 5kg', '食用油 5L', '电饭煲', '棉被']),
    );
    expect(goods.window.isOpen).toBe(true);
    const order = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mall/orders',
      headers: { cookie },
      payload: { items: [{ productId: goods.items[0].id, quantity: 1 }] },
    });
    expect(order.statusCode).toBe(201);
  });

  it('shows last month in the street’s report and keeps the demo ledger balanced', async () => {
    const cookie = await login(t.app, '13700000002');
    const r = (
      await t.app.inject({ method: 'GET', url: '/api/v1/mall/report?month=2026-10', headers: { cookie } })
    ).json();
    expect(r.totals.orders).toBeGreaterThan(3);
    expect(await ledgerViolations(t.database.db)).toEqual([]);
    const [c] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from point_accounts where kind = 'captain'`,
    );
    expect(c!.n).toBeGreaterThanOrEqual(18);
    console.info(`demo data loaded in ${seconds.toFixed(1)} s`);
  });
});
