import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { households, residents } from './households';
import { orgUnits } from './org-units';
import { reports } from './reports';
import { users } from './users';

/**
 * A person asking to be recognised as living in a building (待确认住户): raised by their first report
 * from the building's QR link, or asked from the phone app with the unit and room. The captain or
 * community staff confirm it into a household (linking the registry's resident record when the phone
 * matches by its blind index) or reject it with a reason. One pending claim per person and building.
 */
export const residencyClaims = pgTable(
  'residency_claims',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    buildingId: bigint('building_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    source: text('source').notNull(),
    reportId: bigint('report_id', { mode: 'number' }).references(() => reports.id),
    unitLabel: text('unit_label'),
    room: text('room'),
    status: text('status').notNull().default('pending'),
    householdId: bigint('household_id', { mode: 'number' }).references(() => households.id),
    residentId: bigint('resident_id', { mode: 'number' }).references(() => residents.id),
    decidedByUserId: bigint('decided_by_user_id', { mode: 'number' }).references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('residency_claims_pending_uq').on(t.userId, t.buildingId).where(sql`${t.status} = 'pending'`),
    index('residency_claims_path_idx').using('btree', t.path.op('text_pattern_ops'), t.id),
    index('residency_claims_user_idx').on(t.userId, t.id),
    index('residency_claims_report_idx').on(t.reportId),
    check('residency_claims_source_ck', sql`${t.source} in ('report','app')`),
    check('residency_claims_status_ck', sql`${t.status} in ('pending','confirmed','rejected')`),
    check(
      'residency_claims_decided_ck',
      sql`(${t.status} = 'pending') = (${t.decidedAt} is null)
        and (${t.status} <> 'confirmed' or (${t.householdId} is not null and ${t.residentId} is not null))
        and (${t.status} <> 'rejected' or ${t.reason} is not null)`,
    ),
  ],
);
