import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { ScoreRow } from './honours.repository';

/**
 * The honours' scoring (docs/rules.md#honours): the draft's one ranking statement over the street's
 * per-quarter tallies (`honour_tallies`, a year = its four quarters), and any captain's breakdown worked
 * from the tallies and the figures the draft kept on the round, by the same SQL expressions.
 *
 *   chore points   chore awards credited to the captain in the period, less any reversed (ledger, kind chore_award)
 *   ratings        residents' ratings, given in the period, of reports the captain resolved last
 *   street mean    all the street's ratings given in the period (whoever resolved them) ÷ their number
 *   shrunk rating  (C × street mean + sum of ratings) / (C + ratings), rounded to 4 places (none without ratings)
 *   satisfaction   points per star × shrunk rating, rounded to 2 places (0 without ratings)
 *   merit          reviewers' merits dated in the period
 *   total          chore points + satisfaction + merit; eligible when approved chores + ratings ≥ minimum
 *   rank           rank() over total descending: captains with equal totals share a rank
 *   honoured       rank ≤ ⌈eligible × quota / 100⌉, so a tie at the cut-off is all in, whatever the row order
 */

/** The stored rows reach at least this rank (the console's list; the partial index honour_scores_top_idx). */
export const TOP = 5000;

export interface ScoringInput {
  roundId: number;
  streetId: number;
  startDay: string;
  endDay: string;
  quotaPercent: number;
  minActivity: number;
  priorWeight: number;
  pointsPerStar: number;
  /** The top this many by rank are stored besides the honoured (default and most TOP). */
  storedTop?: number;
}

export interface RoundFigures {
  eligible: number;
  quota: number;
  honoured: number;
  /** The lowest honoured total (null: nobody honoured). */
  cutoffTotal: string | null;
  streetRatings: number;
  streetRatingSum: number;
}

/** The street's mean rating exactly as the scoring uses it: numeric sum ÷ numeric count (null without ratings). */
const meanOf = (sum: SQL, count: SQL) => sql`(${sum}::numeric / nullif(${count}, 0)::numeric)`;

/** The score's parts from a row's ratings, rating sum, chore points and merit, given the mean and settings. */
function parts(mean: SQL, priorWeight: number, pointsPerStar: number, r: { ratings: SQL; ratingSum: SQL }) {
  const shrunk = sql`case when ${r.ratings} > 0 then
      round((${priorWeight}::numeric * ${mean} + ${r.ratingSum}) / (${priorWeight}::numeric + ${r.ratings}), 4) end`;
  const satisfaction = sql`coalesce(round(${pointsPerStar}::numeric * ${shrunk}, 2), 0)`;
  return { shrunk, satisfaction };
}

/** The period's quarters (first days): a quarter is one, a year its four. */
export function quartersOf(startDay: string, endDay: string): string[] {
  const out: string[] = [];
  for (let q = startDay; q < endDay; q = quarterAfter(q)) out.push(q);
  return out;
}

/** The first day of the quarter after the one starting on `day` (YYYY-MM-01). */
function quarterAfter(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m >= 10 ? `${y + 1}-01-01` : `${y}-${String(m + 3).padStart(2, '0')}-01`;
}

const quarterList = (qs: string[]) =>
  sql`(${sql.join(
    qs.map((q) => sql`${q}::date`),
    sql`, `,
  )})`;

/**
 * Scores every active captain of the street for the period and ranks them in one statement, storing the
 * rows of the honoured and of the top 5,000 (`fetch first … with ties`: a tie at either line stored
 * whole, so every stored rank is the captain's rank among all the eligible) and returning the round's
 * figures. One pass over the street's tally rows: no row per captain for the rest, no second window.
 */
