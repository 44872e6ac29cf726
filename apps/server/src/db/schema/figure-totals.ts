import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
} from 'drizzle-orm/pg-core';

/**
 * Maintained chores and mall figures (docs/glossary.md#figures), kept like `report_totals`: a trigger
 * queues the leaf-day of every change in the change's own transaction (an insert into an append-only
 * queue, no shared row), and a refresh (platform/maintained-totals.ts) recomputes the queued leaf rows
 * from the raw rows and then the subtree rows of every unit on their paths — recomputing, never adding.
 *
 * Two kinds of row: leaf rows (`is_leaf = 1`) sum the raw rows of one task, or of one order path, for a day; subtree rows (`is_leaf = 0`) sum, for each unit on such a path including its last, the
 * leaf rows under it. Reads use subtree rows only.
 */
export const choreTotals = pgTable(
  'chore_totals',
  {
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).notNull(),
    /** The unit's path; on leaf rows the task's building path. */
    path: text('path').notNull(),
    isLeaf: smallint('is_leaf').notNull(),
    /** Asia/Shanghai day: of the submission for `submitted`, of the review for the others. */
    day: date('day', { mode: 'string' }).notNull(),
    /** The submissions' street (its yuan per point prices `points`). */
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    /** Leaf rows: the task whose submissions they sum (a leaf is a task-day, so a refresh reads only its submissions); 0 on subtree rows. */
    taskId: bigint('task_id', { mode: 'number' }).notNull().default(0),
    submitted: integer('submitted').notNull(),
    approved: integer('approved').notNull(),
    rejected: integer('rejected').notNull(),
    /** Points the day's approvals credited to captains (the captain's leg of each award entry). */
    points: bigint('points', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgUnitId, t.isLeaf, t.day, t.streetId, t.taskId] }),
    index('chore_totals_leaf_day_idx').using('btree', t.day, t.path.op('text_pattern_ops')).where(sql`is_leaf = 1`),
  ],
);

/** Task-days (with the task's building and path) whose submissions changed since the last refresh. */
export const choreTotalsDirty = pgTable('chore_totals_dirty', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  taskId: bigint('task_id', { mode: 'number' }).notNull(),
  buildingId: bigint('building_id', { mode: 'number' }).notNull(),
  path: text('path').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
});

/**
 * The mall per unit, day the order was placed (Asia/Shanghai), window month and product. `product_id` 0
 * is the orders themselves (`orders` placed and not cancelled, `cancelled`); a product's rows hold the
 * units ordered (not cancelled), of them picked up, and the points and goods' cost of those units.
 */
export const mallTotals = pgTable(
  'mall_totals',
  {
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).notNull(),
    /** The unit's path; on leaf rows the orders' path (the captain's building when ordering). */
    path: text('path').notNull(),
    isLeaf: smallint('is_leaf').notNull(),
    windowMonth: text('window_month').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    productId: bigint('product_id', { mode: 'number' }).notNull(),
    orders: integer('orders').notNull(),
    cancelled: integer('cancelled').notNull(),
    units: integer('units').notNull(),
    unitsPickedUp: integer('units_picked_up').notNull(),
    points: bigint('points', { mode: 'number' }).notNull(),
    costYuan: numeric('cost_yuan', { precision: 14, scale: 2, mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgUnitId, t.isLeaf, t.windowMonth, t.day, t.productId, t.path] }),
    index('mall_totals_leaf_day_idx').using('btree', t.day, t.path.op('text_pattern_ops')).where(sql`is_leaf = 1`),
  ],
);

/** Order path-days (with the street and window month the orders are found by) changed since the last refresh. */
export const mallTotalsDirty = pgTable('mall_totals_dirty', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  streetId: bigint('street_id', { mode: 'number' }).notNull(),
  windowMonth: text('window_month').notNull(),
  path: text('path').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
});
