import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { photos } from './photos';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * What a chore is and what proof it needs, per street (docs/rules.md#chores): 扫楼梯 10 points, two photos,
 * before and after, at most once per building and day; a claim lapses after `claim_ttl_hours`.
 */
export const choreTemplates = pgTable(
  'chore_templates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    name: text('name').notNull(),
    category: text('category').notNull(),
    points: integer('points').notNull(),
    minPhotos: integer('min_photos').notNull(),
    beforeAfter: boolean('before_after').notNull(),
    /** Claims of this chore per building and (Asia/Shanghai) day; null: no limit. */
    dailyLimitPerBuilding: integer('daily_limit_per_building'),
    claimTtlHours: integer('claim_ttl_hours').notNull(),
    description: text('description'),
    archivedAt: ts('archived_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('chore_templates_name_uq').on(t.streetId, t.name),
    check('chore_templates_points_ck', sql`${t.points} > 0 and ${t.points} <= 1000`),
    check('chore_templates_min_photos_ck', sql`${t.minPhotos} between 0 and 9`),
    check('chore_templates_ttl_ck', sql`${t.claimTtlHours} between 1 and 720`),
    check(
      'chore_templates_limit_ck',
      sql`${t.dailyLimitPerBuilding} is null or ${t.dailyLimitPerBuilding} between 1 and 100`,
    ),
    check(
      'chore_templates_category_ck',
      sql`${t.category} in ('cleaning','patrol','notice','publicity','hazard','mediation','visit','other')`,
    ),
  ],
);

/** A template published to an org unit's buildings, once or every day/week from `starts_on`. */
export const chorePublications = pgTable(
  'chore_publications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    templateId: bigint('template_id', { mode: 'number' })
      .notNull()
      .references(() => choreTemplates.id),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    orgPath: text('org_path').notNull(),
    recurrence: text('recurrence').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    index('chore_publications_street_idx').on(t.streetId, t.id),
    check('chore_publications_recurrence_ck', sql`${t.recurrence} in ('once','daily','weekly')`),
    check('chore_publications_range_ck', sql`${t.endsOn} is null or ${t.endsOn} >= ${t.startsOn}`),
  ],
);

/**
 * One chore for one building and one occurrence. The unique key (publication, building, occurrence)
 * makes generation idempotent on any number of instances. A claim lives on the task: `claimed_by`
 * is set exactly when the task is not open (CHECK), and claiming is a conditional UPDATE.
 */
export const choreTasks = pgTable(
  'chore_tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    publicationId: bigint('publication_id', { mode: 'number' })
      .notNull()
      .references(() => chorePublications.id),
    templateId: bigint('template_id', { mode: 'number' })
      .notNull()
      .references(() => choreTemplates.id),
    buildingId: bigint('building_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    buildingPath: text('building_path').notNull(),
    occurrence: date('occurrence', { mode: 'string' }).notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull(),
    claimedByUserId: bigint('claimed_by_user_id', { mode: 'number' }).references(() => users.id),
    claimedAt: ts('claimed_at'),
    claimExpiresAt: ts('claim_expires_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('chore_tasks_occurrence_uq').on(t.publicationId, t.buildingId, t.occurrence),
    index('chore_tasks_path_idx').using('btree', t.buildingPath.op('text_pattern_ops'), t.status),
    index('chore_tasks_claimer_idx').on(t.claimedByUserId, t.status),
    index('chore_tasks_expiry_idx').on(t.claimExpiresAt).where(sql`${t.status} = 'claimed'`),
    check('chore_tasks_status_ck', sql`${t.status} in ('open','claimed','submitted','rejected','approved')`),
    check(
      'chore_tasks_claim_ck',
      sql`(${t.status} = 'open') = (${t.claimedByUserId} is null) and (${t.status} <> 'claimed' or ${t.claimExpiresAt} is not null)`,
    ),
  ],
);

/**
 * Claims counted per template, building and Asia/Shanghai day, so a daily limit holds under
 * concurrent claims (a conditional upsert on this row; CHECK keeps it honest).
 */
export const choreDailyClaims = pgTable(
  'chore_daily_claims',
  {
    templateId: bigint('template_id', { mode: 'number' })
      .notNull()
      .references(() => choreTemplates.id),
    buildingId: bigint('building_id', { mode: 'number' }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    claims: integer('claims').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.templateId, t.buildingId, t.day] }),
    check('chore_daily_claims_ck', sql`${t.claims} >= 0`),
  ],
);

/**
 * Proof of a done chore and its review. A task has at most one pending and at most one approved
 * submission (partial unique indexes); rejected ones stay as history when the captain resubmits.
 * `duplicate_flags` lists photos that look like photos of other tasks' submissions.
 */
export const choreSubmissions = pgTable(
  'chore_submissions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    taskId: bigint('task_id', { mode: 'number' })
      .notNull()
      .references(() => choreTasks.id),
    submitterUserId: bigint('submitter_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    note: text('note'),
    doneAt: ts('done_at').notNull(),
    status: text('status').notNull(),
    duplicateFlags: jsonb('duplicate_flags').notNull().default(sql`'[]'::jsonb`),
    reviewerUserId: bigint('reviewer_user_id', { mode: 'number' }).references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    rejectReason: text('reject_reason'),
    ledgerEntryId: bigint('ledger_entry_id', { mode: 'number' }),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('chore_submissions_pending_uq').on(t.taskId).where(sql`${t.status} = 'pending'`),
    uniqueIndex('chore_submissions_approved_uq').on(t.taskId).where(sql`${t.status} = 'approved'`),
    index('chore_submissions_street_idx').on(t.streetId, t.status, t.id),
    index('chore_submissions_submitter_idx').on(t.submitterUserId, t.id),
    // The review queue across a jurisdiction by status, oldest or newest first (read either way).
    index('chore_submissions_status_idx').on(t.status, t.id),
    // A task's rejected submissions (pending and approved ones have their unique indexes): the chores
    // totals' refresh finds a building's submissions through these three. Partial, so an approval
    // (pending → approved) writes no entry in it.
    index('chore_submissions_rejected_task_idx').on(t.taskId).where(sql`${t.status} = 'rejected'`),
    check('chore_submissions_status_ck', sql`${t.status} in ('pending','approved','rejected')`),
    check(
      'chore_submissions_review_ck',
      sql`(${t.status} = 'pending') = (${t.reviewerUserId} is null) and (${t.status} <> 'rejected' or ${t.rejectReason} is not null)`,
    ),
    check('chore_submissions_self_review_ck', sql`${t.reviewerUserId} is distinct from ${t.submitterUserId}`),
  ],
);

/** The photos of a submission, each marked before / after / other. */
export const choreSubmissionPhotos = pgTable(
  'chore_submission_photos',
  {
    submissionId: bigint('submission_id', { mode: 'number' })
      .notNull()
      .references(() => choreSubmissions.id),
    photoId: bigint('photo_id', { mode: 'number' })
      .notNull()
      .references(() => photos.id),
    kind: text('kind').notNull(),
    position: integer('position').notNull(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.photoId] }),
    index('chore_submission_photos_photo_idx').on(t.photoId),
    check('chore_submission_photos_kind_ck', sql`${t.kind} in ('before','after','other')`),
  ],
);

/** Per-street chore settings: whether community staff may review chores of their community (delegation). */
export const choreStreetSettings = pgTable('chore_street_settings', {
  streetId: bigint('street_id', { mode: 'number' })
    .primaryKey()
    .references(() => orgUnits.id),
  communityMayReview: boolean('community_may_review').notNull().default(false),
  updatedAt: ts('updated_at').notNull(),
});
