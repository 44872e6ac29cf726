import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { orgUnits, roleBindings, users } from '../../db/schema';
import type { Db } from '../../platform/db';
import type { Scope } from '../../platform/scope';
import { unitIdsOnPath } from '../../platform/scope';

export type OrgRow = typeof orgUnits.$inferSelect;

export async function findUnitInScope(db: Db, scope: Scope, id: number): Promise<OrgRow | undefined> {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), scope.where(orgUnits.path)));
  return row;
}

/** The buildings under `unit` (itself, when it is one), in tree order; `limit + 1` rows at most so callers can refuse too many. */
export async function buildingsUnder(db: Db, unit: OrgRow, limit: number): Promise<OrgRow[]> {
  return db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'building'), sql`${orgUnits.path} like ${`${unit.path}%`}`))
    .orderBy(asc(orgUnits.parentId), asc(orgUnits.name))
    .limit(limit + 1);
}

/** Every unit named on any of `paths` (ancestors and the units themselves). */
export async function unitsOnPaths(db: Db, paths: readonly string[]): Promise<Map<number, OrgRow>> {
  const ids = [...new Set(paths.flatMap(unitIdsOnPath))];
  if (ids.length === 0) return new Map();
  const found = await db.select().from(orgUnits).where(inArray(orgUnits.id, ids));
  return new Map(found.map((u) => [u.id, u]));
}

/** People holding `role` at any of `orgUnitIds`, with the encrypted phone the board shows masked. */
export async function peopleBoundAt(db: Db, role: string, orgUnitIds: number[]) {
  if (orgUnitIds.length === 0) return [];
  return db
    .select({ userId: users.id, orgUnitId: roleBindings.orgUnitId, name: users.name, phoneEnc: users.phoneEnc })
    .from(roleBindings)
    .innerJoin(users, eq(users.id, roleBindings.userId))
    .where(
      and(eq(roleBindings.role, role), inArray(roleBindings.orgUnitId, orgUnitIds), sql`${users.disabledAt} is null`),
    )
    .orderBy(asc(roleBindings.id));
}
