import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { users } from './users';

/**
 * Report categories (docs/rules.md#reports): a small shared reference table (no street_id, docs/rules.md#scale), a tree
 * by `parent_id`. `default_department_id` is where a street's escalation goes when nobody picks one.
 */
export const reportCategories = pgTable(
  'report_categories',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => reportCategories.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    sort: integer('sort').notNull().default(0),
    defaultDepartmentId: bigint('default_department_id', { mode: 'number' }).references(() => orgUnits.id),
    isActive: boolean('is_active').notNull().default(true),
  },
  (t) => [uniqueIndex('report_categories_code_uq').on(t.code), index('report_categories_parent_idx').on(t.parentId)],
);

/**
 * SLA targets of a category per handling level, in hours: `ack_hours` to acknowledge (受理/报到),
 * `resolve_hours` to resolve, both counted from the moment the report reaches the level.
 * Levels: 1 building (captain / property window), 2 grid, 3 community, 4 street, 5 department.
 */
export const reportCategorySlas = pgTable(
  'report_category_slas',
  {
    categoryId: bigint('category_id', { mode: 'number' })
      .notNull()
      .references(() => reportCategories.id),
    level: smallint('level').notNull(),
    ackHours: integer('ack_hours').notNull(),
    resolveHours: integer('resolve_hours').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.categoryId, t.level] }),
    check('report_category_slas_level_ck', sql`${t.level} between 1 and 5`),
    check(
      'report_category_slas_hours_ck',
      sql`${t.ackHours} > 0 and ${t.resolveHours} >= ${t.ackHours} and ${t.resolveHours} <= 8760`,
    ),
  ],
);

/** The stable token a building's QR code carries (扫码报事): opens a report pre-filled with that building. */
export const buildingReportTokens = pgTable(
  'building_report_tokens',
  {
    buildingId: bigint('building_id', { mode: 'number' })
      .primaryKey()
      .references(() => orgUnits.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    token: text('token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('building_report_tokens_token_uq').on(t.token)],
);

export const REPORT_STATUSES_SQL = sql`'submitted','accepted','in_progress','resolved','closed','reopened','rejected','merged'`;

/**
 * A resident's report (诉求). `level` and `handler_org_unit_id` say who holds it now; `version` grows
 * with every event and is the compare-and-set key that makes escalation safe on several instances.
 * `due_at` is the one clock the escalation job watches: the acknowledge deadline while submitted or
 * reopened, the resolve deadline while accepted or in progress, the auto-close time once resolved.
 */
export const reports = pgTable(
  'reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    buildingId: bigint('building_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    categoryId: bigint('category_id', { mode: 'number' })
      .notNull()
      .references(() => reportCategories.id),
    description: text('description').notNull(),
    location: text('location'),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    level: smallint('level').notNull(),
    peakLevel: smallint('peak_level').notNull(),
    handlerOrgUnitId: bigint('handler_org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    departmentId: bigint('department_id', { mode: 'number' }).references(() => orgUnits.id),
    version: integer('version').notNull().default(1),
    reporterUserId: bigint('reporter_user_id', { mode: 'number' }).references(() => users.id),
    reporterName: text('reporter_name'),
    reporterPhoneEnc: text('reporter_phone_enc'),
    /** The reporter's phone's blind index (the users' phone_hash), for finding their reports by number. */
    reporterPhoneHash: text('reporter_phone_hash'),
    createdByUserId: bigint('created_by_user_id', { mode: 'number' }).references(() => users.id),
    externalId: text('external_id'),
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }).references((): AnyPgColumn => reports.id),
    followerCount: integer('follower_count').notNull().default(0),
    levelEnteredAt: timestamp('level_entered_at', { withTimezone: true, mode: 'date' }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
    isOverdue: boolean('is_overdue').notNull().default(false),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    firstAnsweredAt: timestamp('first_answered_at', { withTimezone: true, mode: 'date' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    rating: smallint('rating'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('reports_path_idx').using('btree', t.path.op('text_pattern_ops'), t.id),
    index('reports_street_created_idx').on(t.streetId, t.createdAt),
    index('reports_handler_idx').on(t.handlerOrgUnitId, t.status),
    index('reports_department_idx').on(t.departmentId, t.id),
    index('reports_reporter_idx').on(t.reporterUserId, t.id),
    index('reports_building_created_idx').on(t.buildingId, t.createdAt),
    index('reports_open_building_idx')
      .on(t.buildingId, t.categoryId)
      .where(sql`${t.status} in ('submitted','accepted','in_progress','reopened')`),
    // Inboxes (a grid's, a community's, a street's handling view): open reports at a level under a path.
    index('reports_open_level_path_idx')
      .using('btree', t.level, t.path.op('text_pattern_ops'), t.id)
      .where(sql`${t.status} in ('submitted','accepted','in_progress','reopened')`),
    // A department's inbox (its handling view): open reports dispatched to it, newest first.
    index('reports_open_department_idx')
      .on(t.departmentId, t.id)
      .where(sql`${t.level} = 5 and ${t.status} in ('submitted','accepted','in_progress','reopened')`),
    index('reports_reporter_phone_idx').on(t.reporterPhoneHash, t.id).where(sql`${t.reporterPhoneHash} is not null`),
    index('reports_due_idx').on(t.dueAt).where(sql`${t.dueAt} is not null`),
    uniqueIndex('reports_external_uq').on(t.channel, t.externalId).where(sql`${t.externalId} is not null`),
    check('reports_status_ck', sql`${t.status} in (${REPORT_STATUSES_SQL})`),
    check('reports_level_ck', sql`${t.level} between 1 and 5 and ${t.peakLevel} between ${t.level} and 5`),
    check('reports_channel_ck', sql`${t.channel} in ('app','qr','proxy','phone','open311')`),
    check('reports_rating_ck', sql`${t.rating} is null or ${t.rating} between 1 and 5`),
    check('reports_merged_ck', sql`(${t.status} = 'merged') = (${t.mergedIntoId} is not null)`),
    check('reports_followers_ck', sql`${t.followerCount} >= 0`),
  ],
);

/** People who follow a report: its reporter, residents who joined it instead of filing a duplicate, followers of a merged duplicate. */
export const reportFollowers = pgTable(
  'report_followers',
  {
    reportId: bigint('report_id', { mode: 'number' })
      .notNull()
      .references(() => reports.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.userId] }),
    index('report_followers_user_idx').on(t.userId, t.reportId),
    check('report_followers_kind_ck', sql`${t.kind} in ('reporter','joined','merged')`),
  ],
);

/**
 * The report's timeline: one row per change, written in the change's transaction, never updated
 * (trigger). `version` is the report's version after the change: unique, so one change is one event.
 */
export const reportEvents = pgTable(
  'report_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: bigint('report_id', { mode: 'number' })
      .notNull()
      .references(() => reports.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    version: integer('version').notNull(),
    type: text('type').notNull(),
    actorUserId: bigint('actor_user_id', { mode: 'number' }).references(() => users.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    fromLevel: smallint('from_level'),
    toLevel: smallint('to_level').notNull(),
    handlerOrgUnitId: bigint('handler_org_unit_id', { mode: 'number' }),
    note: text('note'),
    photoIds: bigint('photo_ids', { mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('report_events_version_uq').on(t.reportId, t.version),
    index('report_events_street_at_idx').on(t.streetId, t.at),
    check(
      'report_events_type_ck',
      sql`${t.type} in ('submitted','accepted','answered','resolved','escalated','auto_escalated','overdue','rejected','rated','closed','auto_closed','reopened','joined','merged','merged_into','returned')`,
    ),
  ],
);
