import { maskPhone } from '@louzhang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';

/**
 * 用户与权限's export: the accounts the list shows for the same filter (a unit, or one phone), phones masked,
 * audited before the first byte with a searched phone masked; refused (nothing written) to a captain. Under the
 * tree's building: 楼长甲 (captain) and 网格员乙 (grid worker of the grid above it is not under it).
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
  users.captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }], '楼长甲');
  users.grid = await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }], '网格员乙');
  for (const k of ['street', 'captain']) cookies[k] = await login(t.app, users[k]!.phone);
});
afterAll(() => t?.close());

const { get, audits, expectRefused } = exportKit(() => t, cookies);
const exports = () => audits('account.export');

describe('用户与权限: export', () => {
  it('writes the accounts the list shows, phones masked, and audits a searched phone masked', async () => {
    const q = `orgUnitId=${a.building.id}`;
    const res = await get('street', `/api/v1/accounts/export?${q}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('用户与权限');
    expect(s.header).toEqual(['姓名', '手机号', '角色与范围', '状态']);
    expect(s.body).toEqual([['楼长甲', maskPhone(users.captain!.phone), `楼长 · ${a.building.name}`, '正常']]);
    const listed = (await get('street', `/api/v1/accounts?${q}`)).json().items;
    expect(s.body.map((r) => [r[0], r[1]])).toEqual(
      listed.map((x: { name: string; phoneMasked: string }) => [x.name, x.phoneMasked]),
    );
    const byPhone = await readSheet(
      (await get('street', `/api/v1/accounts/export?phone=${users.grid!.phone}`)).rawPayload,
    );
    expect(byPhone.body).toEqual([['网格员乙', maskPhone(users.grid!.phone), `网格员 · ${a.grid.name}`, '正常']]);
    expect((await exports()).map((x) => [x.detail.rows, x.detail.filters])).toEqual([
      [1, { orgUnitId: a.building.id }],
      [1, { phone: maskPhone(users.grid!.phone) }],
    ]);
  });

  it('refuses a captain, and writes nothing', async () => {
    await expectRefused('captain', [`/api/v1/accounts/export?orgUnitId=${a.building.id}`], ['account.export']);
  });
});
