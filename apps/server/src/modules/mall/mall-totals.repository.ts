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
    // Each touched street-month's orders are read once (mall_orders_street_idx), then matched to the queued
    // path-days: in the rush a refresh covers many buildings of one street-month, and reading the month's
    // orders per building-day would read them as many times.
    sql`with months as materialized (select distinct street_id, window_month from mall_totals_pairs),
             mo as materialized (
               select o.id, o.street_id, o.window_month, o.path, o.status, o.created_at
                 from months m join mall_orders o on o.street_id = m.street_id and o.window_month = m.window_month),
             o as materialized (
               select mo.id, mo.status, mo.window_month, p.path, p.day
                 from mo join mall_totals_pairs p
                   on p.street_id = mo.street_id and p.window_month = mo.window_month and p.path = mo.path
                  and mo.created_at >= ${dayBounds(sql`p.day`).lo} and mo.created_at < ${dayBounds(sql`p.day`).hi})
        insert into mall_totals (org_unit_id, path, is_leaf, window_month, day, product_id,
                                 orders, cancelled, units, units_picked_up, points, cost_yuan)
        select ${lastUnitOf(sql`o.path`)}, o.path, 1, o.window_month, o.day, 0,
               (count(*) filter (where o.status <> 'cancelled'))::int, (count(*) filter (where o.status = 'cancelled'))::int,
               0, 0, 0, 0
          from o group by o.path, o.day, o.window_month
        union all
        select ${lastUnitOf(sql`o.path`)}, o.path, 1, o.window_month, o.day, l.product_id, 0, 0,
               sum(l.quantity)::int, coalesce(sum(l.quantity) filter (where o.status = 'picked_up'), 0)::int,
               sum(l.quantity * l.points_price)::bigint, sum(l.quantity * l.unit_cost_yuan)::numeric(14,2)
          from o join mall_order_lines l on l.order_id = o.id
         where o.status <> 'cancelled'
         group by o.path, o.day, o.window_month, l.product_id`,
  ],
  // The unit's orders are found through the streets on or under its path and the window months its stored
  // rows of the day name besides the day's own (mall_orders_street_idx): an order placed on a day belongs to
  // that day's month unless written otherwise, and then its month is among the stored rows.
  fresh: (path, day) =>
    metrics(
      sql`o.street_id in (select st.id from org_units st
                           where st.kind = 'street' and (${path} like st.path || '%' or st.path like ${path} || '%'))
          and o.window_month in (select to_char(${day}, 'YYYY-MM')
                                 union select m.window_month from mall_totals m
                                        where m.org_unit_id = ${lastUnitOf(path)} and m.is_leaf = 0 and m.day = ${day})
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
