import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { households, orgUnits, residents } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type HouseholdRow = typeof households.$inferSelect;
export type ResidentRow = typeof residents.$inferSelect;

const householdCols = {
  id: households.id,
  streetId: households.streetId,
  buildingId: households.buildingId,
  path: households.path,
  unitLabel: households.unitLabel,
  floor: households.floor,
  room: households.room,
  floorArea: households.floorArea,
  isOwner: households.isOwner,
  ownerKey: households.ownerKey,
  buildingName: orgUnits.name,
};
export type HouseholdListed = Pick<
  HouseholdRow,
  'id' | 'streetId' | 'buildingId' | 'path' | 'unitLabel' | 'floor' | 'room' | 'floorArea' | 'isOwner' | 'ownerKey'
> & { buildingName: string };

export interface HouseholdFilter {
  underPath?: string;
  q?: string;
  /** A member's phone, by its blind index (residents_phone_idx), in place of `q`. */
  phoneHash?: string;
  careTagHash?: string;
  afterId?: number;
  limit: number;
}

function householdConds(scope: Scope, f: HouseholdFilter) {
  const conds = [scope.where(households.path)];
  if (f.underPath) conds.push(sql`${households.path} like ${`${f.underPath}%`}`);
  if (f.phoneHash) {
    conds.push(sql`${households.id} in (select r.household_id from residents r where r.phone_hash = ${f.phoneHash})`);
  } else if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      sql`(${orgUnits.name} like ${like} or ${households.room} like ${like} or exists (select 1 from residents r where r.household_id = ${households.id} and r.name like ${like}))`,
    );
  }
  if (f.careTagHash) {
    conds.push(
      sql`exists (select 1 from residents r where r.household_id = ${households.id} and r.care_tag_hashes @> array[${f.careTagHash}]::text[])`,
    );
  }
  return conds;
}

/** How many households the filter shows, counting no further than `cap + 1`. */
export async function countInScope(db: Db, scope: Scope, f: HouseholdFilter, cap: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from households inner join org_units on org_units.id = households.building_id
         where ${and(...householdConds(scope, f))} limit ${cap + 1}) s`,
  );
  return Number(r?.n ?? 0);
}

/** One page of households in `scope`, in id order. */
export async function listInScope(db: Db, scope: Scope, f: HouseholdFilter): Promise<HouseholdListed[]> {
  const conds = householdConds(scope, f);
  if (f.afterId) conds.push(gt(households.id, f.afterId));
  return db
    .select(householdCols)
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.buildingId))
    .where(and(...conds))
    .orderBy(asc(households.id))
    .limit(f.limit);
}

export async function findInScope(db: Db, scope: Scope, id: number): Promise<HouseholdListed | undefined> {
  const [row] = await db
    .select(householdCols)
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.buildingId))
    .where(and(eq(households.id, id), scope.where(households.path)));
  return row;
}

export async function findOfUser(db: Db, userId: number): Promise<HouseholdListed | undefined> {
  const [row] = await db
    .select(householdCols)
    .from(households)
    .innerJoin(orgUnits, eq(orgUnits.id, households.buildingId))
    .innerJoin(residents, eq(residents.householdId, households.id))
    .where(eq(residents.userId, userId))
    .limit(1);
  return row;
}

export async function residentsOf(db: Db, householdIds: number[]): Promise<ResidentRow[]> {
  if (householdIds.length === 0) return [];
  return db
    .select()
    .from(residents)
    .where(inArray(residents.householdId, householdIds))
    .orderBy(asc(residents.householdId), asc(residents.id));
}

/** A resident with their household's path, so the caller can check jurisdiction. */
export async function findResident(db: Db, id: number) {
  const [row] = await db
    .select({ resident: residents, path: households.path })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .where(eq(residents.id, id));
  return row;
}

export async function findHouseholdByAddress(db: Db, buildingId: number, unitLabel: string | null, room: string) {
  const [row] = await db
    .select()
    .from(households)
    .where(
      and(
        eq(households.buildingId, buildingId),
        sql`coalesce(${households.unitLabel}, '') = ${unitLabel ?? ''}`,
        eq(households.room, room),
      ),
    );
  return row;
}

export async function insertHousehold(db: Db, v: typeof households.$inferInsert): Promise<HouseholdRow> {
  const [row] = await db.insert(households).values(v).returning();
  return row as HouseholdRow;
}

/** Sets (or clears) the household's owner key. */
export async function setOwnerKey(db: Db, id: number, ownerKey: string | null): Promise<void> {
  await db.update(households).set({ ownerKey }).where(eq(households.id, id));
}

export async function insertResidents(db: Db, vs: (typeof residents.$inferInsert)[]): Promise<ResidentRow[]> {
  if (vs.length === 0) return [];
  return db.insert(residents).values(vs).returning();
}

/**
 * Of `hashes`, those registered to a resident of a household in `scope`, after taking a transaction-scoped
 * advisory lock on each (in a fixed order), so two registrations of the same number cannot both pass.
 */
export async function lockAndFindIdHashesInScope(db: Db, scope: Scope, hashes: string[]): Promise<Set<string>> {
  const unique = [...new Set(hashes)].sort();
  if (unique.length === 0) return new Set();
  for (const h of unique) await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`id:${h}`}, 0))`);
  const found = await db
    .select({ h: residents.idNumberHash })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .where(and(inArray(residents.idNumberHash, unique), scope.where(households.path)));
  return new Set(found.map((r) => r.h as string));
}

