import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';

export interface RoundRow {
  id: number;
  streetId: number;
  kind: 'star' | 'beauty';
  period: string;
  periodStart: Date | string;
  periodEnd: Date | string;
  status: 'draft' | 'reviewed' | 'published';
  quotaPercent: number;
  eligible: number;
  quota: number;
  honoured: number;
  streetMeanRating: number | null;
  bonusPoints: number;
  draftedBy: number;
  draftedAt: Date | string;
  reviewedAt: Date | string | null;
  publishedAt: Date | string | null;
}

const ROUND_COLS = sql`id, street_id as "streetId", kind, period, period_start as "periodStart", period_end as "periodEnd",
  status, quota_percent as "quotaPercent", eligible, quota, honoured, street_mean_rating as "streetMeanRating",
  bonus_points as "bonusPoints", drafted_by as "draftedBy", drafted_at as "draftedAt", reviewed_at as "reviewedAt",
  published_at as "publishedAt"`;

export async function findRound(db: Db, id: number, forUpdate = false): Promise<RoundRow | undefined> {
  const [r] = await rows<RoundRow>(
    db,
    sql`select ${ROUND_COLS} from honour_rounds where id = ${id} ${forUpdate ? sql`for update` : sql``}`,
  );
  return r;
}

export async function findRoundByPeriod(db: Db, streetId: number, kind: string, period: string) {
  const [r] = await rows<RoundRow>(
    db,
    sql`select ${ROUND_COLS} from honour_rounds where street_id = ${streetId} and kind = ${kind} and period = ${period} for update`,
  );
  return r;
}

export async function roundsOfStreet(db: Db, streetId: number): Promise<RoundRow[]> {
  return rows<RoundRow>(
    db,
    sql`select ${ROUND_COLS} from honour_rounds where street_id = ${streetId} order by period_end desc, kind, id desc limit 200`,
  );
}

/** Creates the round's row if it does not exist (a concurrent creator wins; the caller re-reads under lock). */
export async function insertRound(
  db: Db,
  v: {
    streetId: number;
    kind: string;
    period: string;
    start: Date;
    end: Date;
    quotaPercent: number;
    bonusPoints: number;
    draftedBy: number;
    at: Date;
  },
): Promise<void> {
  await db.execute(sql`
    insert into honour_rounds (street_id, kind, period, period_start, period_end, status, quota_percent, eligible,
                               quota, honoured, bonus_points, drafted_by, drafted_at)
    values (${v.streetId}, ${v.kind}, ${v.period}, ${v.start.toISOString()}::timestamptz, ${v.end.toISOString()}::timestamptz,
            'draft', ${v.quotaPercent}, 0, 0, 0, ${v.bonusPoints}, ${v.draftedBy}, ${v.at.toISOString()}::timestamptz)
    on conflict (street_id, kind, period) do nothing`);
}

/** A draft drafted again: its quota and bonus as now, and who drafted it when. */
export async function redraft(
  db: Db,
  id: number,
  v: { quotaPercent: number; bonusPoints: number; by: number; at: Date },
): Promise<void> {
  await db.execute(sql`update honour_rounds
     set quota_percent = ${v.quotaPercent}, bonus_points = ${v.bonusPoints}, drafted_by = ${v.by},
         drafted_at = ${v.at.toISOString()}::timestamptz
   where id = ${id} and status = 'draft'`);
}

export interface ScoringInput {
  roundId: number;
  streetId: number;
  startDay: string;
  endDay: string;
  quotaPercent: number;
  minActivity: number;
  priorWeight: number;
  pointsPerStar: number;
}

