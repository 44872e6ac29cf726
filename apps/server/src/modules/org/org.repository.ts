import { and, asc, eq, sql } from 'drizzle-orm';
import { orgUnits } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type OrgUnitRow = typeof orgUnits.$inferSelect;

const withHasChildren = {
  id: orgUnits.id,
  parentId: orgUnits.parentId,
  streetId: orgUnits.streetId,
  kind: orgUnits.kind,
  name: orgUnits.name,
  path: orgUnits.path,
  depth: orgUnits.depth,
  management: orgUnits.management,
  address: orgUnits.address,
  createdAt: orgUnits.createdAt,
  hasChildren: sql<boolean>`exists (select 1 from org_units c where c.parent_id = "org_units"."id")`,
};

export async function findInScope(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select(withHasChildren)
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), scope.where(orgUnits.path)));
  return row;
}

export async function childrenInScope(db: Db, scope: Scope, parentId: number) {
  return db
    .select(withHasChildren)
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, parentId), scope.where(orgUnits.path)))
    .orderBy(asc(orgUnits.name));
}

export async function byPaths(db: Db, paths: readonly string[]) {
  if (paths.length === 0) return [];
  return db
    .select(withHasChildren)
    .from(orgUnits)
    .where(sql`${orgUnits.path} in ${paths}`)
    .orderBy(asc(orgUnits.depth), asc(orgUnits.name));
}

/**
 * Units in `scope` whose name contains `text`, shallowest first (a community before the buildings named
 * after it); at most `limit`. The scope's path prefixes bound the scan to the caller's subtrees.
 */
export async function searchInScope(db: Db, scope: Scope, text: string, limit: number) {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select(withHasChildren)
    .from(orgUnits)
    .where(and(scope.where(orgUnits.path), sql`${orgUnits.name} like ${like}`))
    .orderBy(asc(orgUnits.depth), asc(orgUnits.name), asc(orgUnits.id))
    .limit(limit);
}

/** Names of units by id. */
export async function namesOf(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const found = await db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(sql`${orgUnits.id} in ${[...ids]}`);
  return new Map(found.map((r) => [r.id, r.name]));
}

/** The path embeds the unit's own id, so the id is drawn before the insert. */
async function nextId(db: Db): Promise<number> {
  const [r] = await rows<{ id: number }>(db, sql`select nextval('org_units_id_seq')::bigint as id`);
  return Number(r?.id);
}

/** Inserts a unit under `parent`, computing its path from the new id in the same statement. */
export async function insertChild(
  db: Db,
  parent: Pick<OrgUnitRow, 'id' | 'path' | 'depth' | 'streetId' | 'kind'>,
  v: { kind: string; name: string; management: string | null; address: string | null },
): Promise<OrgUnitRow> {
  const newId = await nextId(db);
  const [row] = await db
    .insert(orgUnits)
    .overridingSystemValue()
    .values({
      id: newId,
      parentId: parent.id,
      streetId: v.kind === 'street' ? newId : parent.streetId,
      kind: v.kind,
      name: v.name,
      path: `${parent.path}${newId}/`,
      depth: parent.depth + 1,
      management: v.management,
      address: v.address,
    })
    .returning();
  return row as OrgUnitRow;
}

export async function insertRoot(db: Db, v: { kind: string; name: string }): Promise<OrgUnitRow> {
  const newId = await nextId(db);
  const [row] = await db
    .insert(orgUnits)
    .overridingSystemValue()
    .values({ id: newId, parentId: null, streetId: null, kind: v.kind, name: v.name, path: `/${newId}/`, depth: 0 })
    .returning();
  return row as OrgUnitRow;
}

export async function findById(db: Db, id: number): Promise<OrgUnitRow | undefined> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

/**
 * Departments (职能部门) serving `scope`: those under a district that contains one of its subtrees, and
 * those lying inside it (an admin of the city).
 */
export async function departmentsServing(db: Db, scope: Scope) {
  if (scope.isEmpty) return [];
  const districtContains = sql.join(
    scope.paths.map((p) => sql`${p} like p.path || '%'`),
    sql` or `,
  );
  return db
    .select(withHasChildren)
    .from(orgUnits)
    .where(
      and(
        eq(orgUnits.kind, 'department'),
        sql`(${scope.where(orgUnits.path)} or exists (select 1 from org_units p where p.id = ${orgUnits.parentId} and p.kind = 'district' and (${districtContains})))`,
      ),
    )
    .orderBy(asc(orgUnits.name));
}
