import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { careAssignments, careContacts, careCycles, careVisits, users } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

/** A cared-for resident with where they live, who visits them and when they were last visited. */
export interface CaredRow {
  residentId: number;
  streetId: number;
  name: string;
  birthYear: number | null;
  careTagsEnc: string | null;
  householdId: number;
  buildingId: number;
  buildingName: string;
  unitLabel: string | null;
  room: string;
  path: string;
  communityId: number | null;
  visitorUserId: number | null;
  visitorName: string | null;
  visitorRole: string | null;
  assignedMs: number | null;
  lastVisitOn: string | null;
}

export interface CaredFilter {
  underPath?: string;
  residentId?: number;
  visitorUserId?: number;
  /** Blind indexes of the tags that carry a visit cycle somewhere: only residents with one of them. */
  tagHashes: readonly string[];
}

/** Cared-for residents in `scope` (any of `tagHashes`), in id order. */
export async function caredInScope(db: Db, scope: Scope, f: CaredFilter): Promise<CaredRow[]> {
  if (f.tagHashes.length === 0) return [];
  const conds = [
    scope.where(sql`h.path`),
    sql`r.care_tag_hashes && ${sql`array[${sql.join(
      [...f.tagHashes].map((h) => sql`${h}`),
      sql`, `,
    )}]::text[]`}`,
  ];
  if (f.underPath) conds.push(sql`h.path like ${`${f.underPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (f.residentId !== undefined) conds.push(sql`r.id = ${f.residentId}`);
  if (f.visitorUserId !== undefined) conds.push(sql`a.visitor_user_id = ${f.visitorUserId}`);
  return rows<CaredRow>(
    db,
    sql`select r.id as "residentId", r.street_id as "streetId", r.name, r.birth_year as "birthYear",
          r.care_tags_enc as "careTagsEnc", h.id as "householdId", h.building_id as "buildingId",
          b.name as "buildingName", h.unit_label as "unitLabel", h.room, h.path,
          (select c.id from org_units c where c.kind = 'community' and h.path like c.path || '%' limit 1) as "communityId",
          a.visitor_user_id as "visitorUserId", u.name as "visitorName", a.visitor_role as "visitorRole",
          (extract(epoch from a.assigned_at) * 1000)::float8 as "assignedMs",
          (select to_char(max(v.visited_on), 'YYYY-MM-DD') from care_visits v where v.resident_id = r.id) as "lastVisitOn"
        from residents r
        join households h on h.id = r.household_id
        join org_units b on b.id = h.building_id
        left join care_assignments a on a.resident_id = r.id
        left join users u on u.id = a.visitor_user_id
        where ${sql.join(conds, sql` and `)}
        order by r.id
        limit 2000`,
  );
}

export async function cyclesOf(db: Db, communityIds: readonly number[]) {
  if (communityIds.length === 0) return [];
  return db
    .select({ communityId: careCycles.communityId, careTag: careCycles.careTag, everyDays: careCycles.everyDays })
    .from(careCycles)
    .where(inArray(careCycles.communityId, [...communityIds]));
}

/** Tags some community in `scope` has given a cycle (beyond the built-in ones). */
export async function configuredTagsInScope(db: Db, scope: Scope): Promise<string[]> {
  const r = await rows<{ tag: string }>(
    db,
    sql`select distinct cc.care_tag as tag from care_cycles cc join org_units c on c.id = cc.community_id
        where cc.every_days is not null and ${scope.where(sql`c.path`)}`,
  );
  return r.map((x) => x.tag);
}

export async function upsertCycle(
  db: Db,
  v: { streetId: number; communityId: number; careTag: string; everyDays: number | null; userId: number; at: Date },
) {
  await db
    .insert(careCycles)
    .values({
      streetId: v.streetId,
      communityId: v.communityId,
      careTag: v.careTag,
      everyDays: v.everyDays,
      updatedByUserId: v.userId,
      updatedAt: v.at,
    })
    .onConflictDoUpdate({
      target: [careCycles.communityId, careCycles.careTag],
      set: { everyDays: v.everyDays, updatedByUserId: v.userId, updatedAt: v.at },
    });
}

export async function upsertAssignment(db: Db, v: typeof careAssignments.$inferInsert) {
  await db
    .insert(careAssignments)
    .values(v)
    .onConflictDoUpdate({
      target: careAssignments.residentId,
      set: {
        visitorUserId: v.visitorUserId,
        visitorRole: v.visitorRole,
        assignedByUserId: v.assignedByUserId,
        assignedAt: v.assignedAt,
      },
    });
}

/** The roles `userId` holds over `path` that can make them a visitor: captain of the building, grid worker above it. */
export async function visitorRolesOver(db: Db, userId: number, buildingId: number, path: string) {
  const r = await rows<{ role: string }>(
    db,
    sql`select rb.role from role_bindings rb join org_units o on o.id = rb.org_unit_id
        where rb.user_id = ${userId}
          and ((rb.role = 'captain' and rb.org_unit_id = ${buildingId})
            or (rb.role = 'grid_worker' and ${path} like o.path || '%'))`,
  );
  return r.map((x) => x.role);
}

/** Captains of the building and grid workers above it: who may be assigned. */
export async function visitorOptions(db: Db, buildingId: number, path: string) {
  return rows<{ userId: number; name: string; role: 'captain' | 'grid_worker' }>(
    db,
    sql`select distinct u.id as "userId", u.name, rb.role from role_bindings rb
        join org_units o on o.id = rb.org_unit_id join users u on u.id = rb.user_id
        where u.disabled_at is null
          and ((rb.role = 'captain' and rb.org_unit_id = ${buildingId})
            or (rb.role = 'grid_worker' and ${path} like o.path || '%'))
        order by rb.role, u.name`,
  );
}

export async function contactsOf(db: Db, residentId: number) {
  return db.select().from(careContacts).where(eq(careContacts.residentId, residentId)).orderBy(asc(careContacts.id));
}

export async function insertContact(db: Db, v: typeof careContacts.$inferInsert) {
  const [row] = await db.insert(careContacts).values(v).returning();
  return row!;
}

export type VisitRow = typeof careVisits.$inferSelect & { visitorName: string };

export async function visitsOf(db: Db, residentId: number, limit = 50): Promise<VisitRow[]> {
  return db
    .select({ v: careVisits, visitorName: users.name })
    .from(careVisits)
    .innerJoin(users, eq(users.id, careVisits.visitorUserId))
    .where(eq(careVisits.residentId, residentId))
    .orderBy(desc(careVisits.visitedAt), desc(careVisits.id))
    .limit(limit)
    .then((r) => r.map((x) => ({ ...x.v, visitorName: x.visitorName })));
}

export async function insertVisit(db: Db, v: typeof careVisits.$inferInsert) {
  const [row] = await db.insert(careVisits).values(v).returning();
  return row!;
}

export async function findVisit(db: Db, id: number) {
  const [row] = await db.select().from(careVisits).where(eq(careVisits.id, id));
  return row;
}

/** Links the report a visit's need became; false when the visit already has one. */
export async function setVisitReport(db: Db, visitId: number, reportId: number): Promise<boolean> {
  const r = await db
    .update(careVisits)
    .set({ reportId })
    .where(and(eq(careVisits.id, visitId), isNull(careVisits.reportId)))
    .returning({ id: careVisits.id });
  return r.length === 1;
}

/** The street of an org unit (the tenant key rows carry). */
export async function streetOf(db: Db, orgUnitId: number): Promise<number | null> {
  const [r] = await rows<{ streetId: number | null }>(
    db,
    sql`select street_id as "streetId" from org_units where id = ${orgUnitId}`,
  );
  return r?.streetId ?? null;
}

/** Care visits logged under a unit over [from, to), and how many of them raised a report. */
export async function visitFigures(db: Db, path: string, from: Date, to: Date) {
  const [r] = await rows<{ visits: string; people: string; reports: string }>(
    db,
    sql`select count(*) as visits, count(distinct resident_id) as people, count(report_id) as reports
          from care_visits
         where path like ${`${path}%`} and visited_at >= ${from} and visited_at < ${to}`,
  );
  return { visits: Number(r?.visits ?? 0), people: Number(r?.people ?? 0), reports: Number(r?.reports ?? 0) };
}