/**
 * Scores every active captain of the street for the period and ranks them, in one statement
 * (docs/rules.md#honours), from the per-quarter tallies (`honour_tallies`, a year = its four quarters)
 * and the captains' bindings: one pass over the street's tally rows, never the raw ledger or timeline.
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
export async function scoreRound(db: Db, i: ScoringInput): Promise<void> {
  await db.execute(sql`delete from honour_scores where round_id = ${i.roundId}`);
  // For this transaction only: the rank sorts every eligible captain once, in memory rather than in
  // temporary files; and no JIT, whose compiling (set off by the estimates of the outer joins) cost more
  // than it saved (EXPLAIN ANALYZE at 100,000 captains: about a second of the statement's three).
  await db.execute(sql`set local work_mem = '256MB'`);
  await db.execute(sql`set local jit = off`);
  // A quarter has one tally row per captain; a year sums its four.
  const oneQuarter = quarterAfter(i.startDay) === i.endDay;
  const inPeriod = sql`street_id = ${i.streetId} and quarter >= ${i.startDay}::date and quarter < ${i.endDay}::date`;
  const tallies = oneQuarter
    ? sql`select user_id, chore_points, chores, ratings, rating_sum from honour_tallies
           where street_id = ${i.streetId} and quarter = ${i.startDay}::date`
    : sql`select user_id, sum(chore_points)::bigint as chore_points, sum(chores)::int as chores,
                 sum(ratings)::int as ratings, sum(rating_sum)::int as rating_sum
            from honour_tallies where ${inPeriod} group by user_id`;
  // The street's mean first (exact numeric, passed back as text): read once, not once per use in the statement.
  const [mean] = await rows<{ m: string | number | null }>(
    db,
    sql`select (sum(rating_sum)::numeric / nullif(sum(ratings), 0)::numeric)::text as m from honour_tallies where ${inPeriod}`,
  );
  // Merits are rare: joined only when the street has any in the period.
  const [merits] = await rows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from honour_merits where street_id = ${i.streetId}
          and awarded_on >= ${i.startDay}::date and awarded_on < ${i.endDay}::date) as any`,
  );
  const meritJoin = (col: SQL) =>
    merits?.any
      ? sql`left join (select user_id, sum(points)::int as m from honour_merits
                        where street_id = ${i.streetId} and awarded_on >= ${i.startDay}::date and awarded_on < ${i.endDay}::date
                        group by user_id) me on me.user_id = ${col}`
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
  const m = mean?.m ?? null;
  await db.execute(sql`
    with base as (${base}
    ), scored as (
      select b.*, case when b.ratings > 0 then
               round((${i.priorWeight}::numeric * ${m}::numeric + b.rating_sum) / (${i.priorWeight}::numeric + b.ratings), 4)
             end as shrunk
        from base b
    ), totals as (
      select s.*, coalesce(round(${i.pointsPerStar}::numeric * s.shrunk, 2), 0) as satisfaction,
             (s.chore_points + coalesce(round(${i.pointsPerStar}::numeric * s.shrunk, 2), 0) + s.merit)::numeric(14, 2) as total
        from scored s
    ), ranked as (
      select t.*, rank() over (order by t.total desc) as rk, count(*) over () as eligible from totals t
    )
    insert into honour_scores (round_id, street_id, user_id, chore_points, chores_approved, ratings, rating_sum,
                               shrunk_rating, satisfaction, merit, total, rank, is_honoured)
    select ${i.roundId}, ${i.streetId}, user_id, chore_points, chores, ratings, rating_sum, shrunk, satisfaction,
           merit, total, rk, case when rk <= ceil(eligible * ${i.quotaPercent}::numeric / 100) then 1 else 0 end
      from ranked
     order by user_id`);
}

/** The first day of the quarter after the one starting on `day` (YYYY-MM-01). */
function quarterAfter(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m >= 10 ? `${y + 1}-01-01` : `${y}-${String(m + 3).padStart(2, '0')}-01`;
}

/** The round's figures after scoring: eligible, quota, honoured, and the street's mean rating in the period. */
export async function finishRound(
  db: Db,
  i: { roundId: number; streetId: number; startDay: string; endDay: string; quotaPercent: number },
): Promise<void> {
  await db.execute(sql`
    update honour_rounds r set
      eligible = x.eligible,
      quota = ceil(x.eligible * ${i.quotaPercent}::numeric / 100)::int,
      honoured = x.honoured,
      street_mean_rating = (
        select round(sum(rating_sum)::numeric / nullif(sum(ratings), 0)::numeric, 4) from honour_tallies
         where street_id = ${i.streetId} and quarter >= ${i.startDay}::date and quarter < ${i.endDay}::date)
      from (select count(*)::int as eligible, coalesce(sum(is_honoured), 0)::int as honoured
              from honour_scores where round_id = ${i.roundId}) x
     where r.id = ${i.roundId}`);
}

export interface ScoreRow {
  userId: number;
  name: string;
  chorePoints: number;
  choresApproved: number;
  ratings: number;
  ratingSum: number;
  shrunkRating: number | null;
  satisfaction: number;
  merit: number;
  total: number;
  rank: number;
  isHonoured: number;
  certificateToken: string | null;
}

const SCORE_COLS = sql`s.user_id as "userId", u.name, s.chore_points as "chorePoints", s.chores_approved as "choresApproved",
  s.ratings, s.rating_sum as "ratingSum", s.shrunk_rating as "shrunkRating", s.satisfaction, s.merit, s.total, s.rank,
  s.is_honoured as "isHonoured", s.certificate_token as "certificateToken"`;

/** The round's top scores (at most 5,000: the first 5,000 rows by rank all rank 5,000 or better, see the index). */
export async function scoresOf(db: Db, roundId: number, limit = TOP): Promise<ScoreRow[]> {
  return rows<ScoreRow>(
    db,
    sql`select ${SCORE_COLS} from honour_scores s join users u on u.id = s.user_id
         where s.round_id = ${roundId} and s.rank <= ${sql.raw(String(TOP))}
         order by s.rank, s.user_id limit ${Math.min(limit, TOP)}`,
  );
}

