import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import {
  type Drift,
  dayBounds,
  pendingTotals,
  refreshTotals,
  type TotalsSpec,
  totalsDrift,
} from '../../platform/maintained-totals';
import type { ChorePeriodFigures } from './chore-figures.repository';

/**
 * Maintained chores figures (db/schema/figure-totals.ts choreTotals), per unit, Asia/Shanghai day and
 * street: submitted (by the day of the submission), approved, rejected and the points credited (by the
 * day of the review) — the definitions of docs/glossary.md#figures, as chore-figures.repository.ts counts
 * them from the submissions.
 */

/**
 * The figures of the submissions of the tasks `tasks` selects (`t` is chore_tasks), for day `day`, per
 * street. A task's submissions are found through the partial indexes of its pending, approved and
 * rejected ones.
 */
function metrics(tasks: SQL, day: SQL): SQL {
  const { lo, hi } = dayBounds(day);
  const made = sql`s.created_at >= ${lo} and s.created_at < ${hi}`;
  const reviewed = sql`s.reviewed_at >= ${lo} and s.reviewed_at < ${hi}`;
  return sql`
    select s.street_id,
           (count(*) filter (where ${made}))::int as submitted,
           (count(*) filter (where s.status = 'approved' and ${reviewed}))::int as approved,
           (count(*) filter (where s.status = 'rejected' and ${reviewed}))::int as rejected,
           coalesce(sum(pp.amount) filter (where s.status = 'approved' and ${reviewed}), 0)::bigint as points
      from chore_tasks t
      cross join lateral (
        select * from chore_submissions s where s.task_id = t.id and s.status = 'pending'
        union all select * from chore_submissions s where s.task_id = t.id and s.status = 'approved'
        union all select * from chore_submissions s where s.task_id = t.id and s.status = 'rejected') s
      left join point_postings pp on pp.entry_id = s.ledger_entry_id and pp.amount > 0
     where ${tasks} and ((${made}) or (${reviewed}))
     group by s.street_id`;
}

export const CHORE_TOTALS: TotalsSpec = {
  table: 'chore_totals',
  queue: 'chore_totals_dirty',
  lock: 727_276,
  queueColumns: 'task_id bigint, building_id bigint, path text, day date',
  keys: ['street_id'],
  metrics: ['submitted', 'approved', 'rejected', 'points'],
  // A leaf is a task-day: recomputing it reads that task's few submissions, however long the building's
  // history (a building-day leaf read every task the building ever had: 12 ms a building-day at 400 tasks).
  leaf: [
    sql`delete from chore_totals t using chore_totals_pairs p
         where t.org_unit_id = p.building_id and t.is_leaf = 1 and t.day = p.day and t.task_id = p.task_id`,
    sql`insert into chore_totals (org_unit_id, path, is_leaf, day, street_id, task_id, submitted, approved, rejected, points)
        select p.building_id, p.path, 1, p.day, x.street_id, p.task_id, x.submitted, x.approved, x.rejected, x.points
          from chore_totals_pairs p
          cross join lateral (${metrics(sql`t.id = p.task_id`, sql`p.day`)}) x`,
  ],
  fresh: (path, day) => metrics(sql`t.building_path ~>=~ ${path} and t.building_path ~<~ (${path} || '~')`, day),
};

/** Drains the queue into the totals (see platform/maintained-totals.ts). */
export const refresh = (tx: Db, opts: { bulkOver?: number } = {}) => refreshTotals(tx, CHORE_TOTALS, opts);

/** Task-days waiting in the queue. */
export const pending = (db: Db) => pendingTotals(db, CHORE_TOTALS);

/** Unit-days whose totals differ from a recomputation, out of `sample` random ones. */
export const drift = (db: Db, sample: number): Promise<Drift[]> => totalsDrift(db, CHORE_TOTALS, sample);

const unitsIn = (unitIds: number[]) =>
  sql`t.org_unit_id in (${sql.join(
    unitIds.map((id) => sql`${id}`),
    sql`, `,
  )}) and t.is_leaf = 0`;

const daysIn = (f: { fromDay?: string; toDay: string }) =>
  f.fromDay ? sql`t.day >= ${f.fromDay}::date and t.day < ${f.toDay}::date` : sql`t.day < ${f.toDay}::date`;

/** `periodFigures` from the totals of units `unitIds` (disjoint subtrees) over days [fromDay, toDay). */
export async function periodFigures(
  db: Db,
  unitIds: number[],
  f: { fromDay?: string; toDay: string },
): Promise<(ChorePeriodFigures & { streetId: number })[]> {
  if (unitIds.length === 0) return [];
  const r = await rows<{ street_id: string; submitted: string; approved: string; rejected: string; points: string }>(
    db,
    sql`select t.street_id, sum(t.submitted) as submitted, sum(t.approved) as approved, sum(t.rejected) as rejected,
               sum(t.points) as points
          from chore_totals t
         where ${unitsIn(unitIds)} and ${daysIn(f)}
         group by t.street_id
         order by t.street_id`,
  );
  return r.map((x) => ({
    streetId: Number(x.street_id),
    submitted: Number(x.submitted),
    approved: Number(x.approved),
    rejected: Number(x.rejected),
    points: Number(x.points),
  }));
}

/** `approvedByDay` from the totals: days with approvals, in order. */
export async function approvedByDay(db: Db, unitIds: number[], f: { fromDay?: string; toDay: string }) {
  if (unitIds.length === 0) return [];
  const r = await rows<{ day: string; approved: string; points: string }>(
    db,
    sql`select to_char(t.day, 'YYYY-MM-DD') as day, sum(t.approved) as approved, sum(t.points) as points
          from chore_totals t
         where ${unitsIn(unitIds)} and ${daysIn(f)}
         group by t.day
        having sum(t.approved) > 0
         order by t.day`,
  );
  return r.map((d) => ({ day: d.day, approved: Number(d.approved), points: Number(d.points) }));
}
