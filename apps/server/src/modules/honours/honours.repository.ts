import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import { TOP } from './honour-scoring.repository';

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
  /** The draft's kept figures (honour-scoring.repository.ts); null in rounds drafted before they were kept. */
  streetRatings: number | null;
  streetRatingSum: number | string | null;
  ratingPriorWeight: number | null;
  pointsPerStar: number | null;
  minActivity: number | null;
  cutoffTotal: number | string | null;
}

const ROUND_COLS = sql`id, street_id as "streetId", kind, period, period_start as "periodStart", period_end as "periodEnd",
  status, quota_percent as "quotaPercent", eligible, quota, honoured, street_mean_rating as "streetMeanRating",
  bonus_points as "bonusPoints", drafted_by as "draftedBy", drafted_at as "draftedAt", reviewed_at as "reviewedAt",
  published_at as "publishedAt", street_ratings as "streetRatings", street_rating_sum as "streetRatingSum",
  rating_prior_weight as "ratingPriorWeight", points_per_star as "pointsPerStar", min_activity as "minActivity",
  cutoff_total as "cutoffTotal"`;

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
  /** Null for a captain without a stored row (worked from the tallies: below the stored top). */
  rank: number | null;
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

/** Gives each honoured captain of the round without one their token (`tokens[i]` to `userIds[i]`), in one statement. */
export async function setTokens(db: Db, roundId: number, userIds: number[], tokens: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.execute(
    sql`update honour_scores s set certificate_token = x.token
          from unnest(${`{${userIds.join(',')}}`}::bigint[], ${`{${tokens.join(',')}}`}::text[]) as x(user_id, token)
         where s.round_id = ${roundId} and s.user_id = x.user_id and s.is_honoured = 1 and s.certificate_token is null`,
  );
}

/**
 * Published rounds with kept figures, of the streets given, where the captain has no stored row (their
 * breakdown is worked from the tallies), newest first.
 */
export async function publishedWithoutRow(db: Db, userId: number, streetIds: readonly number[]): Promise<RoundRow[]> {
  if (streetIds.length === 0) return [];
  return rows<RoundRow>(
    db,
    sql`select ${ROUND_COLS} from honour_rounds r
         where r.status = 'published' and r.street_ratings is not null
           and r.street_id in (${sql.join(
             streetIds.map((x) => sql`${x}`),
             sql`, `,
           )})
           and not exists (select 1 from honour_scores s where s.round_id = r.id and s.user_id = ${userId})
         order by r.period_end desc, r.id desc limit 100`,
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
