import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Per-street points settings (docs/rules.md#points): the yuan a point stands for (Kaiping: 118k yuan for 206k
 * points ≈ 0.57) and the adjustment size above which a second person must approve.
 */
export const pointSettings = pgTable(
  'point_settings',
  {
    streetId: bigint('street_id', { mode: 'number' }).primaryKey(),
    yuanPerPoint: numeric('yuan_per_point', { precision: 10, scale: 4, mode: 'number' }).notNull().default(0.5),
    adjustmentThreshold: integer('adjustment_threshold').notNull().default(100),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('point_settings_yuan_ck', sql`${t.yuanPerPoint} >= 0`),
    check('point_settings_threshold_ck', sql`${t.adjustmentThreshold} >= 0`),
  ],
);

/**
 * Ledger accounts. Each street has one `issuance` account (points come from it; it goes negative as
 * points are awarded) and one `mall_sink` (points spent in the mall go to it); each captain has one
 * `captain` account per street. `owner_key` is 'issuance', 'mall_sink' or 'captain:<userId>'.
 * `balance` is maintained by a trigger on point_postings, so it always equals the sum of the postings.
 */
export const pointAccounts = pgTable(
  'point_accounts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    ownerKey: text('owner_key').notNull(),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id),
    balance: bigint('balance', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('point_accounts_owner_uq').on(t.streetId, t.ownerKey),
    index('point_accounts_user_idx').on(t.userId),
    check('point_accounts_kind_ck', sql`${t.kind} in ('issuance','mall_sink','captain')`),
    check(
      'point_accounts_owner_ck',
      sql`(${t.kind} = 'captain') = (${t.userId} is not null) and (${t.kind} <> 'captain' or ${t.ownerKey} = 'captain:' || ${t.userId}) and (${t.kind} = 'captain' or ${t.ownerKey} = ${t.kind})`,
    ),
    // Only the issuance account may go negative (it is where points come from).
    check('point_accounts_balance_ck', sql`${t.kind} = 'issuance' or ${t.balance} >= 0`),
  ],
);

/**
 * One ledger transaction (append-only): what caused it (`cause_key`, unique per street, so each cause
 * credits at most once), who, when, and the entry it corrects, if any. Its postings sum to zero
 * (checked by a deferred constraint trigger at commit).
 */
export const pointEntries = pgTable(
  'point_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    causeKey: text('cause_key').notNull(),
    memo: text('memo').notNull(),
    actorUserId: bigint('actor_user_id', { mode: 'number' }),
    reversesEntryId: bigint('reverses_entry_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('point_entries_cause_uq').on(t.streetId, t.causeKey),
    uniqueIndex('point_entries_reverses_uq').on(t.reversesEntryId),
    index('point_entries_street_idx').on(t.streetId, t.id),
    check(
      'point_entries_kind_ck',
      sql`${t.kind} in ('chore_award','honour_bonus','volunteer_award','redemption','redemption_refund','adjustment','reversal','expiry')`,
    ),
  ],
);

/** The legs of an entry: a signed amount on one account. Append-only. */
export const pointPostings = pgTable(
  'point_postings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    entryId: bigint('entry_id', { mode: 'number' })
      .notNull()
      .references(() => pointEntries.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    accountId: bigint('account_id', { mode: 'number' })
      .notNull()
      .references(() => pointAccounts.id),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('point_postings_account_idx').on(t.accountId, t.entryId),
    index('point_postings_entry_idx').on(t.entryId),
    check('point_postings_amount_ck', sql`${t.amount} <> 0`),
  ],
);

/**
 * Manual adjustments (docs/rules.md#points): a reason always; above the street's threshold a second person
 * (another street staff or admin) approves before the ledger entry is written.
 */
export const pointAdjustments = pgTable(
  'point_adjustments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    requestedBy: bigint('requested_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => users.id),
    entryId: bigint('entry_id', { mode: 'number' }).references(() => pointEntries.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('point_adjustments_street_idx').on(t.streetId, t.status, t.id),
    check('point_adjustments_points_ck', sql`${t.points} <> 0`),
    check('point_adjustments_status_ck', sql`${t.status} in ('pending','applied','rejected')`),
    // The second person is never the requester (null when the adjustment was under the threshold).
    check('point_adjustments_approver_ck', sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.requestedBy}`),
  ],
);
