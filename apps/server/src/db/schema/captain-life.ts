import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One record per captain (docs/rules.md#captains): profile tags, employer unit (for cadres), the 五大员
 * duties, and the status with its reason and date. The buildings served are the captain's role
 * bindings; every change is a row of `captain_events`.
 */
export const captainProfiles = pgTable(
  'captain_profiles',
  {
    userId: bigint('user_id', { mode: 'number' })
      .primaryKey()
      .references(() => users.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    employerUnit: text('employer_unit'),
    duties: text('duties').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull().default('active'),
    statusReason: text('status_reason'),
    statusAt: ts('status_at').notNull(),
    exitedAt: ts('exited_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('captain_profiles_street_idx').on(t.streetId, t.status),
    index('captain_profiles_exited_idx').on(t.exitedAt).where(sql`${t.status} = 'exited'`),
    check('captain_profiles_status_ck', sql`${t.status} in ('active','suspended','exited')`),
    check('captain_profiles_exited_ck', sql`(${t.status} = 'exited') = (${t.exitedAt} is not null)`),
    check('captain_profiles_reason_ck', sql`${t.status} = 'active' or ${t.statusReason} is not null`),
  ],
);

/** The history of a captain's record: created, profile edited, status changed, buildings bound/unbound. Append-only. */
export const captainEvents = pgTable(
  'captain_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    reason: text('reason'),
    detail: jsonb('detail'),
    actorUserId: bigint('actor_user_id', { mode: 'number' }).references(() => users.id),
    at: ts('at').notNull(),
  },
  (t) => [
    index('captain_events_user_idx').on(t.userId, t.id),
    check('captain_events_kind_ck', sql`${t.kind} in ('created','profile','status','bind','unbind')`),
  ],
);

/** Per-street settings of captains' life: honour quotas and scoring, and how long points outlive an exit. */
export const captainSettings = pgTable(
  'captain_settings',
  {
    streetId: bigint('street_id', { mode: 'number' }).primaryKey(),
    starQuotaPercent: integer('star_quota_percent').notNull().default(30),
    beautyQuotaPercent: integer('beauty_quota_percent').notNull().default(5),
    minActivity: integer('min_activity').notNull().default(1),
    ratingPriorWeight: integer('rating_prior_weight').notNull().default(10),
    pointsPerStar: integer('points_per_star').notNull().default(20),
    exitRedeemDays: integer('exit_redeem_days').notNull().default(90),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check('captain_settings_star_ck', sql`${t.starQuotaPercent} between 1 and 100`),
    check('captain_settings_beauty_ck', sql`${t.beautyQuotaPercent} between 1 and 100`),
    check(
      'captain_settings_numbers_ck',
      sql`${t.minActivity} >= 0 and ${t.ratingPriorWeight} >= 0 and ${t.pointsPerStar} >= 0 and ${t.exitRedeemDays} >= 0`,
    ),
  ],
);

/** A recruitment drive (招募帖) of a street or community: where captains are wanted, how many, by when. */
export const recruitmentDrives = pgTable(
  'recruitment_drives',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    title: text('title').notNull(),
    area: text('area'),
    buildingIds: bigint('building_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    requirements: text('requirements').notNull(),
    places: integer('places').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('recruitment_drives_path_idx').using('btree', t.path.op('text_pattern_ops'), t.id),
    check('recruitment_drives_places_ck', sql`${t.places} between 1 and 10000`),
  ],
);

/**
 * An application to a drive: self-nomination (自荐) by the signed-in applicant, or nomination (推选) of a
 * phone by a resident or staff, which counts once the nominee consents after signing in with that
 * phone. One per phone and drive (`phone_hash`, the users' blind index). Status moves
 * awaiting_consent → applied → vetted → chosen → registered (or rejected).
 */
export const recruitmentApplications = pgTable(
  'recruitment_applications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    driveId: bigint('drive_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentDrives.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    applicantUserId: bigint('applicant_user_id', { mode: 'number' }).references(() => users.id),
    nominatorUserId: bigint('nominator_user_id', { mode: 'number' }).references(() => users.id),
    statement: text('statement').notNull(),
    buildingId: bigint('building_id', { mode: 'number' }).references(() => orgUnits.id),
    status: text('status').notNull(),
    consentedAt: ts('consented_at'),
    vetNote: text('vet_note'),
    interviewedOn: date('interviewed_on', { mode: 'string' }),
    score: integer('score'),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => users.id),
    registeredAt: ts('registered_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('recruitment_applications_phone_uq').on(t.driveId, t.phoneHash),
    index('recruitment_applications_drive_idx').on(t.driveId, t.status, t.id),
    index('recruitment_applications_user_idx').on(t.applicantUserId),
    check('recruitment_applications_kind_ck', sql`${t.kind} in ('self','nominated')`),
    check(
      'recruitment_applications_status_ck',
      sql`${t.status} in ('awaiting_consent','applied','vetted','chosen','registered','rejected')`,
    ),
    check(
      'recruitment_applications_consent_ck',
      sql`${t.status} in ('awaiting_consent','rejected') or (${t.applicantUserId} is not null and ${t.consentedAt} is not null)`,
    ),
    check('recruitment_applications_score_ck', sql`${t.score} is null or ${t.score} between 0 and 100`),
  ],
);

/**
 * One honours round of a street (docs/rules.md#honours): the quarterly 星级楼长 (`star`, period
 * `2026-Q3`) or the yearly 最美楼长 (`beauty`, period `2026`). draft → reviewed → published.
 */
export const honourRounds = pgTable(
  'honour_rounds',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    period: text('period').notNull(),
    periodStart: ts('period_start').notNull(),
    periodEnd: ts('period_end').notNull(),
    status: text('status').notNull(),
    quotaPercent: integer('quota_percent').notNull(),
    eligible: integer('eligible').notNull(),
    quota: integer('quota').notNull(),
    honoured: integer('honoured').notNull(),
    streetMeanRating: numeric('street_mean_rating', { precision: 6, scale: 4, mode: 'number' }),
    // The draft's figures, so any captain's breakdown can be worked from the tallies without a row of their
    // own (null in rounds drafted before they were kept, which hold a row for every eligible captain): the
    // street's ratings in the period and their sum (the exact mean), the scoring settings the draft used,
    // and the lowest honoured total (the cut-off; null when nobody is honoured).
    streetRatings: integer('street_ratings'),
    streetRatingSum: bigint('street_rating_sum', { mode: 'number' }),
    ratingPriorWeight: integer('rating_prior_weight'),
    pointsPerStar: integer('points_per_star'),
    minActivity: integer('min_activity'),
    cutoffTotal: numeric('cutoff_total', { precision: 14, scale: 2, mode: 'number' }),
    bonusPoints: integer('bonus_points').notNull().default(0),
    draftedBy: bigint('drafted_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    reviewedBy: bigint('reviewed_by', { mode: 'number' }).references(() => users.id),
    publishedBy: bigint('published_by', { mode: 'number' }).references(() => users.id),
    draftedAt: ts('drafted_at').notNull(),
    reviewedAt: ts('reviewed_at'),
    publishedAt: ts('published_at'),
  },
  (t) => [
    uniqueIndex('honour_rounds_period_uq').on(t.streetId, t.kind, t.period),
    check('honour_rounds_kind_ck', sql`${t.kind} in ('star','beauty')`),
    check('honour_rounds_status_ck', sql`${t.status} in ('draft','reviewed','published')`),
    check('honour_rounds_bonus_ck', sql`${t.bonusPoints} between 0 and 10000`),
  ],
);

/**
 * The stored scores of a round: every honoured captain and the top 5,000 by rank (ties at either line
 * whole), with their parts, rank and whether honoured; every other eligible captain's breakdown is worked
 * from the tallies and the round's figures when asked (docs/rules.md#honours). Written only by the draft's
 * one statement (300,000 rows at a 30 % quota in a street of a million), so kept cheap to insert: no
 * foreign keys (the round and every captain exist when it runs), the rank index only over the top 5,000
 * the console lists, the token index only over tokens.
 */
export const honourScores = pgTable(
  'honour_scores',
  {
    roundId: bigint('round_id', { mode: 'number' }).notNull(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    chorePoints: integer('chore_points').notNull(),
    choresApproved: integer('chores_approved').notNull(),
    ratings: integer('ratings').notNull(),
    ratingSum: integer('rating_sum').notNull(),
    shrunkRating: numeric('shrunk_rating', { precision: 6, scale: 4, mode: 'number' }),
    satisfaction: numeric('satisfaction', { precision: 12, scale: 2, mode: 'number' }).notNull(),
    merit: integer('merit').notNull(),
    total: numeric('total', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    rank: integer('rank').notNull(),
    isHonoured: integer('is_honoured').notNull(),
    certificateToken: text('certificate_token'),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.userId] }),
    index('honour_scores_top_idx').on(t.roundId, t.rank).where(sql`${t.rank} <= 5000`),
    uniqueIndex('honour_scores_token_uq').on(t.certificateToken).where(sql`${t.certificateToken} is not null`),
  ],
);

