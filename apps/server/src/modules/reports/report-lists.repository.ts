import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { orgUnits, reports } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { KeyShape } from '../../platform/pagination';
import { Scope } from '../../platform/scope';
import type { ReportRow } from './reports.repository';

/*
 * The lists of reports: who sees a report (`visibleWhere`), a list's filters, sorts and cursors, its count, the
 * handler's queue, and the open reports of a building and the places shown before filing.
 */

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
