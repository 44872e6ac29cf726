import { afterAll, beforeAll, expect } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/*
 * The reports tests' world, shared by reports-intake, reports-handling, reports-visibility and
 * reports-duplicates (.int.test.ts): each file calls useReportsApp() for its own app, then reads the live
 * bindings below.
 */
export let t: TestApp;
export let a: Tree;
export let otherBuilding: Awaited<ReturnType<typeof child>>;
export let managedBuilding: Awaited<ReturnType<typeof child>>;
export let managedEstate: Awaited<ReturnType<typeof child>>;
export let dept: Awaited<ReturnType<typeof child>>;
export let otherDept: Awaited<ReturnType<typeof child>>;
export let cookies: Record<string, string>;
export let names: Record<string, string>;
export let cat: Record<string, number>;

export const HOUR = 3_600_000;

/**
 * Starts this file's app: a building with its reporter, neighbour and captain, another building, a managed
 * estate with its property window, the grid, community and street staff, two departments (one in another
 * district), an admin, each signed in; and the report categories by code.
 */
export function useReportsApp(): void {
  beforeAll(async () => {
    // The SLA clocks move the fake clock by days: sessions must outlive that.
    t = await startTestApp({
      SESSION_IDLE_MINUTES: '1000000',
      SESSION_STAFF_IDLE_MINUTES: '1000000',
      SESSION_ABSOLUTE_HOURS: '100000',
    });
    const db = t.database.db;
    a = await buildTree(db);
    otherBuilding = await child(db, a.estate, 'building');
    managedEstate = await child(db, a.grid, 'estate', undefined, { management: 'managed' });
    managedBuilding = await child(db, managedEstate, 'building');
    dept = await child(db, a.district, 'department', `城管局-${a.district.id}`);
    const otherDistrict = await child(db, a.city, 'district');
    otherDept = await child(db, otherDistrict, 'department');
    const users = {
      reporter: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }], '李桂英'),
      neighbour: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }], '张伟'),
      captain: await buildUser(db, t.cipher, [
        { role: 'captain', unit: a.building },
        { role: 'resident', unit: a.building },
      ]),
      otherCaptain: await buildUser(db, t.cipher, [{ role: 'captain', unit: otherBuilding }]),
      grid: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }]),
      community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
      street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
      dept: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: dept }]),
      otherDept: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: otherDept }]),
      admin: await buildUser(db, t.cipher, [{ role: 'admin', unit: a.city }]),
      window: await buildUser(db, t.cipher, [{ role: 'property_window', unit: managedEstate }], '物业窗口'),
      managedResident: await buildUser(db, t.cipher, [{ role: 'resident', unit: managedBuilding }]),
      outsider: await buildUser(db, t.cipher, [{ role: 'resident', unit: otherBuilding }]),
    };
    cookies = {};
    names = {};
    for (const [k, u] of Object.entries(users)) {
      cookies[k] = await login(t.app, u.phone);
      names[k] = u.name;
    }
    const cats = (await get('reporter', '/api/v1/report-categories')).json().items as { id: number; code: string }[];
    cat = Object.fromEntries(cats.map((c) => [c.code, c.id]));
  });
  afterAll(() => t.close());
}

export const get = (who: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
export const post = (who: string, url: string, payload: unknown = {}, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, ...headers } });

export async function file(who = 'reporter', extra: Record<string, unknown> = {}) {
  const res = await post('reporter' === who ? 'reporter' : who, '/api/v1/reports', {
    buildingId: a.building.id,
    categoryId: cat['repair.street_light'],
    description: '三楼楼道灯坏了，晚上看不见',
    location: '3楼楼梯口',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; status: string; level: string; version: number };
}
export const timelineTypes = async (who: string, id: number) =>
  ((await get(who, `/api/v1/reports/${id}`)).json().timeline as { type: string }[]).map((e) => e.type);