/**
 * Per-captain, per-quarter totals the honours score reads (docs/ARCHITECTURE.md#honours), kept in the
 * transaction that changes them: a chore award credited (+points, +1 chore; its reversal takes them
 * back in the award's quarter) and a report rated (+1 rating, +stars to the last resolver, in the
 * quarter of the rating). Keyed by the street of the entry or report, so a captain who moves street
 * leaves their totals where they were earned. `user_id` 0 holds ratings of reports nobody resolved (they
 * count only in the street's mean); `quarter` is the first day of the Asia/Shanghai quarter. A year is
 * its four quarters.
 */
export const honourTallies = pgTable(
  'honour_tallies',
  {
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    quarter: date('quarter', { mode: 'string' }).notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    chorePoints: bigint('chore_points', { mode: 'number' }).notNull().default(0),
    chores: integer('chores').notNull().default(0),
    ratings: integer('ratings').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.streetId, t.quarter, t.userId] })],
);

/** Reviewers' merits (加分) for a captain on a day: counted in the honours of the period that holds the day. */
export const honourMerits = pgTable(
  'honour_merits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
    actorUserId: bigint('actor_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('honour_merits_street_idx').on(t.streetId, t.awardedOn),
    check('honour_merits_points_ck', sql`${t.points} between -100 and 100 and ${t.points} <> 0`),
  ],
);

