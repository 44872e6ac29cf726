import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface ChorePeriodFigures {
  /** Submissions made in the period. */
  submitted: number;
  /** Submissions approved, and rejected, in the period (by when they were reviewed). */
  approved: number;
  rejected: number;
  /** Points credited to captains for the chores approved in the period. */
  points: number;
}

/**
 * Chores done in `scope` (by the task's building) over [from, to): what was submitted, what the reviewers
 * decided and the points that decision credited (the captain's leg of each award entry).
 */
export async function periodFigures(
  db: Db,
  scope: Scope,
  from: Date,
  to: Date,
): Promise<(ChorePeriodFigures & { streetId: number })[]> {
  const r = await rows<{ street_id: string; submitted: string; approved: string; rejected: string; points: string }>(
    db,
    sql`
      with s as (
        select s.street_id, s.status, s.created_at, s.reviewed_at, s.ledger_entry_id
          from chore_submissions s
          join chore_tasks t on t.id = s.task_id
         where ${scope.where(sql`t.building_path`)}
           and ((s.created_at >= ${from} and s.created_at < ${to})
             or (s.reviewed_at >= ${from} and s.reviewed_at < ${to}))
      )
      select s.street_id,
             count(*) filter (where s.created_at >= ${from} and s.created_at < ${to}) as submitted,
             count(*) filter (where s.status = 'approved' and s.reviewed_at >= ${from} and s.reviewed_at < ${to}) as approved,
             count(*) filter (where s.status = 'rejected' and s.reviewed_at >= ${from} and s.reviewed_at < ${to}) as rejected,
             coalesce(sum(p.amount) filter (where s.status = 'approved' and s.reviewed_at >= ${from} and s.reviewed_at < ${to}), 0)
               as points
        from s
        left join point_postings p on p.entry_id = s.ledger_entry_id and p.amount > 0
       group by s.street_id
       order by s.street_id`,
  );
  return r.map((x) => ({
    streetId: Number(x.street_id),
    submitted: Number(x.submitted),
    approved: Number(x.approved),
    rejected: Number(x.rejected),
    points: Number(x.points),
  }));
}

/** Approvals and the points they credited per Asia/Shanghai day (UTC + 8 h) of the review, over [from, to). */
export async function approvedByDay(db: Db, scope: Scope, from: Date, to: Date) {
  const r = await rows<{ day: string; approved: string; points: string }>(
    db,
    sql`
      select to_char((s.reviewed_at at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD') as day,
             count(*) as approved, coalesce(sum(p.amount), 0) as points
        from chore_submissions s
        join chore_tasks t on t.id = s.task_id
        left join point_postings p on p.entry_id = s.ledger_entry_id and p.amount > 0
       where ${scope.where(sql`t.building_path`)}
         and s.status = 'approved' and s.reviewed_at >= ${from} and s.reviewed_at < ${to}
       group by 1
       order by 1`,
  );
  return r.map((d) => ({ day: d.day, approved: Number(d.approved), points: Number(d.points) }));
}
