import { type SQL, sql } from 'drizzle-orm';
import { type Db, preparedRows, rows } from '../../platform/db';
import type { FigureAgg } from './reports.repository';

/**
 * Maintained report figures (db/schema/city-scale.ts reportTotals): the refresh that drains the dirty
 * queue, the figures read from the totals, and the recomputation the drift check compares them with.
 * Figures are defined once, in docs/glossary.md#figures; `METRICS` is their SQL over `reports r`.
 */

const RESOLVED = sql`r.resolved_at is not null and r.status in ('resolved','closed')`;
const METRICS = sql`count(*)::int,
  count(r.first_answered_at)::int,
  (count(*) filter (where ${RESOLVED}))::int,
  coalesce(sum(extract(epoch from (r.first_answered_at - r.created_at)) / 3600), 0)::float8,
  coalesce(sum(extract(epoch from (r.resolved_at - r.created_at)) / 3600) filter (where ${RESOLVED}), 0)::float8,
  coalesce(sum(r.rating), 0)::int,
  count(r.rating)::int,
  (count(*) filter (where ${RESOLVED} and r.peak_level <= 3))::int,
  (count(*) filter (where r.peak_level > 3))::int`;
const DAY_START = (day: SQL) => sql`(${day}::timestamp at time zone 'Asia/Shanghai')`;
const COLUMNS = sql`received, answered, resolved, first_answer_hours, resolution_hours, rating_sum, rated,
  resolved_within_community, escalated_beyond_community`;

/**
 * Drains the queue: recomputes every queued building-day from `reports`, then the days of every unit
 * above those buildings from the leaf rows. Recomputing (never adding) makes a second run a no-op; an
 * advisory lock keeps two runs from interleaving (the second returns at once, the first covers it).
 * Returns the building-days recomputed, or -1 when another refresh held the lock. Over `bulkOver`
 * building-days (a first build) the ancestors are summed in one pass instead of unit by unit.
 */