/**
 * A training course (消防, 急救, 调解 …, with hours and whether it certifies) or a captains' meeting
 * (座谈会), held by a street or community on a day; attendance per captain below.
 */
export const captainSessions = pgTable(
  'captain_sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    kind: text('kind').notNull(),
    topic: text('topic').notNull(),
    title: text('title').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    hours: numeric('hours', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    certifies: integer('certifies').notNull().default(0),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('captain_sessions_path_idx').using('btree', t.path.op('text_pattern_ops'), t.id),
    check('captain_sessions_kind_ck', sql`${t.kind} in ('training','meeting')`),
    check('captain_sessions_hours_ck', sql`${t.hours} > 0 and ${t.hours} <= 100`),
  ],
);

/** Who attended a session, once per captain (primary key), with the certificate number when it certifies. */
export const captainAttendance = pgTable(
  'captain_attendance',
  {
    sessionId: bigint('session_id', { mode: 'number' })
      .notNull()
      .references(() => captainSessions.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    certificateNo: text('certificate_no'),
    recordedBy: bigint('recorded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index('captain_attendance_user_idx').on(t.userId)],
);

/** 老带新: an experienced captain paired with a new one, with notes; one current mentor per new captain. */
export const captainMentorships = pgTable(
  'captain_mentorships',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    mentorUserId: bigint('mentor_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    menteeUserId: bigint('mentee_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    notes: text('notes').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('captain_mentorships_current_uq').on(t.menteeUserId).where(sql`${t.endedOn} is null`),
    index('captain_mentorships_mentor_idx').on(t.mentorUserId),
    check('captain_mentorships_pair_ck', sql`${t.mentorUserId} <> ${t.menteeUserId}`),
  ],
);
