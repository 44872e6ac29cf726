import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { households, residents } from './households';
import { orgUnits } from './org-units';
import { photos } from './photos';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const RULES = sql.raw(
  `'civil_code_major','civil_code_ordinary','informal_majority','informal_two_thirds','informal_unanimous'`,
);

/**
 * A proposal (议题, docs/rules.md#deliberation) put to the households of a building or an estate under a rule.
 * `result` is the tally frozen at close; once `closed`, nothing about the proposal or its ballots changes
 * (the trigger at the end of the migration refuses it).
 */
export const proposals = pgTable(
  'proposals',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    scopeOrgUnitId: bigint('scope_org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    scopePath: text('scope_path').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    rule: text('rule').notNull(),
    /** Whether a household may change its ballot until the deadline. */
    allowChange: boolean('allow_change').notNull().default(true),
    attachmentPhotoIds: bigint('attachment_photo_ids', { mode: 'number' }).array().notNull().default(sql`'{}'`),
    /**
     * An informal vote's own options (e.g. 方案一/方案二/暂缓), chosen by index; empty: the ballot is 同意/反对/弃权
     * (always so under a civil-code rule).
     */
    options: text('options').array().notNull().default(sql`'{}'::text[]`),
    deadline: ts('deadline').notNull(),
    status: text('status').notNull().default('open'),
    result: jsonb('result'),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    closedBy: bigint('closed_by', { mode: 'number' }).references(() => users.id),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('proposals_scope_idx').using('btree', t.scopePath.op('text_pattern_ops'), t.id),
    check('proposals_rule_ck', sql`${t.rule} in (${RULES})`),
    check('proposals_status_ck', sql`${t.status} in ('open','closed')`),
    check(
      'proposals_options_ck',
      sql`cardinality(${t.options}) = 0 or (cardinality(${t.options}) between 2 and 10 and ${t.rule} like 'informal%')`,
    ),
    check(
      'proposals_closed_ck',
      sql`(${t.status} = 'closed') = (${t.result} is not null and ${t.closedAt} is not null)`,
    ),
  ],
);

/**
 * The roll (表决名册) frozen when the proposal opens: every household (exclusive unit) of the scope with its
 * registered floor area in hundredths of m² and its owner key (法释〔2009〕7号 arts. 8–9).
 */
export const proposalRoll = pgTable(
  'proposal_roll',
  {
    proposalId: bigint('proposal_id', { mode: 'number' })
      .notNull()
      .references(() => proposals.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    ownerKey: text('owner_key'),
    areaCm2: integer('area_cm2').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.householdId] }),
    check('proposal_roll_area_ck', sql`${t.areaCm2} >= 0`),
  ],
);

/**
 * One ballot per household and proposal (the unique key), changed in place until the deadline when the
 * proposal allows; each cast and change is in the audit log. A paper ballot carries the photo of the signed form.
 */
export const proposalBallots = pgTable(
  'proposal_ballots',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    proposalId: bigint('proposal_id', { mode: 'number' })
      .notNull()
      .references(() => proposals.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    /** 同意/反对/弃权, or null when the proposal has its own options and `option_index` names the one chosen. */
    choice: text('choice'),
    optionIndex: integer('option_index'),
    castVia: text('cast_via').notNull(),
    castBy: bigint('cast_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    formPhotoId: bigint('form_photo_id', { mode: 'number' }).references(() => photos.id),
    changes: integer('changes').notNull().default(0),
    castAt: ts('cast_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('proposal_ballots_household_uq').on(t.proposalId, t.householdId),
    // A ballot only for a household on the proposal's roll.
    foreignKey({
      name: 'proposal_ballots_roll_fk',
      columns: [t.proposalId, t.householdId],
      foreignColumns: [proposalRoll.proposalId, proposalRoll.householdId],
    }),
    check('proposal_ballots_choice_ck', sql`${t.choice} in ('agree','against','abstain')`),
    check('proposal_ballots_one_choice_ck', sql`(${t.choice} is null) <> (${t.optionIndex} is null)`),
    check('proposal_ballots_option_ck', sql`${t.optionIndex} is null or ${t.optionIndex} between 0 and 9`),
    check('proposal_ballots_via_ck', sql`${t.castVia} in ('app','paper','door_to_door')`),
    check('proposal_ballots_paper_ck', sql`${t.castVia} <> 'paper' or ${t.formPhotoId} is not null`),
  ],
);

/**
 * The vote link sent by SMS to an absentee owner (外地业主) of a household on the roll: one row per resident and
 * proposal, so the link goes once unless a manager sends it again on purpose (`sends` counts the messages).
 */
export const proposalLinkSms = pgTable(
  'proposal_link_sms',
  {
    proposalId: bigint('proposal_id', { mode: 'number' })
      .notNull()
      .references(() => proposals.id),
    residentId: bigint('resident_id', { mode: 'number' })
      .notNull()
      .references(() => residents.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    sends: integer('sends').notNull().default(1),
    sentBy: bigint('sent_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    firstSentAt: ts('first_sent_at').notNull(),
    lastSentAt: ts('last_sent_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.residentId] }),
    check('proposal_link_sms_sends_ck', sql`${t.sends} >= 1`),
  ],
);

/** Residents' comments (收集意见) on a proposal before the vote closes. */
export const proposalComments = pgTable(
  'proposal_comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    proposalId: bigint('proposal_id', { mode: 'number' })
      .notNull()
      .references(() => proposals.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('proposal_comments_proposal_idx').on(t.proposalId, t.id)],
);

/** A building council (楼事会) of a building or an estate: the captain, owner representatives, staff. */
export const councils = pgTable(
  'councils',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    name: text('name').notNull(),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('councils_unit_uq').on(t.orgUnitId),
    index('councils_path_idx').using('btree', t.path.op('text_pattern_ops')),
  ],
);

export const councilMembers = pgTable(
  'council_members',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    councilId: bigint('council_id', { mode: 'number' })
      .notNull()
      .references(() => councils.id),
    name: text('name').notNull(),
    role: text('role').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).references(() => households.id),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('council_members_council_idx').on(t.councilId),
    check('council_members_role_ck', sql`${t.role} in ('captain','owner_rep','staff')`),
  ],
);

export const councilMeetings = pgTable(
  'council_meetings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    councilId: bigint('council_id', { mode: 'number' })
      .notNull()
      .references(() => councils.id),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    attendees: text('attendees').notNull(),
    minutes: text('minutes').notNull(),
    proposalId: bigint('proposal_id', { mode: 'number' }).references(() => proposals.id),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('council_meetings_council_idx').on(t.councilId, t.heldOn)],
);