/** The size of the console's list, and of the partial index honour_scores_top_idx (rank ≤ 5000) behind it. */
const TOP = 5000;

/** The honoured captains of a round, by captain. */
export async function honouredOf(db: Db, roundId: number): Promise<{ userId: number }[]> {
  return rows<{ userId: number }>(
    db,
    sql`select user_id as "userId" from honour_scores where round_id = ${roundId} and is_honoured = 1 order by user_id`,
  );
}

export async function scoreOf(db: Db, roundId: number, userId: number): Promise<ScoreRow | undefined> {
  const [r] = await rows<ScoreRow>(
    db,
    sql`select ${SCORE_COLS} from honour_scores s join users u on u.id = s.user_id
         where s.round_id = ${roundId} and s.user_id = ${userId}`,
  );
  return r;
}

/** A captain's scores in published rounds, newest first. */
export async function myScores(db: Db, userId: number) {
  return rows<ScoreRow & { roundId: number }>(
    db,
    sql`select s.round_id as "roundId", ${SCORE_COLS} from honour_rounds r
          join honour_scores s on s.round_id = r.id and s.user_id = ${userId}
          join users u on u.id = s.user_id
         where r.status = 'published'
         order by r.period_end desc, r.id desc limit 100`,
  );
}

/** Moves a round from `from` to `to`, once: false when it was not in `from` (someone else moved it). */
export async function moveRound(
  db: Db,
  id: number,
  from: 'draft' | 'reviewed',
  to: 'reviewed' | 'published',
  by: number,
  at: Date,
): Promise<boolean> {
  const set =
    to === 'reviewed'
      ? sql`status = 'reviewed', reviewed_by = ${by}, reviewed_at = ${at.toISOString()}::timestamptz`
      : sql`status = 'published', published_by = ${by}, published_at = ${at.toISOString()}::timestamptz`;
  const r = await rows<{ id: number }>(
    db,
    sql`update honour_rounds set ${set} where id = ${id} and status = ${from} returning id`,
  );
  return r.length > 0;
}

export async function setToken(db: Db, roundId: number, userId: number, token: string): Promise<void> {
  await db.execute(
    sql`update honour_scores set certificate_token = ${token}
         where round_id = ${roundId} and user_id = ${userId} and certificate_token is null`,
  );
}

export async function byToken(db: Db, token: string) {
  const [r] = await rows<{
    roundId: number;
    userId: number;
    name: string;
    kind: 'star' | 'beauty';
    period: string;
    streetName: string;
    publishedAt: Date | string;
  }>(
    db,
    sql`select s.round_id as "roundId", s.user_id as "userId", u.name, r.kind, r.period, o.name as "streetName",
               r.published_at as "publishedAt"
          from honour_scores s join honour_rounds r on r.id = s.round_id
          join users u on u.id = s.user_id join org_units o on o.id = r.street_id
         where s.certificate_token = ${token} and r.status = 'published' and s.is_honoured = 1`,
  );
  return r;
}

export async function insertMerit(
  db: Db,
  v: { streetId: number; userId: number; points: number; reason: string; awardedOn: string; actor: number; at: Date },
): Promise<number> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`insert into honour_merits (street_id, user_id, points, reason, awarded_on, actor_user_id, created_at)
        values (${v.streetId}, ${v.userId}, ${v.points}, ${v.reason}, ${v.awardedOn}::date, ${v.actor}, ${v.at.toISOString()}::timestamptz)
        returning id`,
  );
  return r?.id as number;
}

/** Streets (with their paths) where the user captains a building now. */
export async function captainStreets(db: Db, userId: number) {
  return rows<{ streetId: number; path: string }>(
    db,
    sql`select distinct o.street_id as "streetId", s.path from role_bindings rb
          join org_units o on o.id = rb.org_unit_id join org_units s on s.id = o.street_id
         where rb.user_id = ${userId} and rb.role = 'captain'`,
  );
}

/** Latest published honours of the captains of each building (for the boards). */
export async function honourRollFor(db: Db, buildingIds: readonly number[]) {
  if (buildingIds.length === 0) return [];
  return rows<{ buildingId: number; name: string; kind: 'star' | 'beauty'; period: string }>(
    db,
    sql`select distinct on (rb.org_unit_id, s.user_id, r.kind) rb.org_unit_id as "buildingId", u.name, r.kind, r.period
          from role_bindings rb
          join honour_rounds r on r.status = 'published'
          join honour_scores s on s.round_id = r.id and s.user_id = rb.user_id and s.is_honoured = 1
          join users u on u.id = rb.user_id
         where rb.role = 'captain' and rb.org_unit_id in (${sql.join(
           buildingIds.map((b) => sql`${b}`),
           sql`, `,
         )})
         order by rb.org_unit_id, s.user_id, r.kind, r.period_end desc`,
  );
}