/** Buildings in `scope`, by name, for resolving the 楼栋 column of an import. */
export async function buildingsByName(db: Db, scope: Scope, names: string[]) {
  if (names.length === 0) return [];
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, streetId: orgUnits.streetId })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'building'), inArray(orgUnits.name, names), scope.where(orgUnits.path)));
}

export async function findBuildingInScope(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path, streetId: orgUnits.streetId })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), eq(orgUnits.kind, 'building'), scope.where(orgUnits.path)));
  return row;
}

/** The households of a building, by unit and room (no people): for choosing where one lives. */
export async function roomsOf(db: Db, buildingId: number) {
  return db
    .select({ householdId: households.id, unitLabel: households.unitLabel, room: households.room })
    .from(households)
    .where(eq(households.buildingId, buildingId))
    .orderBy(sql`coalesce(${households.unitLabel}, '')`, asc(households.floor), asc(households.room));
}

export async function findHousehold(db: Db, id: number) {
  const [row] = await db.select().from(households).where(eq(households.id, id));
  return row;
}

/** A household of the building with a registered member whose phone has this blind index. */
export async function householdWithPhone(db: Db, buildingId: number, phoneHash: string) {
  const [row] = await db
    .select({
      householdId: households.id,
      unitLabel: households.unitLabel,
      room: households.room,
      residentId: residents.id,
      userId: residents.userId,
    })
    .from(residents)
    .innerJoin(households, eq(households.id, residents.householdId))
    .where(and(eq(households.buildingId, buildingId), eq(residents.phoneHash, phoneHash)))
    .orderBy(asc(residents.id))
    .limit(1);
  return row;
}

export async function linkResident(db: Db, residentId: number, userId: number): Promise<void> {
  await db.update(residents).set({ userId }).where(eq(residents.id, residentId));
}

/** Households per building under `scope` (for captains' coverage). */
export async function countsByBuilding(db: Db, scope: Scope): Promise<Map<number, number>> {
  const r = await rows<{ buildingId: number; n: number }>(
    db,
    sql`select building_id as "buildingId", count(*)::int as n from households h
         where ${scope.where(sql`h.path`)} group by building_id`,
  );
  return new Map(r.map((x) => [Number(x.buildingId), Number(x.n)]));
}
