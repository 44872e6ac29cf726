import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { orgUnits, residencyClaims, users } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type ClaimRow = typeof residencyClaims.$inferSelect;

export interface BuildingRow {
  id: number;
  name: string;
  path: string;
  streetId: number;
  address: string | null;
}

/** The building at `id` (null for any other kind of unit, or one outside a street). */
export async function findBuilding(db: Db, id: number): Promise<BuildingRow | undefined> {
  const [row] = await db
    .select({
      id: orgUnits.id,
      name: orgUnits.name,
      path: orgUnits.path,
      streetId: orgUnits.streetId,
      kind: orgUnits.kind,
      address: orgUnits.address,
    })
    .from(orgUnits)
    .where(eq(orgUnits.id, id));
  if (row?.kind !== 'building' || row.streetId === null) return undefined;
  return { id: row.id, name: row.name, path: row.path, streetId: row.streetId, address: row.address };
}

/** Is the user a registered member of a household of the building, or bound as a resident over it? */
export async function isResident(db: Db, userId: number, building: { id: number; path: string }): Promise<boolean> {
  const [r] = await rows<{ ok: boolean }>(db, sql`select ${residentTestAt(userId, building)} as ok`);
  return Boolean(r?.ok);
}

/**
 * Whether `userId` lives in the building with this id and path (household registry, or the resident role at
 * or above it), as SQL over the caller's expressions, so another statement can ask it without a round trip.
 */
export function residentTest(userId: number | SQL, buildingId: SQL, buildingPath: SQL): SQL {
  // Aliases of its own, so the caller's expressions (`b.id`) are not captured by them.
  return sql`(exists (select 1 from residents rt_r join households rt_h on rt_h.id = rt_r.household_id
                       where rt_r.user_id = ${userId} and rt_h.building_id = ${buildingId})
           or exists (select 1 from role_bindings rt_b join org_units rt_o on rt_o.id = rt_b.org_unit_id
                       where rt_b.user_id = ${userId} and rt_b.role = 'resident' and ${buildingPath} like rt_o.path || '%'))`;
}

/** `residentTest` over a row `b` with columns `id` and `path` in the caller's statement (the user: a value or SQL). */
export function residentTestOverB(userId: number | SQL): SQL {
  return residentTest(userId, sql`b.id`, sql`b.path`);
}

/** One row when the user lives in the building, none otherwise: a guard for `writeAll`. */
export function residentRow(userId: number, building: { id: number; path: string }): SQL {
  return sql`select 1 where ${residentTestAt(userId, building)}`;
}

/** `residentTest` for a building given by value. */
function residentTestAt(userId: number, building: { id: number; path: string }): SQL {
  return residentTest(userId, sql`${building.id}::bigint`, sql`${building.path}::text`);
}

/** Inserts a pending claim; null when the person already has one pending for the building. */
export async function insertPending(db: Db, v: typeof residencyClaims.$inferInsert): Promise<ClaimRow | null> {
  const [row] = await db
    .insert(residencyClaims)
    .values({ ...v, status: 'pending' })
    .onConflictDoNothing({
      target: [residencyClaims.userId, residencyClaims.buildingId],
      where: sql`${residencyClaims.status} = 'pending'`,
    })
    .returning();
  return row ?? null;
}

export async function findClaim(db: Db, id: number): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(residencyClaims).where(eq(residencyClaims.id, id));
  return row;
}

export async function pendingOf(db: Db, userId: number, buildingId: number): Promise<ClaimRow | undefined> {
  const [row] = await db
    .select()
    .from(residencyClaims)
    .where(
      and(
        eq(residencyClaims.userId, userId),
        eq(residencyClaims.buildingId, buildingId),
        eq(residencyClaims.status, 'pending'),
      ),
    );
  return row;
}

/** Decides a pending claim; false when it was no longer pending (someone else decided first). */
export async function decide(
  db: Db,
  id: number,
  v: Pick<ClaimRow, 'status' | 'decidedByUserId' | 'decidedAt'> &
    Partial<Pick<ClaimRow, 'householdId' | 'residentId' | 'reason'>>,
): Promise<boolean> {
  const done = await db
    .update(residencyClaims)
    .set(v)
    .where(and(eq(residencyClaims.id, id), eq(residencyClaims.status, 'pending')))
    .returning({ id: residencyClaims.id });
  return done.length === 1;
}

export interface ClaimListed {
  claim: ClaimRow;
  buildingName: string;
  communityName: string | null;
  userName: string;
  phoneEnc: string;
  phoneHash: string;
  decidedByName: string | null;
}

const community = sql<string | null>`(select c.name from org_units c
  where c.kind = 'community' and ${orgUnits.path} like c.path || '%' order by c.depth desc limit 1)`;
const decider = sql<string | null>`(select d.name from users d where d.id = ${residencyClaims.decidedByUserId})`;

export interface ClaimFilter {
  scope?: Scope;
  status?: ClaimRow['status'];
  buildingId?: number;
  userId?: number;
  id?: number;
}

/** Claims matching the filter, newest first. */
export async function list(db: Db, f: ClaimFilter, limit = 200): Promise<ClaimListed[]> {
  const where: SQL[] = [];
  if (f.scope) where.push(f.scope.where(residencyClaims.path));
  if (f.status) where.push(eq(residencyClaims.status, f.status));
  if (f.buildingId !== undefined) where.push(eq(residencyClaims.buildingId, f.buildingId));
  if (f.userId !== undefined) where.push(eq(residencyClaims.userId, f.userId));
  if (f.id !== undefined) where.push(eq(residencyClaims.id, f.id));
  return db
    .select({
      claim: residencyClaims,
      buildingName: orgUnits.name,
      communityName: community,
      userName: users.name,
      phoneEnc: users.phoneEnc,
      phoneHash: users.phoneHash,
      decidedByName: decider,
    })
    .from(residencyClaims)
    .innerJoin(orgUnits, eq(orgUnits.id, residencyClaims.buildingId))
    .innerJoin(users, eq(users.id, residencyClaims.userId))
    .where(and(...where))
    .orderBy(desc(residencyClaims.id))
    .limit(limit);
}

/** The person behind an account, for admitting them into a household. */
export async function findUser(db: Db, id: number) {
  const [row] = await db
    .select({ id: users.id, name: users.name, phoneEnc: users.phoneEnc, phoneHash: users.phoneHash })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

/** Buildings whose name or address contains `q` (at most 20), with their community. */
export async function searchBuildings(db: Db, q: string) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, communityName: community, address: orgUnits.address })
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.kind, 'building'),
        sql`(${orgUnits.name} like ${like} or coalesce(${orgUnits.address}, '') like ${like})`,
      ),
    )
    .orderBy(orgUnits.name, orgUnits.id)
    .limit(20);
}

/** The claim, row-locked until the deciding transaction ends. */
export async function lockClaim(db: Db, id: number): Promise<ClaimRow | undefined> {
  const [row] = await db.select().from(residencyClaims).where(eq(residencyClaims.id, id)).for('update');
  return row;
}

/** Pending residency claims in `scope` (待确认住户). */
export async function countPending(db: Db, scope: Scope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(residencyClaims)
    .where(and(scope.where(residencyClaims.path), eq(residencyClaims.status, 'pending')));
  return row?.n ?? 0;
}
