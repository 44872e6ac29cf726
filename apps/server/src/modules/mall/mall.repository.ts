import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

/**
 * Mall orders: their lines, status moves and restocking, lists and counts (and the plain insert the demo
 * seed uses). Placing one in one statement is mall-place.repository.ts; goods are mall-products.repository.ts.
 */

export interface OrderRow {
  id: number;
  streetId: number;
  userId: number;
  userName: string | null;
  windowMonth: string;
  path: string;
  status: 'placed' | 'ready' | 'picked_up' | 'cancelled';
  pointsTotal: number;
  costTotalYuan: number;
  pickupCode: string;
  createdAt: Date | string;
}
/** An order's columns with its captain's name (`o` the order, `u` its user). */
export const ORDER_COLS = sql`o.id, o.street_id as "streetId", o.user_id as "userId", u.name as "userName", o.window_month as "windowMonth",
  o.path, o.status, o.points_total as "pointsTotal", o.cost_total_yuan as "costTotalYuan", o.pickup_code as "pickupCode",
  o.created_at as "createdAt"`;

export interface LineRow {
  orderId: number;
  productId: number;
  productName: string;
  quantity: number;
  pointsPrice: number;
}
/**
 * The heart of the rush: takes `quantity` of each product in one conditional UPDATE. A row is taken
 * only while it has the stock, is offered, and the quantity is within the per-person limit; the
 * CHECK (stock >= 0) stands behind it. Fewer rows back than asked means the order cannot be filled.
 */
export async function takeStock(
  db: Db,
  streetId: number,
  items: readonly { productId: number; quantity: number }[],
): Promise<{ id: number; name: string; pointsPrice: number; unitCostYuan: number }[]> {
  const values = sql.join(
    items.map((i) => sql`(${i.productId}::bigint, ${i.quantity}::int)`),
    sql`, `,
  );
  return rows(
    db,
    sql`update mall_products p set stock = p.stock - x.quantity
        from (values ${values}) as x(id, quantity)
        where p.id = x.id and p.street_id = ${streetId} and p.is_active and p.stock >= x.quantity
          and (p.per_person_limit is null or x.quantity <= p.per_person_limit)
        returning p.id, p.name, p.points_price as "pointsPrice", p.unit_cost_yuan as "unitCostYuan"`,
  );
}
export interface NewOrder {
  streetId: number;
  userId: number;
  windowMonth: string;
  path: string;
  pointsTotal: number;
  costTotalYuan: number;
  pickupCode: string;
  at: Date;
  lines: { productId: number; productName: string; quantity: number; pointsPrice: number; unitCostYuan: number }[];
  audit: { ip: string; detail: unknown };
}

/**
 * Inserts the order, its lines and its audit row in one statement. Null when the captain already has
 * a live order in this window (the partial unique index decides, also under concurrency).
 */
export async function insertOrder(db: Db, o: NewOrder): Promise<{ id: number } | null> {
  const at = o.at.toISOString();
  const lines = sql.join(
    o.lines.map(
      (l) =>
        sql`(${l.productId}::bigint, ${l.productName}::text, ${l.quantity}::int, ${l.pointsPrice}::int, ${l.unitCostYuan}::numeric)`,
    ),
    sql`, `,
  );
  const [row] = await rows<{ id: number }>(
    db,
    sql`with o as (
          insert into mall_orders (street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code, created_at)
          values (${o.streetId}, ${o.userId}, ${o.windowMonth}, ${o.path}, 'placed', ${o.pointsTotal}, ${o.costTotalYuan},
                  ${o.pickupCode}, ${at}::timestamptz)
          on conflict (street_id, window_month, user_id) where status <> 'cancelled' do nothing
          returning id
        ), l as (
          insert into mall_order_lines (order_id, street_id, product_id, product_name, quantity, points_price, unit_cost_yuan)
          select o.id, ${o.streetId}, x.product_id, x.name, x.quantity, x.price, x.cost
          from o cross join (values ${lines}) as x(product_id, name, quantity, price, cost)
        ), a as (
          insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at)
          select ${o.streetId}, ${o.userId}, 'mall.order.place', 'mall_order', o.id::text, 'ok', ${o.audit.ip},
                 ${JSON.stringify(o.audit.detail)}::jsonb, ${at}::timestamptz
          from o
        )
        select id from o`,
  );
  return row ?? null;
}

export async function findOrder(db: Db, id: number, forUpdate = false): Promise<OrderRow | undefined> {
  const [row] = await rows<OrderRow>(
    db,
    sql`select ${ORDER_COLS} from mall_orders o join users u on u.id = o.user_id where o.id = ${id}
        ${forUpdate ? sql`for update of o` : sql``}`,
  );
  return row;
}

