import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import {
  buildingReportTokens,
  orgUnits,
  reportCategories,
  reportCategorySlas,
  reportEvents,
  reportFollowers,
  reports,
  roleBindings,
  users,
} from '../../db/schema';
import { type Db, type Fragment, preparedRows, rows, type Write } from '../../platform/db';
import type { KeyShape } from '../../platform/pagination';
import { Scope, unitIdsOnPath } from '../../platform/scope';

export type ReportRow = typeof reports.$inferSelect;
export type ReportEventRow = typeof reportEvents.$inferSelect;
export type CategoryRow = typeof reportCategories.$inferSelect;
export type OrgRow = typeof orgUnits.$inferSelect;

/** Who is asking, for the visibility predicate: their jurisdiction, their departments, themselves. */
export interface Viewer {
  scope: Scope;
  departmentIds: number[];
  userId: number;
}

/** A report is visible within the viewer's jurisdiction, when dispatched to their department, or when they follow it. */
export function visibleWhere(v: Viewer): SQL {
  const parts: SQL[] = [v.scope.where(reports.path)];
  if (v.departmentIds.length) parts.push(inArray(reports.departmentId, v.departmentIds));
  parts.push(
    sql`exists (select 1 from report_followers f where f.report_id = ${reports.id} and f.user_id = ${v.userId})`,
  );
  return sql`(${sql.join(parts, sql` or `)})`;
}

// The building's and category's names by a lookup per row shown, not a join: a join let the planner hash
// a department's 100,000 open reports and sort them all for one page (10,000,000 reports: 100–150 ms),
// where the lookups leave it walking the index newest first and stopping at the page's end.
const listedCols = {
  report: reports,
  buildingName: sql<string>`(select b.name from org_units b where b.id = ${reports.buildingId})`,
  categoryCode: sql<string>`(select c.code from report_categories c where c.id = ${reports.categoryId})`,
  categoryNameZh: sql<string>`(select c.name_zh from report_categories c where c.id = ${reports.categoryId})`,
  categoryNameEn: sql<string>`(select c.name_en from report_categories c where c.id = ${reports.categoryId})`,
  handlerName: sql<string>`(select h.name from org_units h where h.id = ${reports.handlerOrgUnitId})`,
};
export type ReportListed = {
  report: ReportRow;
  buildingName: string;
  categoryCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  handlerName: string;
};

function listedQuery(db: Db) {
  return db.select(listedCols).from(reports);
}

export async function findVisible(db: Db, v: Viewer, id: number): Promise<ReportListed | undefined> {
  const [row] = await listedQuery(db).where(and(eq(reports.id, id), visibleWhere(v)));
  return row;
}

/** Where a report waits for a handler: a level below a binding's unit, or a department's own queue. */
export type HandlingAt = { level: number; path: string } | { departmentId: number };

/** The columns of a report row as written. */
export type ReportInsert = typeof reports.$inferInsert;

/** What a list asks for; every field narrows it (all of them at once). */
export interface ReportFilter {
  ids?: readonly number[];
  streetId?: number;
  /** Reported to, or followed by, this user. */
  followedBy?: number;
  /** Waiting at any of these places (an empty list matches nothing). */
  handlingAt?: readonly HandlingAt[];
  statusIn?: readonly string[];
  status?: string;
  level?: number;
  /** In these categories or their children. */
  categoryTree?: readonly number[];
  /** Under the unit at this path. */
  underPath?: string;
  /** Received in [from, to). */
  from?: Date;
  to?: Date;
  /** The search box: one report by number, the reporter's phone by its blind index, or under any of these units. */
  search?: { id: number } | { phoneHash: string } | { paths: readonly string[] };
  beforeId?: number;
  limit: number;
}

/** newest / oldest: by number (filing order); due: overdue first, then the least time left, then number. */
export type ReportSort = 'newest' | 'oldest' | 'due';
/** Where the next page starts: the last row's sort key (see `sortKeyOf`). */
export type ReportAfter = readonly (number | string)[];

