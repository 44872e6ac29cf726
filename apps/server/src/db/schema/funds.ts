import { sql } from 'drizzle-orm';
import { bigint, check, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { proposals } from './deliberation';
import { households } from './households';
import { orgUnits } from './org-units';
import { photos } from './photos';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * A shared fund (楼栋公共事务费用, docs/rules.md#shared-funds): neighbours of one building pay together for one
 * project, optionally the one a passed proposal decided. Money is integer fen throughout.
 */
export const funds = pgTable(
  'funds',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    buildingId: bigint('building_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    path: text('path').notNull(),
    title: text('title').notNull(),
    notice: text('notice').notNull(),
    proposalId: bigint('proposal_id', { mode: 'number' }).references(() => proposals.id),
    totalFen: fen('total_fen').notNull(),
    split: text('split').notNull(),
    status: text('status').notNull().default('collecting'),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    settledAt: ts('settled_at'),
  },
  (t) => [
    index('funds_path_idx').using('btree', t.path.op('text_pattern_ops'), t.id),
    check('funds_total_ck', sql`${t.totalFen} > 0`),
    check('funds_split_ck', sql`${t.split} in ('equal','area','custom')`),
    check('funds_status_ck', sql`${t.status} in ('collecting','settled')`),
  ],
);

/** A contractor's quote (报价), with a photo of it. */
export const fundQuotes = pgTable(
  'fund_quotes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    fundId: bigint('fund_id', { mode: 'number' })
      .notNull()
      .references(() => funds.id),
    contractor: text('contractor').notNull(),
    amountFen: fen('amount_fen').notNull(),
    photoId: bigint('photo_id', { mode: 'number' }).references(() => photos.id),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('fund_quotes_fund_idx').on(t.fundId), check('fund_quotes_amount_ck', sql`${t.amountFen} > 0`)],
);

/** Each household's share; the shares of a fund sum to its total (checked at commit by a constraint trigger). */
export const fundShares = pgTable(
  'fund_shares',
  {
    fundId: bigint('fund_id', { mode: 'number' })
      .notNull()
      .references(() => funds.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    amountFen: fen('amount_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fundId, t.householdId] }), check('fund_shares_amount_ck', sql`${t.amountFen} >= 0`)],
);

/**
 * A household's payment of its share, once per household and fund: recorded by the captain with a photo of the
 * receipt, or by the household itself (its own confirmation that it paid the captain).
 */
export const fundPayments = pgTable(
  'fund_payments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    fundId: bigint('fund_id', { mode: 'number' })
      .notNull()
      .references(() => funds.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    amountFen: fen('amount_fen').notNull(),
    method: text('method').notNull(),
    receiptPhotoId: bigint('receipt_photo_id', { mode: 'number' }).references(() => photos.id),
    recordedBy: bigint('recorded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('fund_payments_household_uq').on(t.fundId, t.householdId),
    check('fund_payments_amount_ck', sql`${t.amountFen} > 0`),
    check('fund_payments_method_ck', sql`${t.method} in ('captain','household')`),
    check('fund_payments_receipt_ck', sql`${t.method} <> 'captain' or ${t.receiptPhotoId} is not null`),
  ],
);

/** Money spent, each with a photo of its receipt (the cost list, 费用清单). */
export const fundExpenses = pgTable(
  'fund_expenses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    fundId: bigint('fund_id', { mode: 'number' })
      .notNull()
      .references(() => funds.id),
    item: text('item').notNull(),
    amountFen: fen('amount_fen').notNull(),
    receiptPhotoId: bigint('receipt_photo_id', { mode: 'number' })
      .notNull()
      .references(() => photos.id),
    spentOn: date('spent_on', { mode: 'string' }).notNull(),
    recordedBy: bigint('recorded_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('fund_expenses_fund_idx').on(t.fundId), check('fund_expenses_amount_ck', sql`${t.amountFen} > 0`)],
);

/** What is left over, paid back to the households that paid, once each, when the fund is settled. */
export const fundRefunds = pgTable(
  'fund_refunds',
  {
    fundId: bigint('fund_id', { mode: 'number' })
      .notNull()
      .references(() => funds.id),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => households.id),
    amountFen: fen('amount_fen').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fundId, t.householdId] }), check('fund_refunds_amount_ck', sql`${t.amountFen} > 0`)],
);
