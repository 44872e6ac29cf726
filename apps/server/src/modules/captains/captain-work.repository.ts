import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface WorkRow {
  userId: number;
  name: string;
  phoneEnc: string;
  employerUnit: string | null;
  status: string;
  buildings: string | null;
  chores: number;
  chorePoints: number;
  reportsResolved: number;
  trainingHours: number;
  /** Confirmed volunteer service hours of activities held in the period (志愿服务时长). */
  volunteerHours: number;
}

/**
 * Each captain serving (or having served) a building in `scope`, with their approved chores, points,
 * resolved reports, training hours and confirmed volunteer hours (activities starting) in [from, to): a read-only aggregate over the ledger and the
 * reports' timeline (docs/ARCHITECTURE.md: cadres' work).
 */
export function workRows(
  db: Db,
  scope: Scope,
  from: string,
  to: string,
  q: { from: string; to: string },
): Promise<WorkRow[]> {
  return rows<WorkRow>(
    db,
    sql`with caps as (
            select distinct x.user_id from (
              select rb.user_id, o.path from role_bindings rb join org_units o on o.id = rb.org_unit_id where rb.role = 'captain'
              union all
              select a.user_id, o.path from captain_assignments a join org_units o on o.id = a.building_id
            ) x join captain_profiles p on p.user_id = x.user_id
            where ${scope.where(sql`x.path`)}
          )
          select u.id as "userId", u.name, u.phone_enc as "phoneEnc", p.employer_unit as "employerUnit", p.status,
                 (select string_agg(o.name, '、' order by o.name) from role_bindings rb join org_units o on o.id = rb.org_unit_id
                   where rb.user_id = u.id and rb.role = 'captain') as buildings,
                 coalesce(ch.n, 0) as chores, coalesce(ch.pts, 0) as "chorePoints", coalesce(rr.n, 0) as "reportsResolved",
                 coalesce(th.h, 0) as "trainingHours", coalesce(vh.h, 0) as "volunteerHours"
            from caps c join users u on u.id = c.user_id join captain_profiles p on p.user_id = c.user_id
            left join lateral (
              select count(*)::int as n, sum(pp.amount)::int as pts
                from point_accounts a join point_postings pp on pp.account_id = a.id
                join point_entries e on e.id = pp.entry_id
               where a.user_id = c.user_id and a.kind = 'captain' and e.kind = 'chore_award'
                 and e.created_at >= ${from}::timestamptz and e.created_at < ${to}::timestamptz
            ) ch on true
            left join lateral (
              select count(distinct ev.report_id)::int as n from report_events ev
               where ev.actor_user_id = c.user_id and ev.type = 'resolved'
                 and ev.at >= ${from}::timestamptz and ev.at < ${to}::timestamptz
            ) rr on true
            left join lateral (
              select sum(se.hours) as h from captain_attendance at join captain_sessions se on se.id = at.session_id
               where at.user_id = c.user_id and se.kind = 'training'
                 and se.held_on >= ${q.from}::date and se.held_on <= ${q.to}::date
            ) th on true
            left join lateral (
              select sum(s.hours) as h from volunteers v join activity_signups s on s.volunteer_id = v.id
                join volunteer_activities va on va.id = s.activity_id
               where v.user_id = c.user_id and s.status = 'confirmed' and s.hours_confirmed_at is not null
                 and va.starts_at >= ${from}::timestamptz and va.starts_at < ${to}::timestamptz
            ) vh on true
           order by p.employer_unit nulls last, u.name, u.id
           limit 20000`,
  );
}