export async function refresh(tx: Db, opts: { bulkOver?: number } = {}): Promise<number> {
  const [lock] = await rows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(727275) as ok`);
  if (!lock?.ok) return -1;
  await tx.execute(
    sql`create temp table if not exists totals_pairs (building_id bigint, day date) on commit delete rows`,
  );
  await tx.execute(
    sql`create temp table if not exists totals_units (org_unit_id bigint, path text, day date) on commit delete rows`,
  );
  await tx.execute(sql`with d as (delete from report_totals_dirty returning building_id, day)
                       insert into totals_pairs select distinct building_id, day from d`);
  // Temp tables have no statistics until analysed: without them the planner scans the totals whole.
  await tx.execute(sql`analyze totals_pairs`);
  const [n] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from totals_pairs`);
  if (!n?.n) return 0;
  await tx.execute(sql`delete from report_totals t using totals_pairs p
                        where t.org_unit_id = p.building_id and t.day = p.day`);
  const bulk = n.n > (opts.bulkOver ?? 1_000);
  if (bulk) {
    // Many (a first build over years of reports): one pass over the reports, matched to the pairs by their
    // day (the same reports: created_at in [the day's start, the next day's start) is the day in
    // Asia/Shanghai), rather than millions of index probes into a table where a building's reports lie all
    // over the heap.
    await tx.execute(sql`set local work_mem = '256MB'`);
    await tx.execute(sql`
      insert into report_totals (org_unit_id, path, is_leaf, day, level, category_id, ${COLUMNS})
      select r.building_id, min(r.path), 1, p.day, r.level, coalesce(c.parent_id, c.id), ${METRICS}
        from totals_pairs p
        join reports r on r.building_id = p.building_id and (r.created_at at time zone 'Asia/Shanghai')::date = p.day
        join report_categories c on c.id = r.category_id
       where r.status <> 'merged'
       group by r.building_id, p.day, r.level, coalesce(c.parent_id, c.id)`);
  } else {
    // A few building-days: each one's reports by a range on (building_id, created_at), pair by pair — a
    // lateral, so that however many pairs the planner expects it never scans the whole table instead.
    await tx.execute(sql`
      insert into report_totals (org_unit_id, path, is_leaf, day, level, category_id, ${COLUMNS})
      select p.building_id, x.path, 1, p.day, x.level, x.category_id, ${COLUMNS}
        from totals_pairs p cross join lateral (
          select r.level, coalesce(c.parent_id, c.id), ${METRICS}, min(r.path)
            from reports r join report_categories c on c.id = r.category_id
           where r.building_id = p.building_id and r.status <> 'merged'
             and r.created_at >= ${DAY_START(sql`p.day`)} and r.created_at < ${DAY_START(sql`(p.day + 1)`)}
           group by r.level, coalesce(c.parent_id, c.id)) as x(level, category_id, ${COLUMNS}, path)`);
  }
  await tx.execute(sql`
    insert into totals_units
    select distinct u.id, u.path, p.day
      from totals_pairs p join org_units b on b.id = p.building_id
      join org_units u on u.id = any(string_to_array(trim(both '/' from b.path), '/')::bigint[]) and u.id <> b.id`);
  await tx.execute(sql`analyze totals_units`);
  await tx.execute(
    sql`delete from report_totals t using totals_units u where t.org_unit_id = u.org_unit_id and t.day = u.day`,
  );
  const SUMS = sql`sum(t.received), sum(t.answered), sum(t.resolved), sum(t.first_answer_hours), sum(t.resolution_hours),
                   sum(t.rating_sum), sum(t.rated), sum(t.resolved_within_community), sum(t.escalated_beyond_community)`;
  if (!bulk) {
    // A few building-days (the usual run): each unit-day sums its subtree's leaf rows of that day, found
    // by a range on the (day, path) index — paths hold digits and '/', so '~' sorts after all of them.
    await tx.execute(sql`
      insert into report_totals (org_unit_id, path, is_leaf, day, level, category_id, ${COLUMNS})
      select u.org_unit_id, u.path, 0, u.day, t.level, t.category_id, ${SUMS}
        from totals_units u
        join report_totals t on t.is_leaf = 1 and t.day = u.day
                            and t.path ~>=~ u.path and t.path ~<~ (u.path || '~')
       group by u.org_unit_id, u.path, u.day, t.level, t.category_id`);
  } else {
    // Many (a first build over years of reports): each leaf row of the touched days goes to every unit on
    // its path in one pass, instead of every unit searching the day's rows.
    await tx.execute(sql`
      insert into report_totals (org_unit_id, path, is_leaf, day, level, category_id, ${COLUMNS})
      select u.org_unit_id, u.path, 0, u.day, t.level, t.category_id, ${SUMS}
        from report_totals t
        cross join lateral unnest(string_to_array(trim(both '/' from t.path), '/')::bigint[]) as a(id)
        join totals_units u on u.org_unit_id = a.id and u.day = t.day
       where t.is_leaf = 1 and t.day in (select distinct day from totals_units)
       group by u.org_unit_id, u.path, u.day, t.level, t.category_id`);
  }
  return n.n;
}