export async function scoreRound(db: Db, i: ScoringInput): Promise<RoundFigures> {
  await db.execute(sql`delete from honour_scores where round_id = ${i.roundId}`);
  // For this transaction only: the rank sorts every eligible captain once, in memory rather than in
  // temporary files; and no JIT, whose compiling (set off by the estimates of the outer joins) cost more
  // than it saved.
  await db.execute(sql`set local work_mem = '256MB'`);
  await db.execute(sql`set local jit = off`);
  const quarters = quartersOf(i.startDay, i.endDay);
  const inPeriod = sql`street_id = ${i.streetId} and quarter in ${quarterList(quarters)}`;
  // A quarter has one tally row per captain; a year sums its four.
  const tallies =
    quarters.length === 1
      ? sql`select user_id, chore_points, chores, ratings, rating_sum from honour_tallies where ${inPeriod}`
      : sql`select user_id, sum(chore_points)::bigint as chore_points, sum(chores)::int as chores,
                 sum(ratings)::int as ratings, sum(rating_sum)::int as rating_sum
            from honour_tallies where ${inPeriod} group by user_id`;
  // The street's ratings in the period first (their exact mean is the prior): read once, kept on the round.
  const [street] = await rows<{ n: number | string; s: number | string }>(
    db,
    sql`select coalesce(sum(ratings), 0)::bigint as n, coalesce(sum(rating_sum), 0)::bigint as s
          from honour_tallies where ${inPeriod}`,
  );
  const streetRatings = Number(street?.n ?? 0);
  const streetRatingSum = Number(street?.s ?? 0);
  // Merits are rare: joined only when the street has any in the period.
  const meritsIn = sql`street_id = ${i.streetId} and awarded_on >= ${i.startDay}::date and awarded_on < ${i.endDay}::date`;
  const [merits] = await rows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from honour_merits where ${meritsIn}) as any`,
  );
  const meritJoin = (col: SQL) =>
    merits?.any
      ? sql`left join (select user_id, sum(points)::int as m from honour_merits where ${meritsIn} group by user_id) me
              on me.user_id = ${col}`
      : sql``;
  const merit = merits?.any ? sql`coalesce(me.m, 0)` : sql`0`;
  // Active captains of the street now: a captain binding in the street (the binding's street, as the mall's
  // roll reads it: no join of a million org units), not disabled, not suspended or exited.
  const isCaptain = sql`(select rb.user_id from role_bindings rb where rb.role = 'captain' and rb.street_id = ${i.streetId})`;
  const active = (col: SQL) => sql`${col} not in (select user_id from captain_profiles where status <> 'active')
       and ${col} not in (select id from users where disabled_at is not null)`;
  // With a minimum of 1 or more only captains with a tally can be eligible: the tallies drive. With 0, every captain.
  const base =
    i.minActivity > 0
      ? sql`select t.user_id, t.chore_points, t.chores, t.ratings, t.rating_sum, ${merit} as merit
              from (${tallies}) t ${meritJoin(sql`t.user_id`)}
             where t.chores + t.ratings >= ${i.minActivity} and t.user_id in ${isCaptain} and ${active(sql`t.user_id`)}`
      : sql`select c.user_id, coalesce(t.chore_points, 0)::bigint as chore_points, coalesce(t.chores, 0) as chores,
                   coalesce(t.ratings, 0) as ratings, coalesce(t.rating_sum, 0) as rating_sum, ${merit} as merit
              from (select distinct user_id from ${isCaptain} x) c
              left join (${tallies}) t on t.user_id = c.user_id
              ${meritJoin(sql`c.user_id`)}
             where ${active(sql`c.user_id`)}`;
  const mean = meanOf(sql`${streetRatingSum}::bigint`, sql`${streetRatings}::bigint`);
  const p = parts(mean, i.priorWeight, i.pointsPerStar, { ratings: sql`b.ratings`, ratingSum: sql`b.rating_sum` });
  const quota = sql`ceil(n.eligible * ${i.quotaPercent}::numeric / 100)`;
  const [r] = await rows<{ eligible: number; quota: number; honoured: number; cutoff: string | null }>(
    db,
    sql`
    with totals as (
      select b.user_id, b.chore_points, b.chores, b.ratings, b.rating_sum, b.merit, ${p.shrunk} as shrunk,
             ${p.satisfaction} as satisfaction,
             (b.chore_points + ${p.satisfaction} + b.merit)::numeric(14, 2) as total
        from (${base}) b
    ), n as (
      select count(*)::int as eligible from totals
    ), top as (
      select t.* from totals t order by t.total desc
       fetch first (select greatest(${quota}, ${Math.min(i.storedTop ?? TOP, TOP)})::bigint from n) rows with ties
    ), stored as (
      insert into honour_scores (round_id, street_id, user_id, chore_points, chores_approved, ratings, rating_sum,
                                 shrunk_rating, satisfaction, merit, total, rank, is_honoured)
      select ${i.roundId}, ${i.streetId}, x.user_id, x.chore_points, x.chores, x.ratings, x.rating_sum, x.shrunk,
             x.satisfaction, x.merit, x.total, x.rk, case when x.rk <= ${quota} then 1 else 0 end
        from (select t.*, rank() over (order by t.total desc) as rk from top t) x cross join n
      returning is_honoured, total
    )
    select n.eligible, ${quota}::int as quota,
           (select count(*) from stored where is_honoured = 1)::int as honoured,
           (select min(total) from stored where is_honoured = 1)::text as cutoff
      from n`,
  );
  return {
    eligible: Number(r?.eligible ?? 0),
    quota: Number(r?.quota ?? 0),
    honoured: Number(r?.honoured ?? 0),
    cutoffTotal: r?.cutoff ?? null,
    streetRatings,
    streetRatingSum,
  };
}

/** Keeps the draft's figures on the round: counts, the street's ratings and mean, the settings used, the cut-off. */
export async function finishRound(
  db: Db,
  roundId: number,
  f: RoundFigures & { minActivity: number; priorWeight: number; pointsPerStar: number },
): Promise<void> {
  await db.execute(sql`
    update honour_rounds set
      eligible = ${f.eligible}, quota = ${f.quota}, honoured = ${f.honoured},
      street_ratings = ${f.streetRatings}, street_rating_sum = ${f.streetRatingSum},
      street_mean_rating = round(${meanOf(sql`${f.streetRatingSum}::bigint`, sql`${f.streetRatings}::bigint`)}, 4),
      rating_prior_weight = ${f.priorWeight}, points_per_star = ${f.pointsPerStar}, min_activity = ${f.minActivity},
      cutoff_total = ${f.cutoffTotal}::numeric
     where id = ${roundId}`);
}

export interface KeptFigures {
  roundId: number;
  streetId: number;
  startDay: string;
  endDay: string;
  streetRatings: number;
  streetRatingSum: number;
  priorWeight: number;
  pointsPerStar: number;
}

/**
 * A captain's breakdown in a round where they have no stored row (below the stored top and not
 * honoured): worked from their tallies of the round's street and period now, the merits dated in it and
 * the round's kept figures, by the draft's own expressions. Rank is not known (null) and not honoured.
 * `activity` is approved chores + ratings, for the round's minimum.
 */
export async function workedScore(
  db: Db,
  k: KeptFigures,
  userId: number,
): Promise<(ScoreRow & { activity: number }) | undefined> {
  const quarters = quartersOf(k.startDay, k.endDay);
  const mean = meanOf(sql`${k.streetRatingSum}::bigint`, sql`${k.streetRatings}::bigint`);
  const p = parts(mean, k.priorWeight, k.pointsPerStar, { ratings: sql`t.ratings`, ratingSum: sql`t.rating_sum` });
  const [r] = await rows<ScoreRow & { activity: number }>(
    db,
    sql`
    select u.id as "userId", u.name, t.chore_points as "chorePoints", t.chores as "choresApproved", t.ratings,
           t.rating_sum as "ratingSum", ${p.shrunk} as "shrunkRating", ${p.satisfaction} as satisfaction,
           me.m as merit, (t.chore_points + ${p.satisfaction} + me.m)::numeric(14, 2) as total, null::int as rank,
           0 as "isHonoured", null::text as "certificateToken", (t.chores + t.ratings)::int as activity
      from users u
      cross join (select coalesce(sum(chore_points), 0)::bigint as chore_points, coalesce(sum(chores), 0)::int as chores,
                         coalesce(sum(ratings), 0)::int as ratings, coalesce(sum(rating_sum), 0)::int as rating_sum
                    from honour_tallies
                   where street_id = ${k.streetId} and quarter in ${quarterList(quarters)} and user_id = ${userId}) t
      cross join (select coalesce(sum(points), 0)::int as m from honour_merits
                   where street_id = ${k.streetId} and user_id = ${userId}
                     and awarded_on >= ${k.startDay}::date and awarded_on < ${k.endDay}::date) me
     where u.id = ${userId}`,
  );
  return r;
}
