import { bigint, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { users } from './users';

/**
 * 月度报告: the stored PDF of one street or community for one calendar month (Asia/Shanghai). One row per
 * unit and month: the job `monthly-reports.run` inserts last month's once (a second run or instance
 * finds the row), and generating on demand replaces the file in place.
 */
export const monthlyReports = pgTable(
  'monthly_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    /** YYYY-MM. */
    month: text('month').notNull(),
    fileKey: text('file_key').notNull(),
    fileBytes: integer('file_bytes').notNull(),
    /** Null when the monthly job made it. */
    generatedBy: bigint('generated_by', { mode: 'number' }).references(() => users.id),
    generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('monthly_reports_unit_month_uq').on(t.orgUnitId, t.month)],
);
