import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { households, residents } from './households';
import { orgUnits } from './org-units';
import { reports } from './reports';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A community's visit cycle for one care tag (docs/rules.md#care-visits). Without a row the built-in default holds
 * (独居老人 weekly, 高龄 fortnightly, 低保/残疾 monthly); `every_days` null switches a tag's visits off.
 */
export const careCycles = pgTable(
  'care_cycles',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    communityId: bigint('community_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    careTag: text('care_tag').notNull(),
    everyDays: integer('every_days'),
    updatedByUserId: bigint('updated_by_user_id', { mode: 'number' }).references(() => users.id),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('care_cycles_tag_uq').on(t.communityId, t.careTag),
    check('care_cycles_days_ck', sql`${t.everyDays} is null or ${t.everyDays} between 1 and 366`),
  ],
);

/** Who visits a cared-for resident: one captain or grid worker each. `path` is the building's org path. */
export const careAssignments = pgTable(
  'care_assignments',
  {
    residentId: bigint('resident_id', { mode: 'number' })
      .primaryKey()
      .references(() => residents.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    path: text('path').notNull(),
    visitorUserId: bigint('visitor_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    visitorRole: text('visitor_role').notNull(),
    assignedByUserId: bigint('assigned_by_user_id', { mode: 'number' }).references(() => users.id),
    assignedAt: ts('assigned_at').notNull(),
  },
  (t) => [
    index('care_assignments_path_idx').using('btree', t.path.op('text_pattern_ops')),
    index('care_assignments_visitor_idx').on(t.visitorUserId),
    check('care_assignments_role_ck', sql`${t.visitorRole} in ('captain','grid_worker')`),
  ],
);

/** Next of kin of a cared-for resident; the phone is personal data, encrypted like residents' phones. */
export const careContacts = pgTable(
  'care_contacts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    residentId: bigint('resident_id', { mode: 'number' })
      .notNull()
      .references(() => residents.id),
    name: text('name').notNull(),
    relation: text('relation').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('care_contacts_resident_idx').on(t.residentId)],
);

/**
 * One visit to a cared-for resident. Findings and the need are health and hardship details, encrypted
 * like care tags. `visited_on` is the Asia/Shanghai day of `visited_at`, which the cycles count in.
 * `report_id` is the report the need became (at most one per visit).
 */
export const careVisits = pgTable(
  'care_visits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    residentId: bigint('resident_id', { mode: 'number' })
      .notNull()
      .references(() => residents.id),
    path: text('path').notNull(),
    visitorUserId: bigint('visitor_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    visitedAt: ts('visited_at').notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    findingsEnc: text('findings_enc'),
    needEnc: text('need_enc'),
    errands: text('errands').array().notNull().default(sql`'{}'::text[]`),
    reportId: bigint('report_id', { mode: 'number' }).references(() => reports.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('care_visits_resident_idx').on(t.residentId, t.visitedOn),
    index('care_visits_path_idx').using('btree', t.path.op('text_pattern_ops')),
    uniqueIndex('care_visits_report_uq').on(t.reportId),
    check(
      'care_visits_errands_ck',
      sql`${t.errands} <@ array['pension_cert','age_allowance','utility_bills','escort_medical','anti_fraud']::text[]`,
    ),
  ],
);