const overdueRank = sql`(case when ${reports.isOverdue} then 0 else 1 end)`;
const dueKey = sql`coalesce(${reports.dueAt}, 'infinity'::timestamptz)`;

/** The sort key of a listed row, as the cursor carries it. */
export function sortKeyOf(sort: ReportSort, r: ReportRow): (number | string)[] {
  if (sort !== 'due') return [r.id];
  return [r.isOverdue ? 0 : 1, r.dueAt ? r.dueAt.toISOString() : 'infinity', r.id];
}
/** What the cursor of each sort holds. */
export const SORT_KEY_SHAPE: Record<ReportSort, KeyShape[]> = {
  newest: ['number'],
  oldest: ['number'],
  due: ['number', 'time', 'number'],
};

function sortSql(sort: ReportSort, after: ReportAfter | undefined): { order: SQL[]; after: SQL | null } {
  if (sort === 'newest') return { order: [desc(reports.id)], after: after ? lt(reports.id, Number(after[0])) : null };
  if (sort === 'oldest')
    return { order: [asc(reports.id)], after: after ? sql`${reports.id} > ${Number(after[0])}` : null };
  return {
    order: [asc(overdueRank), asc(dueKey), asc(reports.id)],
    after: after
      ? sql`(${overdueRank}, ${dueKey}, ${reports.id}) > (${Number(after[0])}, ${String(after[1])}::timestamptz, ${Number(after[2])})`
      : null,
  };
}

