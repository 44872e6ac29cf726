import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/**
 * The exports of 积分商城's 商品 and 库存与兑换统计: the rows the console shows for the same street (and month),
 * audited before the first byte; refused (nothing written) to a resident, and the report to a captain. The street
 * stocks 洗衣液 (50 points, 20 in stock, ¥18.50, 2 per person) and 大米 (120 points, 5 in stock, ¥45, no
 * limit, off sale); nothing is ordered in 2026-11.
 */
let t: TestApp;
let a: Tree;
const users: Record<string, { id: number; phone: string }> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  users.street = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
  users.captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]);
  users.resident = await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]);
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  for (const p of [
    { name: '洗衣液', pointsPrice: 50, stock: 20, unitCostYuan: 18.5, perPersonLimit: 2 },
    { name: '大米', pointsPrice: 120, stock: 5, unitCostYuan: 45, isActive: false },
  ]) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/mall/products',
      headers: { cookie: cookies.street! },
      payload: { streetId: a.street.id, ...p },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t?.close());

const { get, sheetOf, audits, expectRefused } = exportKit(() => t, cookies);

describe('积分商城: export', () => {
  it('writes the products and the month’s report the console shows, and audits each', async () => {
    const q = `streetId=${a.street.id}`;
    const p = await sheetOf('street', `/api/v1/mall/products/export?${q}`);
    expect(p.name).toBe('积分商城商品');
    expect(p.header).toEqual(['名称', '所需积分', '库存', '单价（元）', '每人限兑', '状态']);
    const listed = (await get('street', `/api/v1/mall/products?${q}`)).json().items;
    expect(p.body.map((r) => r[0])).toEqual(listed.map((x: { name: string }) => x.name));
    expect([...p.body].sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['大米', 120, 5, 45, null, '已下架'],
      ['洗衣液', 50, 20, 18.5, 2, '在售'],
    ]);
    const r = await sheetOf('street', `/api/v1/mall/report/export?${q}&month=2026-11`);
    expect(r.name).toBe('库存与兑换统计');
    expect(r.header).toEqual(['名称', '库存', '已兑换', '已提货', '消耗积分', '商品成本（元）']);
    const report = (await get('street', `/api/v1/mall/report?${q}&month=2026-11`)).json();
    expect(r.body.map((x) => x[0])).toEqual(report.products.map((x: { name: string }) => x.name));
    expect([...r.body].sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['大米', 5, 0, 0, 0, 0],
      ['洗衣液', 20, 0, 0, 0, 0],
    ]);
    expect((await audits('mall.products_export')).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([
      [users.street!.id, 2],
    ]);
    expect((await audits('mall.report_export')).map((x) => x.detail.rows)).toEqual([2]);
  });

  it('refuses a resident the products and a captain the report, and writes nothing', async () => {
    const actions = ['mall.products_export', 'mall.report_export'];
    await expectRefused('resident', [`/api/v1/mall/products/export?streetId=${a.street.id}`], actions);
    await expectRefused('captain', [`/api/v1/mall/report/export?streetId=${a.street.id}`], actions);
  });
});
