import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { insertHousehold, insertResidents } from '../src/modules/households/households.repository';
import type { PiiCipher } from '../src/platform/crypto';
import { rows } from '../src/platform/db';
import { buildTree, buildUser, child, type Tree, uniq } from './factories';
import { login, multipartFile, startTestApp, type TestApp } from './harness';
import { jpeg } from './world';

/**
 * The deliberation tests' world, shared by deliberation.int.test.ts and deliberation-ballots.int.test.ts
 * (modules/deliberation): each file calls useDeliberationFixture() for its own app, then reads the live
 * bindings below.
 */
export let t: TestApp;
export let a: Tree;
export let cipher: PiiCipher;
export const cookies: Record<string, string> = {};
/** The lift story's 12 households (m², from the seed's figures), in room order 101, 102, 201 … 602. */
export const AREAS = [62.35, 75.8, 88.5, 91.2, 105.65, 68.4, 72.15, 96.3, 110.75, 58.9, 83.45, 99.6];
export const ROOMS = ['101', '102', '201', '202', '301', '302', '401', '402', '501', '502', '601', '602'];
export const lift: { householdId: number; cookie: string }[] = [];
export let other: Awaited<ReturnType<typeof child>>;
export let otherHousehold: number;

export async function household(
  building: { id: number; path: string; streetId: number | null },
  room: string,
  area: number | null,
  ownerKey: string | null = null,
) {
  return insertHousehold(t.database.db, {
    streetId: building.streetId as number,
    buildingId: building.id,
    path: building.path,
    unitLabel: null,
    floor: Number(room.slice(0, -2)) || 1,
    room,
    floorArea: area,
    ownerKey,
  });
}

/** A resident user living in the household (resident binding on the building, linked registry record). */
export async function resident(building: Awaited<ReturnType<typeof child>>, householdId: number): Promise<string> {
  const u = await buildUser(t.database.db, cipher, [{ role: 'resident', unit: building }]);
  await insertResidents(t.database.db, [
    { householdId, streetId: building.streetId as number, name: `业主${uniq()}`, relation: '户主', userId: u.id },
  ]);
  return login(t.app, u.phone);
}

/** One app per test file: the lift building with its 12 households and their residents, the building next door, the staff and captains. */
export function useDeliberationFixture() {
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 12 });
    t.clock.set('2026-11-10T02:00:00Z');
    cipher = t.cipher;
    const db = t.database.db;
    a = await buildTree(db);
    other = await child(db, a.estate, 'building');
    otherHousehold = (await household(other, '101', 80)).id;
    for (const [i, room] of ROOMS.entries()) {
      const h = await household(a.building, room, AREAS[i]!);
      lift.push({ householdId: h.id, cookie: await resident(a.building, h.id) });
    }
    const b = (
      role: 'captain' | 'community_staff' | 'resident' | 'street_staff',
      unit: { id: number; streetId: number | null },
    ) => buildUser(db, cipher, [{ role, unit: unit as never }]);
    cookies.captain = await login(t.app, (await b('captain', a.building)).phone);
    cookies.community = await login(t.app, (await b('community_staff', a.community)).phone);
    cookies.neighbour = await login(t.app, (await b('resident', other)).phone);
    cookies.otherCaptain = await login(t.app, (await b('captain', other)).phone);
    const far = await buildTree(db);
    cookies.farStaff = await login(t.app, (await b('community_staff', far.community)).phone);
  });
  afterAll(() => t?.close());
}

export const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
export const count = async (table: string, where = sql`true`) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0]!
    .n;
let hue = 0;
export async function photo(cookie: string): Promise<number> {
  hue = (hue + 11) % 255;
  const mp = multipartFile('file', 'p.jpg', await jpeg(hue), 'image/jpeg');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
export const proposal = (over: Record<string, unknown> = {}) => ({
  scopeOrgUnitId: a.building.id,
  title: '加装电梯',
  description: '舜德路8号加装电梯，费用按楼层分摊。',
  rule: 'civil_code_major',
  deadline: '2026-11-20T10:00:00Z',
  ...over,
});