/** Building-days waiting in the queue (0 once the totals are current). */
export async function pending(db: Db): Promise<number> {
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from report_totals_dirty`);
  return r?.n ?? 0;
}

export type Grouping = 'none' | 'level' | 'category' | 'day';

/** The figures (FigureAgg) of the summed rows `t` of a group. */
const FIGURES_OF_T = sql`sum(t.received)::int as received, sum(t.answered)::int as answered, sum(t.resolved)::int as resolved,
  (sum(t.first_answer_hours) / nullif(sum(t.answered), 0))::float8 as first_answer_hours,
  (sum(t.resolution_hours) / nullif(sum(t.resolved), 0))::float8 as resolution_hours,
  (sum(t.rating_sum)::float8 / nullif(sum(t.rated), 0))::float8 as avg_rating,
  sum(t.rated)::int as rated,
  sum(t.resolved_within_community)::int as resolved_within_community,
  sum(t.escalated_beyond_community)::int as escalated_beyond_community`;

/** `col` within Asia/Shanghai days [fromDay, toDay), as a condition to append (empty without bounds). */
function withinDays(col: SQL, f: { fromDay?: string; toDay?: string }): SQL {
  const c: SQL[] = [];
  if (f.fromDay) c.push(sql`${col} >= ${f.fromDay}::date`);
  if (f.toDay) c.push(sql`${col} < ${f.toDay}::date`);
  return c.length ? sql` and ${sql.join(c, sql` and `)}` : sql``;
}

/**
 * The figures of the units `unitIds` (disjoint subtrees) over Asia/Shanghai days [fromDay, toDay),
 * all four groupings in one statement: the units' stored totals, with every building-day still in the
 * queue taken as a refresh would write it — its leaf rows recomputed from `reports` added, its stored
 * leaf rows taken away, where the leaf is under one of the units (as the refresh sums the units from
 * their leaves). So the answer equals a refresh followed by a read, without writing anything, and one
 * snapshot sees a report's change together with its queue row, or the refresh that drained it.
 */
export async function figures(
  db: Db,
  unitIds: number[],
  f: { fromDay?: string; toDay?: string },
): Promise<(FigureAgg & { grouping: Grouping })[]> {
  if (unitIds.length === 0) return [];
  const ids = sql.join(
    unitIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const days = (col: SQL) => withinDays(col, f);
  // Prepared: planning this statement costs more than running it on a street's year of totals.
  const res = await preparedRows<FigureAgg & { g_level: number; g_category: number; g_day: number }>(
    db,
    sql`with u as (select path from org_units where id in (${ids})),
        -- the queued building-days under the units (a unit's path never changes, nor a report's building)
        q as (select distinct d.building_id, d.day
                from report_totals_dirty d join org_units b on b.id = d.building_id
               where exists (select 1 from u where b.path ~>=~ u.path and b.path ~<~ (u.path || '~'))${days(sql`d.day`)}),
        t as (
          select t.day, t.level, t.category_id, ${COLUMNS}
            from report_totals t where t.org_unit_id in (${ids})${days(sql`t.day`)}
          union all
          -- per queued pair, its reports by the (building_id, created_at) index: never one pass over all of them
          select q.day, x.* from q cross join lateral (
            select r.level, coalesce(c.parent_id, c.id), ${METRICS}
              from reports r join report_categories c on c.id = r.category_id
             where r.building_id = q.building_id and r.status <> 'merged'
               and r.created_at >= ${DAY_START(sql`q.day`)} and r.created_at < ${DAY_START(sql`(q.day + 1)`)}
             group by r.level, coalesce(c.parent_id, c.id)) x
          union all
          -- and its stored leaf rows taken away, by the primary key (offset 0 keeps the probe per pair: joined
          -- plainly, the planner may hash every leaf row of the table instead)
          select q.day, x.* from q cross join lateral (
            select t.level, t.category_id, -t.received, -t.answered, -t.resolved, -t.first_answer_hours,
                   -t.resolution_hours, -t.rating_sum, -t.rated, -t.resolved_within_community, -t.escalated_beyond_community
              from report_totals t where t.org_unit_id = q.building_id and t.day = q.day and t.is_leaf = 1 offset 0) x)
        select grouping(t.level) as g_level, grouping(t.category_id) as g_category, grouping(t.day) as g_day,
               coalesce(t.level::text, t.category_id::text, to_char(t.day, 'YYYY-MM-DD')) as key,
               ${FIGURES_OF_T}
          from t
         group by grouping sets ((), (t.level), (t.category_id), (t.day))
        -- a group the queue emptied is gone, as after a refresh (a stored row counts at least one report)
        having sum(t.received) > 0 or grouping(t.level, t.category_id, t.day) = 7
         order by 1, 2, 3, 4`,
  );
  return res.map((r) => {
    const grouping: Grouping =
      Number(r.g_level) === 0
        ? 'level'
        : Number(r.g_category) === 0
          ? 'category'
          : Number(r.g_day) === 0
            ? 'day'
            : 'none';
    return { ...r, grouping, key: grouping === 'none' ? null : r.key } as FigureAgg & { grouping: Grouping };
  });
}

/**
 * The total figures of several groups of units at once (a unit's children, for the dashboard's table by
 * unit): group `key` sums the units `ids` (disjoint subtrees) over days [fromDay, toDay), its queued
 * building-days taken as a refresh would write them — the `none` row `figures` gives for those units.
 * Groups with no report in the period are absent.
 */
export async function figuresByGroup(
  db: Db,
  groups: { key: number; ids: number[] }[],
  f: { fromDay?: string; toDay?: string },
): Promise<FigureAgg[]> {
  const pairs = groups.flatMap((g) => g.ids.map((id) => ({ key: g.key, id })));
  if (pairs.length === 0) return [];
  const keys = `{${pairs.map((p) => p.key).join(',')}}`;
  const ids = `{${pairs.map((p) => p.id).join(',')}}`;
  const days = (col: SQL) => withinDays(col, f);
  return preparedRows<FigureAgg>(
    db,
    sql`with g as (select * from unnest(${keys}::bigint[], ${ids}::bigint[]) as g(key, id)),
        u as (select g.key, o.path from g join org_units o on o.id = g.id),
        q as (select distinct u.key, d.building_id, d.day
                from report_totals_dirty d join org_units b on b.id = d.building_id
                join u on b.path ~>=~ u.path and b.path ~<~ (u.path || '~')
               where true${days(sql`d.day`)}),
        t as (
          select g.key, ${COLUMNS}
            from g join report_totals t on t.org_unit_id = g.id
           where true${days(sql`t.day`)}
          union all
          select q.key, x.* from q cross join lateral (
            select ${METRICS}
              from reports r
             where r.building_id = q.building_id and r.status <> 'merged'
               and r.created_at >= ${DAY_START(sql`q.day`)} and r.created_at < ${DAY_START(sql`(q.day + 1)`)}) x
          union all
          select q.key, x.* from q cross join lateral (
            select -t.received, -t.answered, -t.resolved, -t.first_answer_hours, -t.resolution_hours, -t.rating_sum,
                   -t.rated, -t.resolved_within_community, -t.escalated_beyond_community
              from report_totals t where t.org_unit_id = q.building_id and t.day = q.day and t.is_leaf = 1 offset 0) x)
        select t.key, ${FIGURES_OF_T}
          from t group by t.key having sum(t.received) > 0 order by t.key`,
  );
}

export interface UnitRow {
  id: number;
  name: string;
  kind: string;
  path: string;
}

/** The units one level below `parentId`, in the order the organisation lists them. */
export function childUnits(db: Db, parentId: number): Promise<UnitRow[]> {
  return rows<UnitRow>(db, sql`select id, name, kind, path from org_units where parent_id = ${parentId} order by id`);
}

/** The units `ids`, by id. */
export function unitsByIds(db: Db, ids: number[]): Promise<UnitRow[]> {
  return rows<UnitRow>(
    db,
    sql`select id, name, kind, path from org_units where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) order by id`,
  );
}

export interface Drift {
  orgUnitId: number;
  day: string;
  stored: string;
  recomputed: string;
}

/**
 * The drift check: `sample` random unit-days (with stored totals), each recomputed straight from
 * `reports` and compared with what the totals hold. Call it with the queue drained; an empty list is
 * healthy.
 */
export async function drift(db: Db, sample: number): Promise<Drift[]> {
  return rows<Drift>(
    db,
    sql`with s as (select * from (select distinct org_unit_id, path, day from report_totals) d order by random() limit ${sample}),
        stored as (
          select s.org_unit_id, s.day, string_agg(concat_ws(',', t.level, t.category_id, t.received, t.answered, t.resolved,
                   round(t.first_answer_hours::numeric, 3), round(t.resolution_hours::numeric, 3), t.rating_sum, t.rated,
                   t.resolved_within_community, t.escalated_beyond_community), ';' order by t.level, t.category_id) as v
            from s join report_totals t on t.org_unit_id = s.org_unit_id and t.day = s.day group by s.org_unit_id, s.day),
        fresh as (
          select s.org_unit_id, s.day, string_agg(concat_ws(',', x.level, x.category_id, x.received, x.answered, x.resolved,
                   round(x.fa::numeric, 3), round(x.rh::numeric, 3), x.rating_sum, x.rated, x.within, x.beyond), ';'
                   order by x.level, x.category_id) as v
            from s cross join lateral (
              select r.level, coalesce(c.parent_id, c.id) as category_id, ${METRICS}
                from reports r join report_categories c on c.id = r.category_id
               where r.path like s.path || '%' and r.status <> 'merged'
                 and r.created_at >= (s.day::timestamp at time zone 'Asia/Shanghai')
                 and r.created_at < ((s.day + 1)::timestamp at time zone 'Asia/Shanghai')
               group by r.level, coalesce(c.parent_id, c.id)) as x(level, category_id, received, answered, resolved, fa, rh,
                                                                    rating_sum, rated, within, beyond)
           group by s.org_unit_id, s.day)
        select s.org_unit_id as "orgUnitId", to_char(s.day, 'YYYY-MM-DD') as day,
               coalesce(stored.v, '') as stored, coalesce(fresh.v, '') as recomputed
          from s left join stored on stored.org_unit_id = s.org_unit_id and stored.day = s.day
          left join fresh on fresh.org_unit_id = s.org_unit_id and fresh.day = s.day
         where coalesce(stored.v, '') <> coalesce(fresh.v, '')`,
  );
}