function filterSql(f: ReportFilter): SQL[] {
  const conds: SQL[] = [];
  if (f.ids) conds.push(inArray(reports.id, [...f.ids]));
  if (f.streetId !== undefined) conds.push(eq(reports.streetId, f.streetId));
  if (f.followedBy !== undefined) {
    // From the follower's side (report_followers_user_idx: user, report): a person follows a handful of
    // reports, found without walking the reports table newest first.
    conds.push(sql`${reports.id} in (select f.report_id from report_followers f where f.user_id = ${f.followedBy})`);
  }
  if (f.handlingAt) {
    const parts = f.handlingAt.map((h) =>
      'departmentId' in h
        ? sql`(${reports.level} = 5 and ${reports.departmentId} = ${h.departmentId})`
        : sql`(${reports.level} = ${h.level} and ${Scope.ofPaths([h.path]).where(reports.path)})`,
    );
    conds.push(parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`);
  }
  if (f.statusIn?.length) conds.push(inArray(reports.status, [...f.statusIn]));
  if (f.status) conds.push(eq(reports.status, f.status));
  if (f.level) conds.push(eq(reports.level, f.level));
  if (f.categoryTree?.length) {
    const ids = [...f.categoryTree];
    conds.push(
      sql`${reports.categoryId} in (select id from report_categories where id in ${ids} or parent_id in ${ids})`,
    );
  }
  if (f.underPath !== undefined) conds.push(sql`${reports.path} like ${`${f.underPath}%`}`);
  if (f.from) conds.push(sql`${reports.createdAt} >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) conds.push(sql`${reports.createdAt} < ${f.to.toISOString()}::timestamptz`);
  if (f.search) {
    const q = f.search;
    if ('id' in q) conds.push(eq(reports.id, q.id));
    else if ('phoneHash' in q) conds.push(eq(reports.reporterPhoneHash, q.phoneHash));
    else if (q.paths.length === 0) conds.push(sql`false`);
    else conds.push(Scope.ofPaths(q.paths).where(reports.path));
  }
  return conds;
}

export async function listVisible(
  db: Db,
  v: Viewer | null,
  f: ReportFilter,
  sort: ReportSort = 'newest',
  after?: ReportAfter,
): Promise<ReportListed[]> {
  const conds = filterSql(f);
  if (v) conds.push(visibleWhere(v));
  if (f.beforeId) conds.push(lt(reports.id, f.beforeId));
  const s = sortSql(sort, after);
  if (s.after) conds.push(s.after);
  return listedQuery(db)
    .where(and(...conds))
    .orderBy(...s.order)
    .limit(f.limit);
}

/** How many reports the filter shows, counting no further than `cap + 1` (the caller says "more than cap"). */
export async function countVisible(db: Db, v: Viewer | null, f: ReportFilter, cap: number): Promise<number> {
  const conds = filterSql(f);
  if (v) conds.push(visibleWhere(v));
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from reports where ${and(...conds)} limit ${cap + 1}) s`,
  );
  return Number(r?.n ?? 0);
}

/** Paths of the units named like `text` (address search), within `scope` when given; at most `limit`. */
export async function unitPathsNamed(db: Db, text: string, scope: Scope | null, limit: number): Promise<string[]> {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const conds = [sql`${orgUnits.name} like ${like}`, sql`${orgUnits.kind} not in ('department', 'partner_org')`];
  if (scope) conds.push(scope.where(orgUnits.path));
  const found = await db
    .select({ path: orgUnits.path })
    .from(orgUnits)
    .where(and(...conds))
    .orderBy(asc(orgUnits.depth), asc(orgUnits.id))
    .limit(limit);
  return found.map((r) => r.path);
}

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

export async function findByExternalId(db: Db, channel: string, externalId: string) {
  const [row] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.channel, channel), eq(reports.externalId, externalId)));
  return row;
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

/** The org units on a path, root first ('/1/4/17/' → units 1, 4, 17). */
export async function unitsOnPath(db: Db, path: string): Promise<OrgRow[]> {
  const ids = unitIdsOnPath(path);
  if (ids.length === 0) return [];
  return db.select().from(orgUnits).where(inArray(orgUnits.id, ids)).orderBy(asc(orgUnits.depth));
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

/** True when the user is registered as a resident of the building (household registry) or holds the resident role there. */
/** Places in the communities where `userId` lives or captains, or in `scope`, by name. */
export async function placesFor(db: Db, userId: number, scope: Scope) {
  return rows<{ id: number; name: string }>(
    db,
    sql`select o.id, o.name from org_units o
        where o.kind = 'place' and (${scope.where(sql`o.path`)} or exists (
          select 1 from role_bindings b join org_units bo on bo.id = b.org_unit_id
            join org_units c on c.kind = 'community' and o.path like c.path || '%'
          where b.user_id = ${userId} and b.role in ('resident','captain') and bo.path like c.path || '%'))
        order by o.name, o.id
        limit 200`,
  );
}

/** True when `userId` lives (or captains) in the community holding the place at `placePath`. */
export async function livesInCommunityOf(db: Db, userId: number, placePath: string): Promise<boolean> {
  const [r] = await rows<{ ok: boolean }>(
    db,
    sql`select exists (select 1 from role_bindings b join org_units o on o.id = b.org_unit_id
          join org_units c on c.kind = 'community' and ${placePath} like c.path || '%'
          where b.user_id = ${userId} and b.role in ('resident','captain') and o.path like c.path || '%') as ok`,
  );
  return Boolean(r?.ok);
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

export async function findToken(db: Db, token: string) {
  const [row] = await db.select().from(buildingReportTokens).where(eq(buildingReportTokens.token, token));
  return row;
}

/** The building's token, created on first use; concurrent first uses agree on one. */
export async function ensureToken(db: Db, b: { id: number; streetId: number }, fresh: string, at: Date) {
  await db
    .insert(buildingReportTokens)
    .values({ buildingId: b.id, streetId: b.streetId, token: fresh, createdAt: at })
    .onConflictDoNothing();
  const [row] = await db.select().from(buildingReportTokens).where(eq(buildingReportTokens.buildingId, b.id));
  return row as typeof buildingReportTokens.$inferSelect;
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

/** Open reports of one category in one building (to join instead of filing a duplicate). */
export async function openInBuilding(db: Db, buildingId: number, categoryId: number) {
  return listedQuery(db)
    .where(
      and(
        eq(reports.buildingId, buildingId),
        eq(reports.categoryId, categoryId),
        inArray(reports.status, ['submitted', 'accepted', 'in_progress', 'reopened']),
      ),
    )
    .orderBy(desc(reports.id))
    .limit(20);
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

/** A user's encrypted phone (the reporter's contact when they file for themselves). */
export async function userPhone(db: Db, userId: number): Promise<{ enc: string; hash: string } | null> {
  const [u] = await db.select({ enc: users.phoneEnc, hash: users.phoneHash }).from(users).where(eq(users.id, userId));
  return u ?? null;
}

/** How many open reports wait at these places: all, due before `soonUntil` (not yet overdue), and overdue. */
export async function countHandling(
  db: Db,
  handlingAt: readonly HandlingAt[],
  statusIn: readonly string[],
  soonUntil: Date,
): Promise<{ waiting: number; dueSoon: number; overdue: number }> {
  const [row] = await db
    .select({
      waiting: sql<number>`count(*)::int`,
      dueSoon: sql<number>`(count(*) filter (where not ${reports.isOverdue} and ${reports.dueAt} <= ${soonUntil.toISOString()}::timestamptz))::int`,
      overdue: sql<number>`(count(*) filter (where ${reports.isOverdue}))::int`,
    })
    .from(reports)
    .where(and(...filterSql({ handlingAt, statusIn, limit: 0 })));
  return row ?? { waiting: 0, dueSoon: 0, overdue: 0 };
}

/** A unit on a report's path as intake routes over it. */
export interface PathUnit {
  id: number;
  kind: string;
  management: string | null;
  name: string;
}
/** Someone bound at a unit on the path (disabled accounts left out), in binding order. */
export interface BoundUser {
  userId: number;
  name: string;
  role: string;
  orgUnitId: number;
}
/** Everything a resident's report needs read before it is written, from one statement. */
export interface IntakeContext {
  building: { id: number; kind: string; streetId: number | null; path: string; name: string } | null;
  category: {
    id: number;
    parentId: number | null;
    code: string;
    nameZh: string;
    nameEn: string;
    isActive: boolean;
  } | null;
  units: PathUnit[];
  bound: BoundUser[];
  slas: { categoryId: number; level: number; ackHours: number; resolveHours: number }[];
  phoneEnc: string | null;
  phoneHash: string | null;
  resident: boolean;
  reportId: number;
  eventId: number;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * One round trip for a resident's report: the building (by id), the category, the units on the building's
 * path with the people bound there in `roles`, the category's SLAs (its own and its parent's), the
 * reporter's phone, whether they live there (`resident`, a test over `b.id` / `b.path` from the residency
 * module), and the ids the report and its first event will have (drawn from their sequences, so the
 * answer is known before the rows are written in one statement).
 *
 * The people bound are looked up unit by unit (a lateral over `role_bindings_org_idx`, kept
 * apart by `offset 0`, or the planner flattens it back into the join): as a semi-join the
 * planner's generic plan read every binding of the chosen roles and hashed them against the path's units —
 * 8–12 ms a report with 12,000 bindings (10,000 of them another street's captains), growing with the city.
 */
export async function intakeContext(
  db: Db,
  q: { userId: number; buildingId: number; categoryId: number; roles: readonly string[]; resident: SQL },
): Promise<IntakeContext> {
  const [r] = await preparedRows<Record<string, unknown>>(
    db,
    sql`with b as (select id, kind, street_id, path, name from org_units where id = ${q.buildingId}),
             c as (select id, parent_id, code, name_zh, name_en, is_active from report_categories where id = ${q.categoryId}),
             u as (select o.id, o.kind, o.management, o.name, o.depth from b, org_units o
                    where o.id = any(string_to_array(trim(both '/' from b.path), '/')::bigint[]))
        select (select json_build_object('id', b.id, 'kind', b.kind, 'streetId', b.street_id, 'path', b.path, 'name', b.name) from b) as building,
               (select json_build_object('id', c.id, 'parentId', c.parent_id, 'code', c.code, 'nameZh', c.name_zh,
                                         'nameEn', c.name_en, 'isActive', c.is_active) from c) as category,
               (select coalesce(json_agg(json_build_object('id', u.id, 'kind', u.kind, 'management', u.management, 'name', u.name)
                                         order by u.depth), '[]') from u) as units,
               (select coalesce(json_agg(json_build_object('userId', rb.user_id, 'name', us.name, 'role', rb.role,
                                                           'orgUnitId', rb.org_unit_id) order by rb.id), '[]')
                  from u cross join lateral (
                         select rb.id, rb.user_id, rb.role, rb.org_unit_id from role_bindings rb
                          where rb.org_unit_id = u.id and rb.role in (${sql.join(
                            q.roles.map((x) => sql`${x}`),
                            sql`, `,
                          )}) offset 0) rb
                  join users us on us.id = rb.user_id
                 where us.disabled_at is null) as bound,
               (select coalesce(json_agg(json_build_object('categoryId', s.category_id, 'level', s.level,
                                                           'ackHours', s.ack_hours, 'resolveHours', s.resolve_hours)), '[]')
                  from c, report_category_slas s where s.category_id in (c.id, c.parent_id)) as slas,
               (select phone_enc from users where id = ${q.userId}) as "phoneEnc",
               (select phone_hash from users where id = ${q.userId}) as "phoneHash",
               coalesce((select ${q.resident} from b), false) as resident,
               nextval(pg_get_serial_sequence('reports', 'id')) as "reportId",
               nextval(pg_get_serial_sequence('report_events', 'id')) as "eventId"`,
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const building = json<IntakeContext['building']>(r?.building ?? null);
  const category = json<IntakeContext['category']>(r?.category ?? null);
  return {
    building: building && { ...building, id: Number(building.id), streetId: num(building.streetId) },
    category: category && { ...category, id: Number(category.id), parentId: num(category.parentId) },
    units: json<PathUnit[]>(r?.units ?? []).map((u) => ({ ...u, id: Number(u.id) })),
    bound: json<BoundUser[]>(r?.bound ?? []).map((b) => ({
      ...b,
      userId: Number(b.userId),
      orgUnitId: Number(b.orgUnitId),
    })),
    slas: json<IntakeContext['slas']>(r?.slas ?? []).map((s) => ({
      categoryId: Number(s.categoryId),
      level: Number(s.level),
      ackHours: Number(s.ackHours),
      resolveHours: Number(s.resolveHours),
    })),
    phoneEnc: (r?.phoneEnc as string | null) ?? null,
    phoneHash: (r?.phoneHash as string | null) ?? null,
    resident: Boolean(r?.resident),
    reportId: Number(r?.reportId),
    eventId: Number(r?.eventId),
  };
}

/** A new report with its reporter following it and its first event, as writes for one statement (ids given). */
export function intakeWrites(db: Db, report: ReportRow, event: ReportEventRow): Write[] {
  const writes: Write[] = [db.insert(reports).overridingSystemValue().values(report).getSQL()];
  if (report.reporterUserId !== null) {
    writes.push(
      db
        .insert(reportFollowers)
        .values({
          reportId: report.id,
          userId: report.reporterUserId,
          streetId: report.streetId,
          kind: 'reporter',
          createdAt: report.createdAt,
        })
        .getSQL(),
    );
  }
  writes.push(db.insert(reportEvents).overridingSystemValue().values(event).getSQL());
  return writes;
}

/** Who resolved the report last (a subquery for another module's statement; no row when nobody did). */
export function lastResolverOf(reportId: number): Fragment {
  return sql`select ev.actor_user_id from report_events ev
              where ev.report_id = ${reportId} and ev.type = 'resolved' order by ev.version desc limit 1`;
}
