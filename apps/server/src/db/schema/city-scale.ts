import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
} from 'drizzle-orm/pg-core';
import { photos } from './photos';

/**
 * Maintained report figures (docs/glossary.md#figures): one row per org unit on a report's path
 * (city … building or place), Asia/Shanghai day of receipt, current level and top category. Kept by
 * `ReportTotals.refresh` from the `report_totals_dirty` queue the reports trigger fills in the same
 * transaction as each change; a refresh recomputes the touched building-days from `reports` and then
 * their ancestors' days from the leaf rows, so running it twice changes nothing.
 */
export const reportTotals = pgTable(
  'report_totals',
  {
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).notNull(),
    /** The unit's path; on leaf rows (the report's building or place) the report's path. */
    path: text('path').notNull(),
    isLeaf: smallint('is_leaf').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    level: smallint('level').notNull(),
    categoryId: bigint('category_id', { mode: 'number' }).notNull(),
    received: integer('received').notNull(),
    answered: integer('answered').notNull(),
    resolved: integer('resolved').notNull(),
    firstAnswerHours: doublePrecision('first_answer_hours').notNull(),
    resolutionHours: doublePrecision('resolution_hours').notNull(),
    ratingSum: integer('rating_sum').notNull(),
    rated: integer('rated').notNull(),
    resolvedWithinCommunity: integer('resolved_within_community').notNull(),
    escalatedBeyondCommunity: integer('escalated_beyond_community').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgUnitId, t.day, t.level, t.categoryId] }),
    index('report_totals_leaf_day_idx').using('btree', t.day, t.path.op('text_pattern_ops')).where(sql`is_leaf = 1`),
    // The dashboard's read (report-totals.repository.ts figures): a unit's rows with every figure, by an
    // index-only scan — a unit's days are spread over the whole table, one heap page per day otherwise.
    index('report_totals_unit_figures_idx').on(
      t.orgUnitId,
      t.day,
      t.level,
      t.categoryId,
      t.received,
      t.answered,
      t.resolved,
      t.firstAnswerHours,
      t.resolutionHours,
      t.ratingSum,
      t.rated,
      t.resolvedWithinCommunity,
      t.escalatedBeyondCommunity,
    ),
  ],
);

/** Building-days whose reports changed since the last refresh (an append-only queue, drained by the refresh). */
export const reportTotalsDirty = pgTable('report_totals_dirty', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  buildingId: bigint('building_id', { mode: 'number' }).notNull(),
  day: date('day', { mode: 'string' }).notNull(),
});

/**
 * A photo's 64-bit perceptual hash cut into 4 bands of 16 bits, each row carrying the whole hash. Two
 * hashes within 7 bits of each other differ in at most one bit in at least one band (were every band 2
 * bits or more apart, the hashes would be 8 or more apart), so the duplicate check looks up, in each
 * band, the new photo's value and its 16 one-bit neighbours through this index — 68 lookups, bounded to
 * the street — and measures the distance on the candidates' `hash` read from the same index.
 */
export const photoHashBands = pgTable(
  'photo_hash_bands',
  {
    photoId: bigint('photo_id', { mode: 'number' })
      .notNull()
      .references(() => photos.id, { onDelete: 'cascade' }),
    /** The photo's street, 0 for none: the check never looks beyond it. */
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    /** 0–3, the most significant 16 bits first. */
    band: smallint('band').notNull(),
    /** The band's 16 bits, 0–65535. */
    value: integer('value').notNull(),
    /** The whole hash as a signed 64-bit integer, so the distance is measured without reading `photos`. */
    hash: bigint('hash', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.photoId, t.band] }),
    index('photo_hash_bands_lookup_idx').on(t.streetId, t.band, t.value, t.photoId, t.hash),
  ],
);
