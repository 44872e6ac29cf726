import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, child } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';
import { rows } from '../../platform/db';

/**
 * A hand-counted community: an open estate (no property company) with 楼A (3 households), 楼B (5) and
 * 楼E (2, its captain suspended), a managed estate with 楼C (10) and 楼D (1, an active captain), and the
 * tree's own building in an open estate with no households. Uncovered, open first then most households:
 * 楼B, 楼A, 楼E, the tree's building, 楼C. Covered: 1 of 6 buildings, 1 of 21 households, 21 households
 * per active captain.
 */
let t: TestApp;
let community: string;
let resident: string;
const ids: Record<string, number> = {};
const names: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const tree = await buildTree(db);
  const open = await child(db, tree.grid, 'estate', '老街坊小区', { management: 'unmanaged' });
  const managed = await child(db, tree.grid, 'estate', '雅苑小区', { management: 'managed' });
  const plan: [string, typeof open, number][] = [
    ['楼A', open, 3],
    ['楼B', open, 5],
    ['楼E', open, 2],
    ['楼C', managed, 10],
    ['楼D', managed, 1],
  ];
  for (const [name, estate, n] of plan) {
    const b = await child(db, estate, 'building', name);
    ids[name] = b.id;
    for (let i = 0; i < n; i++) await buildHousehold(db, t.services.households, b);
  }
  community = await login(
    t.app,
    (await buildUser(db, t.cipher, [{ role: 'community_staff', unit: tree.community }])).phone,
  );
  resident = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'resident', unit: tree.building }])).phone);
  const active = await buildUser(db, t.cipher, []);
  const suspended = await buildUser(db, t.cipher, []);
  for (const [u, b] of [
    [active, ids.楼D],
    [suspended, ids.楼E],
  ] as const) {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/buildings/${b}/captains`,
      headers: { cookie: community },
      payload: { userId: u.id },
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  const s = await t.app.inject({
    method: 'POST',
    url: `/api/v1/captains/${suspended.id}/status`,
    headers: { cookie: community },
    payload: { status: 'suspended', reason: '外出务工', version: 1 },
  });
  expect(s.statusCode, s.body).toBe(200);
  names.treeBuilding = tree.building.name;
  ids.community = tree.community.id;
  ids.street = tree.street.id;
});
afterAll(() => t.close());

describe('coverage', () => {
  it('ranks buildings without an active captain open first, then by households, and counts coverage', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/captains/coverage?orgUnitId=${ids.community}`,
      headers: { cookie: community },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(
      body.uncovered.map((b: { name: string; households: number; isOpen: boolean }) => [
        b.name,
        b.households,
        b.isOpen,
      ]),
    ).toEqual([
      ['楼B', 5, true],
      ['楼A', 3, true],
      ['楼E', 2, true],
      [names.treeBuilding, 0, true],
      ['楼C', 10, false],
    ]);
    const c = body.figures.find((f: { kind: string }) => f.kind === 'community');
    expect(c).toMatchObject({
      id: ids.community,
      buildings: 6,
      covered: 1,
      households: 21,
      coveredHouseholds: 1,
      activeCaptains: 1,
      householdsPerCaptain: 21,
      coverage: 0.1667,
    });
    expect(body.figures.find((f: { kind: string }) => f.kind === 'street')).toMatchObject({
      id: ids.street,
      buildings: 6,
    });
  });
});

describe('coverage: export', () => {
  const get = (cookie: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const audits = () =>
    rows<{ action: string; detail: { rows: number } }>(
      t.database.db,
      sql`select action, detail from audit_log where action like 'captain.coverage_export.%' order by id`,
    );

  it('writes the uncovered buildings and the figures the page shows for the same unit, and audits each', async () => {
    const res = await get(community, `/api/v1/captains/coverage/uncovered/export?orgUnitId=${ids.community}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const u = await readSheet(res.rawPayload);
    expect(u.name).toBe('无楼长楼栋');
    expect(u.header).toEqual(['楼栋', '小区', '社区', '物业', '户数']);
    expect(u.body.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['楼B', '老街坊小区', '开放式楼栋', 5],
      ['楼A', '老街坊小区', '开放式楼栋', 3],
      ['楼E', '老街坊小区', '开放式楼栋', 2],
      [names.treeBuilding, expect.any(String), '开放式楼栋', 0],
      ['楼C', '雅苑小区', '有物业', 10],
    ]);
    const f = await readSheet(
      (await get(community, `/api/v1/captains/coverage/figures/export?orgUnitId=${ids.community}`)).rawPayload,
    );
    expect(f.name).toBe('楼长覆盖率');
    expect(f.header).toEqual(['单位', '楼栋', '已覆盖', '户数', '在岗楼长', '户/楼长', '覆盖率（%）']);
    // 1 of 6 buildings covered: 16.7 %; 21 households for one active captain.
    expect(f.body.map((r) => r.slice(1))).toContainEqual([6, 1, 21, 1, 21, 16.7]);
    expect((await audits()).map((x) => [x.action, x.detail.rows])).toEqual([
      ['captain.coverage_export.uncovered', 5],
      ['captain.coverage_export.figures', f.body.length],
    ]);
  });

  it('refuses a resident, and writes nothing', async () => {
    const before = (await audits()).length;
    for (const part of ['uncovered', 'figures']) {
      expect((await get(resident, `/api/v1/captains/coverage/${part}/export`)).statusCode, part).toBe(403);
    }
    expect((await audits()).length).toBe(before);
  });
});
