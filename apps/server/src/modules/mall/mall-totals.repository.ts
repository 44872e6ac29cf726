import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import {
  type Drift,
  dayBounds,
  lastUnitOf,
  pendingTotals,
  refreshTotals,
  type TotalsSpec,
  totalsDrift,
} from '../../platform/maintained-totals';

/**
 * Maintained mall figures (db/schema/figure-totals.ts mallTotals), per unit, Asia/Shanghai day the order
 * was placed, window month and product (0: the orders themselves) — what `report` in mall.repository.ts
 * counted from the orders for a street's month.
 */

/** The figures of the orders `orders` selects (`o` is mall_orders) placed on day `day`. */
function metrics(orders: SQL, day: SQL): SQL {
  const { lo, hi } = dayBounds(day);
  const placed = sql`o.created_at >= ${lo} and o.created_at < ${hi}`;
  return sql`
    select o.window_month, 0::bigint as product_id,
           (count(*) filter (where o.status <> 'cancelled'))::int as orders,
           (count(*) filter (where o.status = 'cancelled'))::int as cancelled,
           0 as units, 0 as units_picked_up, 0::bigint as points, 0::numeric(14,2) as cost_yuan
      from mall_orders o
     where ${orders} and ${placed}
     group by o.window_month
    union all
    select o.window_month, l.product_id, 0, 0,
           sum(l.quantity)::int,
           coalesce(sum(l.quantity) filter (where o.status = 'picked_up'), 0)::int,
           sum(l.quantity * l.points_price)::bigint,
           sum(l.quantity * l.unit_cost_yuan)::numeric(14,2)
      from mall_orders o join mall_order_lines l on l.order_id = o.id
     where ${orders} and ${placed} and o.status <> 'cancelled'
     group by o.window_month, l.product_id`;
}

export const MALL_TOTALS: TotalsSpec = {
  table: 'mall_totals',
  queue: 'mall_totals_dirty',
  lock: 727_277,
  queueColumns: 'street_id bigint, window_month text, path text, day date',
  keys: ['window_month', 'product_id'],
  metrics: ['orders', 'cancelled', 'units', 'units_picked_up', 'points', 'cost_yuan'],
  leaf: [
    sql`delete from mall_totals t using mall_totals_pairs p
         where t.is_leaf = 1 and t.org_unit_id = ${lastUnitOf(sql`p.path`)} and t.path = p.path
           and t.window_month = p.window_month and t.day = p.day`,
    // The orders are found by street and month (mall_orders_street_idx), then by path and day.
    sql`insert into mall_totals (org_unit_id, path, is_leaf, window_month, day, product_id,
                                 orders, cancelled, units, units_picked_up, points, cost_yuan)
        select ${lastUnitOf(sql`p.path`)}, p.path, 1, x.window_month, p.day, x.product_id,
               x.orders, x.cancelled, x.units, x.units_picked_up, x.points, x.cost_yuan
          from (select distinct street_id, window_month, path, day from mall_totals_pairs) p
          cross join lateral (${metrics(
            sql`o.street_id = p.street_id and o.window_month = p.window_month and o.path = p.path`,
            sql`p.day`,
          )}) x`,
  ],
  // The unit's orders are found through the streets on or under its path (mall_orders_street_idx).
  fresh: (path, day) =>
    metrics(
      sql`o.street_id in (select st.id from org_units st
                           where st.kind = 'street' and (${path} like st.path || '%' or st.path like ${path} || '%'))
          and o.path ~>=~ ${path} and o.path ~<~ (${path} || '~')`,
      day,
    ),
};

/** Drains the queue into the totals (see platform/maintained-totals.ts). */
export const refresh = (tx: Db, opts: { bulkOver?: number } = {}) => refreshTotals(tx, MALL_TOTALS, opts);

/** Order path-days waiting in the queue. */
export const pending = (db: Db) => pendingTotals(db, MALL_TOTALS);

/** Unit-days whose totals differ from a recomputation, out of `sample` random ones. */
export const drift = (db: Db, sample: number): Promise<Drift[]> => totalsDrift(db, MALL_TOTALS, sample);

/** A street's month (by the month of the window) from the totals: the same answer as `report` in mall.repository.ts. */
export async function report(db: Db, streetId: number, month: string) {
  const products = await rows<{
    productId: number;
    name: string;
    stock: number;
    unitsOrdered: number;
    unitsPickedUp: number;
    points: number;
    costYuan: number;
  }>(
    db,
    sql`select p.id as "productId", p.name, p.stock,
          coalesce(x.units, 0)::int as "unitsOrdered",
          coalesce(x.units_picked_up, 0)::int as "unitsPickedUp",
          coalesce(x.points, 0)::bigint as points,
          coalesce(x.cost_yuan, 0)::numeric(14,2) as "costYuan"
        from mall_products p
        left join (
          select t.product_id, sum(t.units) as units, sum(t.units_picked_up) as units_picked_up,
                 sum(t.points) as points, sum(t.cost_yuan) as cost_yuan
            from mall_totals t
           where t.org_unit_id = ${streetId} and t.is_leaf = 0 and t.window_month = ${month} and t.product_id <> 0
           group by t.product_id
        ) x on x.product_id = p.id
        where p.street_id = ${streetId}
        order by p.sort_order, p.id`,
  );
  const [counts] = await rows<{ orders: number; cancelled: number }>(
    db,
    sql`select coalesce(sum(t.orders), 0)::int as orders, coalesce(sum(t.cancelled), 0)::int as cancelled
          from mall_totals t
         where t.org_unit_id = ${streetId} and t.is_leaf = 0 and t.window_month = ${month} and t.product_id = 0`,
  );
  return { products, orders: counts?.orders ?? 0, cancelled: counts?.cancelled ?? 0 };
}
