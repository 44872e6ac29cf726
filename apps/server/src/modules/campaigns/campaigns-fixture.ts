import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { jpeg } from '../../../test/world';
import { rows } from '../../platform/db';

/**
 * The campaigns tests' world, shared by campaigns.int.test.ts and campaign-progress.int.test.ts: each file
 * calls useCampaignsFixture() for its own app and users, then reads the live bindings below.
 */
export let t: TestApp;
export let a: Tree;
export let building2: Awaited<ReturnType<typeof child>>;
export let lane: Awaited<ReturnType<typeof child>>;
export let otherBuilding: Awaited<ReturnType<typeof child>>;
export let dept: Awaited<ReturnType<typeof child>>;
export let dept2: Awaited<ReturnType<typeof child>>;
export let farDept: Awaited<ReturnType<typeof child>>;
export const users: Record<string, { id: number; phone: string }> = {};
export const cookies: Record<string, string> = {};

/** One app per test file: the tree, the departments and the users above, logged in; the clock at 2026-11-10 10:00 in Shanghai. */
export function useCampaignsFixture() {
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 12 });
    t.clock.set('2026-11-10T02:00:00Z');
    const db = t.database.db;
    a = await buildTree(db);
    building2 = await child(db, a.estate, 'building');
    lane = await child(db, a.grid, 'place', `幸福巷-${Date.now() % 1000}`);
    const community2 = await child(db, a.street, 'community');
    const grid2 = await child(db, community2, 'grid');
    otherBuilding = await child(db, grid2, 'building');
    dept = await child(db, a.district, 'department', `城管-${Date.now() % 100000}`);
    dept2 = await child(db, a.district, 'department', `市场监管-${Date.now() % 100000}`);
    const far = await buildTree(db);
    farDept = await child(db, far.district, 'department');
    const b = (role: Parameters<typeof buildUser>[2][number]['role'], unit: { id: number; streetId: number | null }) =>
      buildUser(db, t.cipher, [{ role, unit: unit as never }]);
    Object.assign(users, {
      street: await b('street_staff', a.street),
      community: await b('community_staff', a.community),
      grid: await b('grid_worker', a.grid),
      captain: await b('captain', a.building),
      resident: await b('resident', a.building),
      grid2: await b('grid_worker', grid2),
      community2: await b('community_staff', community2),
      dept: await b('department_staff', dept),
      dept2: await b('department_staff', dept2),
    });
    for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  });
  afterAll(() => t?.close());
}

export const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
export const count = async (table: string, where = sql`true`) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0]!
    .n;
let hue = 0;
export async function photo(who: string): Promise<number> {
  hue = (hue + 7) % 255;
  const mp = multipartFile('file', 'p.jpg', await jpeg(hue), 'image/jpeg');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie: cookies[who]! },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
export const campaignBody = (extra: Record<string, unknown> = {}) => ({
  scopeOrgUnitId: a.community.id,
  title: '背街小巷环境专项整治',
  startsOn: '2026-11-01',
  endsOn: '2026-11-30',
  problemTypes: ['clutter', 'abandoned_vehicle', 'street_stall', 'vegetable_plot'],
  leadDepartmentId: dept.id,
  memberDepartmentIds: [dept2.id],
  ...extra,
});
export async function logSite(who: string, campaignId: number, extra: Record<string, unknown> = {}) {
  return call(who, 'POST', `/api/v1/campaigns/${campaignId}/sites`, {
    problemType: 'clutter',
    placeOrgUnitId: a.building.id,
    photoId: await photo(who),
    note: '楼道堆放纸箱',
    ...extra,
  });
}
