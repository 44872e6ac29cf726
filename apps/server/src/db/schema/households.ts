import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
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
