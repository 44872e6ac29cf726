import { type SQL, sql } from 'drizzle-orm';
import type { Db, Fragment, Write } from '../../platform/db';

/**
 * The honours' per-captain, per-quarter tallies (`honour_tallies`): the writes that keep them with each
 * chore award, reversal and rating, and the rebuild from the ledger and the reports (backfill, demo data).
 */

/** The quarter a moment falls in, as its first day in Asia/Shanghai (no daylight saving: UTC + 8 h). */
const quarterOf = (at: SQL) => sql`date_trunc('quarter', (${at} at time zone 'UTC') + interval '8 hours')::date`;

const TALLY_KEY = sql`on conflict (street_id, quarter, user_id) do update set
  chore_points = honour_tallies.chore_points + excluded.chore_points, chores = honour_tallies.chores + excluded.chores,
  ratings = honour_tallies.ratings + excluded.ratings, rating_sum = honour_tallies.rating_sum + excluded.rating_sum`;

/**
 * Adds a chore award to its captain's quarter (`chores` 1 and the points; a reversal: −1 and minus the
 * points, at the award's time). One upsert: concurrent ones for the same captain queue on the row's lock.
 */
export function choreTallyWrite(v: {
  streetId: number;
  userId: number;
  points: number;
  chores: 1 | -1;
  at: Date;
}): Write {
  return sql`insert into honour_tallies (street_id, quarter, user_id, chore_points, chores, ratings, rating_sum)
    values (${v.streetId}::bigint, ${quarterOf(sql`${v.at.toISOString()}::timestamptz`)}, ${v.userId}::bigint,
            ${v.points}::bigint, ${v.chores}::int, 0, 0)
    ${TALLY_KEY}`;
}

/** Adds a report's rating to the quarter of the rating and to its resolver (`handler`, a subquery; none: 0). */
export function ratingTallyWrite(v: { streetId: number; rating: number; handler: Fragment; at: Date }): Write {
  return sql`insert into honour_tallies (street_id, quarter, user_id, chore_points, chores, ratings, rating_sum)
    select ${v.streetId}::bigint, ${quarterOf(sql`${v.at.toISOString()}::timestamptz`)}, coalesce((${v.handler}), 0),
           0, 0, 1, ${v.rating}::int
    ${TALLY_KEY}`;
}

/**
 * Rebuilds every tally from the ledger and the reports' timeline (the migration's backfill, for data
 * loaded behind the services' back: the demo seed, the scale bench): chore awards not reversed, in the
 * quarter credited; ratings of reports whose last 'rated' event is there, to the last resolver.
 */
export async function rebuildTallies(db: Db): Promise<void> {
  await db.execute(sql`delete from honour_tallies`);
  await db.execute(sql`
    insert into honour_tallies (street_id, quarter, user_id, chore_points, chores)
    select e.street_id, ${quarterOf(sql`e.created_at`)}, a.user_id, sum(pp.amount), count(*)
      from point_entries e
      join point_postings pp on pp.entry_id = e.id
      join point_accounts a on a.id = pp.account_id and a.kind = 'captain'
     where e.kind = 'chore_award' and not exists (select 1 from point_entries r where r.reverses_entry_id = e.id)
     group by 1, 2, 3`);
  await db.execute(sql`
    insert into honour_tallies (street_id, quarter, user_id, ratings, rating_sum)
    select x.street_id, x.quarter, x.handler, count(*), sum(x.rating)
      from (
        select r.street_id, r.rating, ${quarterOf(sql`rt.at`)} as quarter,
               coalesce((select ev.actor_user_id from report_events ev
                          where ev.report_id = r.id and ev.type = 'resolved' order by ev.version desc limit 1), 0) as handler
          from reports r
          join lateral (select ev.at from report_events ev where ev.report_id = r.id and ev.type = 'rated'
                         order by ev.version desc limit 1) rt on true
         where r.rating is not null
      ) x
     group by 1, 2, 3
    ${TALLY_KEY}`);
}
