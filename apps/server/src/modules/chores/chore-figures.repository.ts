import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';

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
 * Chores done under a unit (its whole subtree, by the task's building) over [from, to): what was submitted,
 * what the reviewers decided and the points that decision credited (the captain's leg of each award entry).
 */
export async function periodFigures(db: Db, path: string, from: Date, to: Date): Promise<ChorePeriodFigures> {
  const [r] = await rows<{ submitted: string; approved: string; rejected: string; points: string }>(
    db,
    sql`
      with s as (
        select s.status, s.created_at, s.reviewed_at, s.ledger_entry_id
          from chore_submissions s
          join chore_tasks t on t.id = s.task_id
         where t.building_path like ${`${path}%`}
           and ((s.created_at >= ${from} and s.created_at < ${to})
             or (s.reviewed_at >= ${from} and s.reviewed_at < ${to}))
      )
      select count(*) filter (where created_at >= ${from} and created_at < ${to}) as submitted,
             count(*) filter (where status = 'approved' and reviewed_at >= ${from} and reviewed_at < ${to}) as approved,
             count(*) filter (where status = 'rejected' and reviewed_at >= ${from} and reviewed_at < ${to}) as rejected,
             coalesce((select sum(p.amount) from s join point_postings p on p.entry_id = s.ledger_entry_id and p.amount > 0
                        where s.status = 'approved' and s.reviewed_at >= ${from} and s.reviewed_at < ${to}), 0) as points
        from s`,
  );
  return {
    submitted: Number(r?.submitted ?? 0),
    approved: Number(r?.approved ?? 0),
    rejected: Number(r?.rejected ?? 0),
    points: Number(r?.points ?? 0),
  };
}
