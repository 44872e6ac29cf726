import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import {
  orgUnits,
  reportCategories,
  reportCategorySlas,
  reportEvents,
  reportFollowers,
  reports,
  roleBindings,
  users,
} from '../../db/schema';
import { type Db, type Fragment, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type ReportRow = typeof reports.$inferSelect;
export type ReportEventRow = typeof reportEvents.$inferSelect;
export type CategoryRow = typeof reportCategories.$inferSelect;
export type OrgRow = typeof orgUnits.$inferSelect;

/** The columns of a report row as written. */
export type ReportInsert = typeof reports.$inferInsert;

/** Locks the report row for a change (the compare-and-set on `version` backs this up). */
export async function lockReport(db: Db, id: number): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id)).for('update');
  return row;
}

/** Applies a change when the report is still at `version`; undefined when someone else changed it first. */
export async function compareAndSet(
  db: Db,
  id: number,
  version: number,
  set: Partial<typeof reports.$inferInsert>,
): Promise<ReportRow | undefined> {
  const [row] = await db
    .update(reports)
    .set({ ...set, version: version + 1 })
    .where(and(eq(reports.id, id), eq(reports.version, version)))
    .returning();
  return row;
}

export async function insertReport(db: Db, v: typeof reports.$inferInsert): Promise<ReportRow> {
  const [row] = await db.insert(reports).values(v).returning();
  return row as ReportRow;
}

export async function insertEvent(db: Db, v: typeof reportEvents.$inferInsert): Promise<ReportEventRow> {
  const [row] = await db.insert(reportEvents).values(v).returning();
  return row as ReportEventRow;
}

export async function eventsOf(db: Db, reportId: number) {
  return db
    .select({
      event: reportEvents,
      actorName: users.name,
      handlerName: sql<string | null>`(select h.name from org_units h where h.id = ${reportEvents.handlerOrgUnitId})`,
    })
    .from(reportEvents)
    .leftJoin(users, eq(users.id, reportEvents.actorUserId))
    .where(eq(reportEvents.reportId, reportId))
    .orderBy(asc(reportEvents.version));
}

/** The newest note after intake of each report (what a public page shows as the latest word), in one query. */
export async function lastNotes(db: Db, reportIds: readonly number[]): Promise<Map<number, string>> {
  if (reportIds.length === 0) return new Map();
  const found = await rows<{ report_id: number; note: string }>(
    db,
    sql`select distinct on (report_id) report_id, note from report_events
        where report_id = any(${`{${reportIds.join(',')}}`}::bigint[]) and note is not null and type <> 'submitted'
        order by report_id, version desc`,
  );
  return new Map(found.map((r) => [Number(r.report_id), r.note]));
}

export async function addFollower(
  db: Db,
  v: { reportId: number; userId: number; streetId: number; kind: string; createdAt: Date },
): Promise<boolean> {
  const r = await db.insert(reportFollowers).values(v).onConflictDoNothing().returning({ u: reportFollowers.userId });
  return r.length > 0;
}

export async function followerIds(db: Db, reportId: number): Promise<number[]> {
  const r = await db
    .select({ u: reportFollowers.userId })
    .from(reportFollowers)
    .where(eq(reportFollowers.reportId, reportId));
  return r.map((x) => x.u);
}

export async function isFollowing(db: Db, reportIds: number[], userId: number): Promise<Set<number>> {
  if (reportIds.length === 0) return new Set();
  const r = await db
    .select({ id: reportFollowers.reportId })
    .from(reportFollowers)
    .where(and(inArray(reportFollowers.reportId, reportIds), eq(reportFollowers.userId, userId)));
  return new Set(r.map((x) => x.id));
}

/** Copies the followers of `fromId` onto `toId` (a merge); returns how many were new there. */
export async function copyFollowers(db: Db, fromId: number, toId: number, at: Date): Promise<number> {
  const r = await rows<{ user_id: number }>(
    db,
    sql`insert into report_followers (report_id, user_id, street_id, kind, created_at)
        select ${toId}, f.user_id, f.street_id, 'merged', ${at.toISOString()}::timestamptz
        from report_followers f where f.report_id = ${fromId}
        on conflict do nothing returning user_id`,
  );
  return r.length;
}

export async function countFollowers(db: Db, reportId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(reportFollowers)
    .where(eq(reportFollowers.reportId, reportId));
  return Number(r?.n ?? 0);
}

export async function findOrgUnit(db: Db, id: number): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

/** Users holding one of `roles` at one of `orgUnitIds`, with their names (handlers, the captain shown on the board). */
export async function usersBoundAt(db: Db, roles: readonly string[], orgUnitIds: number[]) {
  if (orgUnitIds.length === 0 || roles.length === 0) return [];
  return db
    .select({
      userId: roleBindings.userId,
      name: users.name,
      role: roleBindings.role,
      orgUnitId: roleBindings.orgUnitId,
    })
    .from(roleBindings)
    .innerJoin(users, eq(users.id, roleBindings.userId))
    .where(
      and(
        inArray(roleBindings.role, [...roles]),
        inArray(roleBindings.orgUnitId, orgUnitIds),
        sql`${users.disabledAt} is null`,
      ),
    )
    .orderBy(asc(roleBindings.id));
}

export async function findCategory(db: Db, id: number): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(reportCategories).where(eq(reportCategories.id, id));
  return row;
}