export async function findOrderByCode(db: Db, code: string): Promise<OrderRow | undefined> {
  const [row] = await rows<OrderRow>(
    db,
    sql`select ${ORDER_COLS} from mall_orders o join users u on u.id = o.user_id where o.pickup_code = ${code} for update of o`,
  );
  return row;
}

export async function linesOf(db: Db, orderIds: readonly number[]): Promise<LineRow[]> {
  if (orderIds.length === 0) return [];
  return rows<LineRow>(
    db,
    sql`select order_id as "orderId", product_id as "productId", product_name as "productName", quantity, points_price as "pointsPrice"
        from mall_order_lines where order_id in (${sql.join(
          orderIds.map((i) => sql`${i}`),
          sql`, `,
        )}) order by id`,
  );
}

export async function setStatus(
  db: Db,
  id: number,
  from: readonly string[],
  to: 'ready' | 'picked_up' | 'cancelled',
  v: { by: number; at: Date; reason?: string },
): Promise<boolean> {
  const at = v.at.toISOString();
  const extra =
    to === 'ready'
      ? sql`ready_at = ${at}::timestamptz`
      : to === 'picked_up'
        ? sql`picked_up_at = ${at}::timestamptz, picked_up_by = ${v.by}`
        : sql`cancelled_at = ${at}::timestamptz, cancelled_by = ${v.by}, cancel_reason = ${v.reason ?? null}`;
  const r = await rows<{ id: number }>(
    db,
    sql`update mall_orders set status = ${to}, ${extra}
        where id = ${id} and status in (${sql.join(
          from.map((s) => sql`${s}`),
          sql`, `,
        )}) returning id`,
  );
  return r.length === 1;
}

/** Puts a cancelled order's goods back on the shelf. */
/**
 * Puts an order's lines back in stock. The products are locked first in id order, the order an order's
 * statement takes them in (its lines sorted by product): an update through a join locks them in whatever
 * order the plan reads them, which deadlocks against an order taking the same goods at the same moment.
 */
export async function restock(db: Db, orderId: number): Promise<void> {
  await db.execute(sql`select p.id from mall_products p
    where p.id in (select l.product_id from mall_order_lines l where l.order_id = ${orderId})
    order by p.id for update`);
  await db.execute(sql`update mall_products p set stock = p.stock + l.quantity
    from mall_order_lines l where l.order_id = ${orderId} and p.id = l.product_id`);
}

export async function listOrders(
  db: Db,
  f: {
    userId?: number;
    scope?: Scope;
    streetId?: number;
    month?: string;
    status?: string;
    beforeId?: number;
    limit: number;
  },
): Promise<OrderRow[]> {
  const conds = [sql`true`];
  if (f.userId !== undefined) conds.push(sql`o.user_id = ${f.userId}`);
  if (f.scope) conds.push(f.scope.where(sql`o.path`));
  if (f.streetId !== undefined) conds.push(sql`o.street_id = ${f.streetId}`);
  if (f.month) conds.push(sql`o.window_month = ${f.month}`);
  if (f.status) conds.push(sql`o.status = ${f.status}`);
  if (f.beforeId) conds.push(sql`o.id < ${f.beforeId}`);
  return rows<OrderRow>(
    db,
    sql`select ${ORDER_COLS} from mall_orders o join users u on u.id = o.user_id
        where ${sql.join(conds, sql` and `)} order by o.id desc limit ${f.limit}`,
  );
}

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
          coalesce(sum(l.quantity), 0)::int as "unitsOrdered",
          coalesce(sum(l.quantity) filter (where l.status = 'picked_up'), 0)::int as "unitsPickedUp",
          coalesce(sum(l.quantity * l.points_price), 0)::bigint as points,
          coalesce(sum(l.quantity * l.unit_cost_yuan), 0)::numeric(14,2) as "costYuan"
        from mall_products p
        left join (
          select ol.product_id, ol.quantity, ol.points_price, ol.unit_cost_yuan, o.status
          from mall_order_lines ol join mall_orders o on o.id = ol.order_id
          where o.street_id = ${streetId} and o.window_month = ${month} and o.status <> 'cancelled'
        ) l on l.product_id = p.id
        where p.street_id = ${streetId}
        group by p.id order by p.sort_order, p.id`,
  );
  const [counts] = await rows<{ orders: number; cancelled: number }>(
    db,
    sql`select count(*) filter (where status <> 'cancelled')::int as orders, count(*) filter (where status = 'cancelled')::int as cancelled
        from mall_orders where street_id = ${streetId} and window_month = ${month}`,
  );
  return { products, orders: counts?.orders ?? 0, cancelled: counts?.cancelled ?? 0 };
}
/** Orders in `scope` not yet picked up (placed or ready): the 待核销 count of the workbench. */
export async function countAwaitingPickup(db: Db, scope: Scope): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from mall_orders o where ${scope.where(sql`o.path`)} and o.status in ('placed', 'ready')`,
  );
  return row?.n ?? 0;
}
