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
import { photos } from './photos';
import { users } from './users';

/** Per-street mall settings: the monthly redemption window, days of the month in Asia/Shanghai time. */
export const mallSettings = pgTable(
  'mall_settings',
  {
    streetId: bigint('street_id', { mode: 'number' }).primaryKey(),
    windowStartDay: integer('window_start_day').notNull().default(1),
    windowEndDay: integer('window_end_day').notNull().default(7),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'mall_settings_window_ck',
      sql`${t.windowStartDay} between 1 and 28 and ${t.windowEndDay} between ${t.windowStartDay} and 31`,
    ),
  ],
);

/** Goods of a street's mall (docs/rules.md#mall). Stock never goes below zero (CHECK behind the conditional update). */
export const mallProducts = pgTable(
  'mall_products',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    name: text('name').notNull(),
    description: text('description'),
    photoId: bigint('photo_id', { mode: 'number' }).references(() => photos.id),
    pointsPrice: integer('points_price').notNull(),
    stock: integer('stock').notNull(),
    unitCostYuan: numeric('unit_cost_yuan', { precision: 10, scale: 2, mode: 'number' }).notNull(),
    perPersonLimit: integer('per_person_limit'),
    isActive: boolean('is_active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('mall_products_street_idx').on(t.streetId, t.isActive, t.sortOrder),
    check('mall_products_stock_ck', sql`${t.stock} >= 0`),
    check('mall_products_price_ck', sql`${t.pointsPrice} > 0`),
    check('mall_products_cost_ck', sql`${t.unitCostYuan} >= 0`),
    check('mall_products_limit_ck', sql`${t.perPersonLimit} is null or ${t.perPersonLimit} > 0`),
  ],
);

/**
 * One order per captain per window ("每月兑换一次，人人有机会"); a cancelled order gives the chance
 * back. `window_month` is 'YYYY-MM' in Asia/Shanghai time; `path` is the captain's building path at
 * ordering time, which decides which staff may hand the goods over.
 */
export const mallOrders = pgTable(
  'mall_orders',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    windowMonth: text('window_month').notNull(),
    path: text('path').notNull(),
    status: text('status').notNull().default('placed'),
    pointsTotal: integer('points_total').notNull(),
    costTotalYuan: numeric('cost_total_yuan', { precision: 12, scale: 2, mode: 'number' }).notNull(),
    pickupCode: text('pickup_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    readyAt: timestamp('ready_at', { withTimezone: true, mode: 'date' }),
    pickedUpAt: timestamp('picked_up_at', { withTimezone: true, mode: 'date' }),
    pickedUpBy: bigint('picked_up_by', { mode: 'number' }).references(() => users.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    cancelledBy: bigint('cancelled_by', { mode: 'number' }).references(() => users.id),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('mall_orders_one_per_window_uq')
      .on(t.streetId, t.windowMonth, t.userId)
      .where(sql`status <> 'cancelled'`),
    uniqueIndex('mall_orders_pickup_code_uq').on(t.pickupCode),
    index('mall_orders_user_idx').on(t.userId, t.id),
    index('mall_orders_street_idx').on(t.streetId, t.windowMonth, t.status),
    check('mall_orders_status_ck', sql`${t.status} in ('placed','ready','picked_up','cancelled')`),
    check('mall_orders_total_ck', sql`${t.pointsTotal} > 0`),
  ],
);

/** The products of an order, with price and cost as they were when ordered. */
export const mallOrderLines = pgTable(
  'mall_order_lines',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => mallOrders.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    productId: bigint('product_id', { mode: 'number' })
      .notNull()
      .references(() => mallProducts.id),
    productName: text('product_name').notNull(),
    quantity: integer('quantity').notNull(),
    pointsPrice: integer('points_price').notNull(),
    unitCostYuan: numeric('unit_cost_yuan', { precision: 10, scale: 2, mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('mall_order_lines_uq').on(t.orderId, t.productId),
    index('mall_order_lines_product_idx').on(t.productId),
    check('mall_order_lines_quantity_ck', sql`${t.quantity} > 0`),
  ],
);