export async function listCategories(db: Db) {
  const cats = await db.select().from(reportCategories).orderBy(asc(reportCategories.sort), asc(reportCategories.id));
  const slas = await db.select().from(reportCategorySlas).orderBy(asc(reportCategorySlas.level));
  return { cats, slas };
}

/** The SLA of a category at a level, falling back to its parent's. */
export async function slaFor(
  db: Db,
  categoryId: number,
  level: number,
): Promise<{ ackHours: number; resolveHours: number } | undefined> {
  const [r] = await rows<{ ack_hours: number; resolve_hours: number }>(
    db,
    sql`select s.ack_hours, s.resolve_hours from report_category_slas s
        join report_categories c on c.id = ${categoryId}
        where s.level = ${level} and s.category_id in (c.id, c.parent_id)
        order by (s.category_id = c.id) desc limit 1`,
  );
  return r ? { ackHours: Number(r.ack_hours), resolveHours: Number(r.resolve_hours) } : undefined;
}

export async function replaceSlas(
  db: Db,
  categoryId: number,
  slas: { level: number; ackHours: number; resolveHours: number }[],
): Promise<void> {
  for (const s of slas) {
    await db
      .insert(reportCategorySlas)
      .values({ categoryId, ...s })
      .onConflictDoUpdate({
        target: [reportCategorySlas.categoryId, reportCategorySlas.level],
        set: { ackHours: s.ackHours, resolveHours: s.resolveHours },
      });
  }
}

export async function setDefaultDepartment(db: Db, categoryId: number, departmentId: number | null) {
  await db
    .update(reportCategories)
    .set({ defaultDepartmentId: departmentId })
    .where(eq(reportCategories.id, categoryId));
}

/** Reports whose clock has run out, oldest deadline first. */
export async function dueReports(db: Db, now: Date, limit: number): Promise<{ id: number; version: number }[]> {
  return db
    .select({ id: reports.id, version: reports.version })
    .from(reports)
    .where(sql`${reports.dueAt} is not null and ${reports.dueAt} <= ${now.toISOString()}::timestamptz`)
    .orderBy(asc(reports.dueAt))
    .limit(limit);
}

export interface FigureAgg {
  key: number | string | null;
  received: number;
  answered: number;
  resolved: number;
  first_answer_hours: number | null;
  resolution_hours: number | null;
  avg_rating: number | null;
  rated: number;
  resolved_within_community: number;
  escalated_beyond_community: number;
}

/** Aggregates over reports received in [from, to) under `underPath` within `scope`, grouped by `groupBy`. */
export async function figures(
  db: Db,
  scope: Scope,
  f: { underPath?: string; from?: Date; to?: Date; groupBy: 'none' | 'level' | 'category' | 'day' },
): Promise<FigureAgg[]> {
  const conds: SQL[] = [scope.where(reports.path), sql`${reports.status} <> 'merged'`];
  if (f.underPath) conds.push(sql`${reports.path} like ${`${f.underPath}%`}`);
  if (f.from) conds.push(sql`${reports.createdAt} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`${reports.createdAt} < ${f.to.toISOString()}::timestamptz`);
  const key =
    f.groupBy === 'level'
      ? sql`${reports.level}::int`
      : f.groupBy === 'category'
        ? sql`coalesce(c.parent_id, c.id)`
        : f.groupBy === 'day'
          ? sql`to_char(${reports.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
          : sql`null::int`;
  const isResolved = sql`${reports.resolvedAt} is not null and ${reports.status} in ('resolved','closed')`;
  const res = await rows<FigureAgg>(
    db,
    sql`select ${key} as key,
          count(*)::int as received,
          count(${reports.firstAnsweredAt})::int as answered,
          count(*) filter (where ${isResolved})::int as resolved,
          avg(extract(epoch from (${reports.firstAnsweredAt} - ${reports.createdAt})) / 3600)::float8 as first_answer_hours,
          avg(extract(epoch from (${reports.resolvedAt} - ${reports.createdAt}) / 3600)) filter (where ${isResolved})::float8 as resolution_hours,
          avg(${reports.rating})::float8 as avg_rating,
          count(${reports.rating})::int as rated,
          count(*) filter (where ${isResolved} and ${reports.peakLevel} <= 3)::int as resolved_within_community,
          count(*) filter (where ${reports.peakLevel} > 3)::int as escalated_beyond_community
        from ${reports} join report_categories c on c.id = ${reports.categoryId}
        where ${and(...conds)}
        group by 1 order by 1`,
  );
  return res;
}

export async function categoryNames(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: reportCategories.id, zh: reportCategories.nameZh, en: reportCategories.nameEn })
    .from(reportCategories)
    .where(inArray(reportCategories.id, ids));
}

/** Reports with photo `photoId` on their timeline (submitted with it, or answered or resolved with it). */
export async function reportsHoldingPhoto(db: Db, photoId: number): Promise<number[]> {
  const found = await rows<{ id: number }>(
    db,
    sql`select distinct report_id as id from report_events where photo_ids @> array[${photoId}]::bigint[] limit 50`,
  );
  return found.map((r) => r.id);
}

/** Who resolved the report last (a subquery for another module's statement; no row when nobody did). */
export function lastResolverOf(reportId: number): Fragment {
  return sql`select ev.actor_user_id from report_events ev
              where ev.report_id = ${reportId} and ev.type = 'resolved' order by ev.version desc limit 1`;
}
