import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });
export const PROJECT_CATEGORIES_SQL = sql.raw(
  `'lighting','power','water','elderly_care','childcare','medical','environment','safety','culture','other'`,
);

/**
 * A partner unit's service agreement (共建协议, docs/rules.md#partners): what it offers (categories and text), to
 * whom, where (an org unit's subtree) and from when to when (Asia/Shanghai days, both included).
 */
export const partnerAgreements = pgTable(
  'partner_agreements',
  {
    id: id(),
    streetId: ref('street_id').notNull(),
    partnerOrgId: ref('partner_org_id')
      .notNull()
      .references(() => orgUnits.id),
    scopeOrgUnitId: ref('scope_org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    scopePath: text('scope_path').notNull(),
    title: text('title').notNull(),
    services: text('services').notNull(),
    beneficiaries: text('beneficiaries').notNull(),
    categories: text('categories').array().notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    createdBy: ref('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('partner_agreements_partner_idx').on(t.partnerOrgId),
    index('partner_agreements_scope_idx').using('btree', t.scopePath.op('text_pattern_ops')),
    check('partner_agreements_period_ck', sql`${t.endsOn} >= ${t.startsOn}`),
    check(
      'partner_agreements_categories_ck',
      sql`cardinality(${t.categories}) > 0 and ${t.categories} <@ array[${PROJECT_CATEGORIES_SQL}]::text[]`,
    ),
  ],
);

/**
 * A livelihood project (民生实事) a street or community publishes; a partner claims it under one of its
 * agreements (status moves by compare-and-set: one claimant wins), reports progress, asks for acceptance;
 * staff accept it.
 */
export const livelihoodProjects = pgTable(
  'livelihood_projects',
  {
    id: id(),
    streetId: ref('street_id').notNull(),
    orgUnitId: ref('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status').notNull().default('published'),
    partnerOrgId: ref('partner_org_id').references(() => orgUnits.id),
    agreementId: ref('agreement_id').references(() => partnerAgreements.id),
    claimedBy: ref('claimed_by').references(() => users.id),
    claimedAt: ts('claimed_at'),
    submittedAt: ts('submitted_at'),
    acceptedBy: ref('accepted_by').references(() => users.id),
    acceptedAt: ts('accepted_at'),
    acceptanceNote: text('acceptance_note'),
    createdBy: ref('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('livelihood_projects_path_idx').using('btree', t.path.op('text_pattern_ops')),
    index('livelihood_projects_partner_idx').on(t.partnerOrgId),
    check('livelihood_projects_category_ck', sql`${t.category} in (${PROJECT_CATEGORIES_SQL})`),
    check('livelihood_projects_status_ck', sql`${t.status} in ('published','claimed','submitted','accepted')`),
    check(
      'livelihood_projects_claim_ck',
      sql`(${t.status} = 'published') = (${t.partnerOrgId} is null) and (${t.partnerOrgId} is null) = (${t.agreementId} is null)`,
    ),
    check('livelihood_projects_accepted_ck', sql`(${t.status} = 'accepted') = (${t.acceptedAt} is not null)`),
  ],
);

export const projectMilestones = pgTable(
  'project_milestones',
  {
    id: id(),
    projectId: ref('project_id')
      .notNull()
      .references(() => livelihoodProjects.id),
    title: text('title').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    doneAt: ts('done_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('project_milestones_project_idx').on(t.projectId)],
);

/** A partner's progress report on a project, with photos (through the photos module) and a percentage. */
export const projectProgressReports = pgTable(
  'project_progress_reports',
  {
    id: id(),
    projectId: ref('project_id')
      .notNull()
      .references(() => livelihoodProjects.id),
    authorId: ref('author_id')
      .notNull()
      .references(() => users.id),
    milestoneId: ref('milestone_id').references(() => projectMilestones.id),
    body: text('body').notNull(),
    percent: integer('percent').notNull(),
    photoIds: bigint('photo_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('project_progress_project_idx').on(t.projectId, t.id),
    index('project_progress_photos_idx').using('gin', t.photoIds),
    check('project_progress_percent_ck', sql`${t.percent} between 0 and 100`),
  ],
);

/** Residents' feedback on a project: one per person, a rating 1–5 and a comment. */
export const projectFeedback = pgTable(
  'project_feedback',
  {
    id: id(),
    projectId: ref('project_id')
      .notNull()
      .references(() => livelihoodProjects.id),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('project_feedback_uq').on(t.projectId, t.userId),
    check('project_feedback_rating_ck', sql`${t.rating} between 1 and 5`),
  ],
);

/** Community pairing (结对共建): a model community helps another, with goals and a seconded 第一书记. */
export const communityPairs = pgTable(
  'community_pairs',
  {
    id: id(),
    streetId: ref('street_id').notNull(),
    mentorCommunityId: ref('mentor_community_id')
      .notNull()
      .references(() => orgUnits.id),
    partnerCommunityId: ref('partner_community_id')
      .notNull()
      .references(() => orgUnits.id),
    mentorPath: text('mentor_path').notNull(),
    partnerPath: text('partner_path').notNull(),
    goals: text('goals').notNull(),
    secondedName: text('seconded_name'),
    secondedRole: text('seconded_role'),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    createdBy: ref('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('community_pairs_uq').on(t.mentorCommunityId, t.partnerCommunityId),
    check('community_pairs_distinct_ck', sql`${t.mentorCommunityId} <> ${t.partnerCommunityId}`),
  ],
);

/** A shared note or a visit of a pairing. */
export const communityPairNotes = pgTable(
  'community_pair_notes',
  {
    id: id(),
    pairId: ref('pair_id')
      .notNull()
      .references(() => communityPairs.id),
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    happenedOn: date('happened_on', { mode: 'string' }).notNull(),
    authorId: ref('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('community_pair_notes_pair_idx').on(t.pairId, t.id),
    check('community_pair_notes_kind_ck', sql`${t.kind} in ('note','visit')`),
  ],
);
