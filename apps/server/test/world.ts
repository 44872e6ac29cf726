import { ROLES, type Role } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { insertChild, type OrgUnitRow } from '../src/modules/org/org.repository';
import { buildHousehold, buildTree, buildUser, type Tree, uniq } from './factories';
import { login, multipartFile, type TestApp } from './harness';

/**
 * A small two-sided world for the access matrix and the fuzz test: one jurisdiction ("inside") where
 * a user of every role is bound at the level docs/rules.md#roles-and-scope gives that role, and a second city ("outside")
 * with the same kinds of rows, none of which any inside user may see. Every name on the outside
 * carries OUTSIDE_MARK so a leak shows up in any response body.
 */
export const OUTSIDE_MARK = 'ZZOUT';

export type Side = 'inside' | 'outside';

export interface SideWorld {
  side: Side;
  tree: Tree;
  department: OrgUnitRow;
  partnerOrg: OrgUnitRow;
  household: { id: number };
  resident: { id: number };
  photo: { id: number };
  /** Ids of rows other modules' fixtures create (reports, chores, orders …), by name. */
  ids: Record<string, number>;
  strings: Record<string, string>;
  /** The unit each role is bound to on this side. */
  unitOf: Record<Role, OrgUnitRow>;
  users: Record<Role, { id: number; phone: string }>;
}

export interface World {
  t: TestApp;
  inside: SideWorld;
  outside: SideWorld;
  /** Session cookie of the inside user of each role. */
  cookies: Record<Role, string>;
  /** Session cookie of the outside user of each role (for fixtures created through the API). */
  outsideCookies: Record<Role, string>;
}

/** Where each role is bound (docs/rules.md#roles-and-scope): captain and resident a building, grid worker a grid … */
export function unitsOf(tree: Tree, department: OrgUnitRow, partnerOrg: OrgUnitRow): Record<Role, OrgUnitRow> {
  return {
    resident: tree.building,
    captain: tree.building,
    grid_worker: tree.grid,
    community_staff: tree.community,
    street_staff: tree.street,
    department_staff: department,
    property_window: tree.estate,
    partner: partnerOrg,
    admin: tree.street,
  };
}

export async function jpeg(hue = 90): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: hue, g: 255 - hue, b: 90 } } })
    .jpeg()
    .toBuffer();
}

async function buildSide(t: TestApp, side: Side): Promise<{ world: SideWorld; cookies: Record<Role, string> }> {
  const db = t.database.db;
  const mark = side === 'outside' ? OUTSIDE_MARK : 'IN';
  const tree = await buildTree(db);
  // Names carry the mark so leaks are visible; buildTree's own names are rewritten here.
  const rename = async (u: OrgUnitRow) => {
    await db.execute(sql`update org_units set name = ${`${mark}-${u.kind}-${uniq()}`} where id = ${u.id}`);
  };
  for (const u of Object.values(tree)) await rename(u);
  const department = await insertChild(db, tree.district, {
    kind: 'department',
    name: `${mark}-城管-${uniq()}`,
    management: null,
    address: null,
  });
  const partnerOrg = await insertChild(db, tree.street, {
    kind: 'partner_org',
    name: `${mark}-爱心企业-${uniq()}`,
    management: null,
    address: null,
  });
  const unitOf = unitsOf(tree, department, partnerOrg);
  const users = {} as Record<Role, { id: number; phone: string }>;
  for (const role of ROLES) {
    users[role] = await buildUser(db, t.cipher, [{ role, unit: unitOf[role] }], `${mark}-${role}-${uniq()}`);
  }
  const { household, residents } = await buildHousehold(
    db,
    t.services.households,
    tree.building,
    [{ name: `${mark}-居民-${uniq()}`, careTags: ['elderly_alone'] }],
    { userId: users.resident.id },
  );
  const cookies = {} as Record<Role, string>;
  for (const role of ROLES) cookies[role] = await login(t.app, users[role].phone);
  const mp = multipartFile('file', 'p.jpg', await jpeg(side === 'inside' ? 40 : 200), 'image/jpeg');
  const up = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie: cookies.grid_worker },
  });
  if (up.statusCode !== 201) throw new Error(`photo fixture: ${up.statusCode} ${up.body}`);
  const resident = residents[0];
  if (!resident) throw new Error('no resident');
  return {
    world: {
      side,
      tree,
      department,
      partnerOrg,
      household: { id: household.id },
      resident: { id: resident.id },
      photo: { id: up.json().id },
      ids: {},
      strings: {},
      unitOf,
      users,
    },
    cookies,
  };
}

/** The session cookie of `role` on the given side. */
export function cookieOf(w: World, s: SideWorld, role: Role): string {
  return (s.side === 'inside' ? w.cookies : w.outsideCookies)[role];
}

/** Hooks other modules add to build their rows on both sides (a report, a chore, an order …). */
export type WorldExtension = (w: World, side: Side) => Promise<void>;

export async function buildWorld(t: TestApp, extensions: readonly WorldExtension[] = []): Promise<World> {
  const a = await buildSide(t, 'inside');
  const b = await buildSide(t, 'outside');
  const w: World = { t, inside: a.world, outside: b.world, cookies: a.cookies, outsideCookies: b.cookies };
  for (const ext of extensions) {
    await ext(w, 'inside');
    await ext(w, 'outside');
  }
  return w;
}
