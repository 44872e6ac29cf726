import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { users } from './users';

/** A household (户) at an address in a building. `path` is the building's org path, kept for scoped queries. */
export const households = pgTable(
  'households',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    buildingId: bigint('building_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    unitLabel: text('unit_label'),
    floor: integer('floor').notNull(),
    room: text('room').notNull(),
    floorArea: numeric('floor_area', { precision: 9, scale: 2, mode: 'number' }),
    isOwner: boolean('is_owner').notNull().default(true),
    /**
     * Households (exclusive units) sharing an owner key in a building belong to one owner: one buyer of several
     * units, or the developer's unsold units (法释〔2009〕7号 art. 9, docs/rules.md#deliberation). Null: its own owner.
     */
    ownerKey: text('owner_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('households_address_uq').on(t.buildingId, sql`coalesce(${t.unitLabel}, '')`, t.room),
    index('households_path_idx').using('btree', t.path.op('text_pattern_ops'), t.id),
    index('households_street_idx').on(t.streetId),
    check('households_floor_area_ck', sql`${t.floorArea} is null or ${t.floorArea} > 0`),
  ],
);

/**
 * A member of a household. Phone, ID number and care tags are personal data (docs/rules.md#personal-data): stored
 * AES-256-GCM encrypted, with HMAC blind indexes for exact lookup (phone, ID) and tag filters.
 */
export const residents = pgTable(
  'residents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    name: text('name').notNull(),
    gender: text('gender'),
    birthYear: integer('birth_year'),
    relation: text('relation').notNull(),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    careTagsEnc: text('care_tags_enc'),
    careTagHashes: text('care_tag_hashes').array().notNull().default(sql`'{}'::text[]`),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('residents_household_idx').on(t.householdId),
    // Not unique city-wide: a refusal would tell anyone registering a person whether that person is
    // registered anywhere. Duplicates are refused within the registering staff's jurisdiction (a
    // transaction-scoped advisory lock per number serialises the check), and audited.
    index('residents_id_number_idx').on(t.idNumberHash),
    index('residents_phone_idx').on(t.phoneHash),
    index('residents_user_idx').on(t.userId),
    index('residents_care_tags_idx').using('gin', t.careTagHashes),
    check('residents_gender_ck', sql`${t.gender} is null or ${t.gender} in ('M','F')`),
  ],
);

/**
 * An uploaded registry file waiting for, or read by, the import job (docs/rules.md#domain). The file itself is in
 * the blob store under `file_key`, encrypted (it holds phones and ID numbers), and only until the job has read it. `attempts` names the job run
 * holding it: progress and the outcome are written only under the same value, and a run whose lease ran
 * out (a crashed instance) is taken over.
 */
export const householdImports = pgTable(
  'household_imports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The importer's street; null for a binding above streets (an admin of the city). */
    streetId: bigint('street_id', { mode: 'number' }),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    dryRun: boolean('dry_run').notNull(),
    /** 导入有效行: a commit that writes the rows without errors and lists the others, instead of refusing the file. */
    validOnly: boolean('valid_only').notNull().default(false),
    /** SHA-256 of the uploaded file: one importer commits one file once (see the unique index below). */
    fileSha256: text('file_sha256'),
    status: text('status').notNull().default('queued'),
    fileName: text('file_name'),
    fileKey: text('file_key'),
    /** The request's address, for the audit row the job writes. */
    ip: text('ip').notNull(),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsEstimated: integer('rows_estimated'),
    result: jsonb('result'),
    error: jsonb('error'),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('household_imports_pending_idx').on(t.id).where(sql`${t.status} in ('queued', 'running')`),
    index('household_imports_created_by_idx').on(t.createdBy, t.id),
    // A file is committed once per importer: a second commit of it (another key, another tab) gets the first
    // one back. A commit refused for bad rows (failed) does not count, so its valid rows can still go in.
    uniqueIndex('household_imports_commit_once_uq')
      .on(t.createdBy, t.fileSha256)
      .where(sql`${t.dryRun} = false and ${t.status} <> 'failed'`),
    check('household_imports_status_ck', sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    check('household_imports_file_ck', sql`${t.status} in ('queued', 'running') or ${t.fileKey} is null`),
  ],
);
