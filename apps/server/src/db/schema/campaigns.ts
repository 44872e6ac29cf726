import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
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
const PROBLEM_TYPES = sql.raw(
  `'clutter','abandoned_vehicle','street_stall','vegetable_plot','fire_equipment','illegal_structure','flying_wire'`,
);

/** A campaign (专项整治, docs/rules.md#campaigns) over an org unit's subtree (`scope_path`) and a period of Shanghai days. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    scopeOrgUnitId: bigint('scope_org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    scopePath: text('scope_path').notNull(),
    title: text('title').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    problemTypes: text('problem_types').array().notNull(),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('campaigns_scope_idx').using('btree', t.scopePath.op('text_pattern_ops')),
    check('campaigns_period_ck', sql`${t.endsOn} >= ${t.startsOn}`),
    check(
      'campaigns_types_ck',
      sql`cardinality(${t.problemTypes}) > 0 and ${t.problemTypes} <@ array[${PROBLEM_TYPES}]::text[]`,
    ),
  ],
);

/** The lead department (exactly one per campaign, by partial unique index) and the member departments. */
export const campaignDepartments = pgTable(
  'campaign_departments',
  {
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => campaigns.id),
    departmentId: bigint('department_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    isLead: boolean('is_lead').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.departmentId] }),
    index('campaign_departments_dept_idx').on(t.departmentId),
    uniqueIndex('campaign_departments_lead_uq').on(t.campaignId).where(sql`${t.isLead}`),
  ],
);

/**
 * A problem site a patrol logged. Status moves by compare-and-set on `version`; `cleared` needs the
 * "after" photo and `not_clearable` a reason (CHECKs), so a count of cleared sites is a count of proofs.
 * `reappeared_of_id`: the earlier cleared site at the same place with the same type (反弹).
 */
export const campaignSites = pgTable(
  'campaign_sites',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    campaignId: bigint('campaign_id', { mode: 'number' })
      .notNull()
      .references(() => campaigns.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    problemType: text('problem_type').notNull(),
    placeOrgUnitId: bigint('place_org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    placeText: text('place_text'),
    note: text('note'),
    photoId: bigint('photo_id', { mode: 'number' })
      .notNull()
      .references(() => photos.id),
    loggedBy: bigint('logged_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    loggedAt: ts('logged_at').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    assignedDepartmentId: bigint('assigned_department_id', { mode: 'number' }).references(() => orgUnits.id),
    assignedUserId: bigint('assigned_user_id', { mode: 'number' }).references(() => users.id),
    assignedAt: ts('assigned_at'),
    acceptedBy: bigint('accepted_by', { mode: 'number' }).references(() => users.id),
    acceptedAt: ts('accepted_at'),
    closedBy: bigint('closed_by', { mode: 'number' }).references(() => users.id),
    closedAt: ts('closed_at'),
    afterPhotoId: bigint('after_photo_id', { mode: 'number' }).references(() => photos.id),
    closeNote: text('close_note'),
    reappearedOfId: bigint('reappeared_of_id', { mode: 'number' }).references((): AnyPgColumn => campaignSites.id),
  },
  (t) => [
    index('campaign_sites_campaign_idx').on(t.campaignId, t.id),
    index('campaign_sites_place_idx').on(t.placeOrgUnitId, t.problemType),
    index('campaign_sites_dept_idx').on(t.assignedDepartmentId),
    index('campaign_sites_user_idx').on(t.assignedUserId),
    index('campaign_sites_photo_idx').on(t.photoId),
    index('campaign_sites_after_photo_idx').on(t.afterPhotoId),
    check('campaign_sites_type_ck', sql`${t.problemType} in (${PROBLEM_TYPES})`),
    check('campaign_sites_status_ck', sql`${t.status} in ('open','assigned','accepted','cleared','not_clearable')`),
    check(
      'campaign_sites_assignee_ck',
      sql`not (${t.assignedDepartmentId} is not null and ${t.assignedUserId} is not null)
          and (${t.status} = 'open' or ${t.assignedDepartmentId} is not null or ${t.assignedUserId} is not null)`,
    ),
    check(
      'campaign_sites_cleared_ck',
      sql`(${t.status} <> 'cleared' or (${t.afterPhotoId} is not null and ${t.closedAt} is not null))
          and (${t.status} <> 'not_clearable' or (${t.closeNote} is not null and ${t.closedAt} is not null))`,
    ),
  ],
);
