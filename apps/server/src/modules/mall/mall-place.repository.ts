import { type SQL, sql } from 'drizzle-orm';
import type { Db, Write } from '../../platform/db';
import { type StoredAnswerProbe, storedAnswerColumn } from '../../platform/idempotency';
import { statementOnce } from '../../platform/statement-once';
import type { NewOrder } from './mall.repository';
import type { ProductRow } from './mall-products.repository';
import { DEFAULT_WINDOW, type WindowDays } from './mall-window';

/**
 * Placing an order in one statement (docs/ARCHITECTURE.md#performance): the one read before it, the
 * stock taken as a guard, the order's writes; and the read of the orders refused for goods known sold out.
 */

/**
 * What placing an order reads, in one round trip: the window days, the products ordered, the order's id
 * to be, the ledger's accounts (`ledger`: the same SQL for every order) and the caller's stored answer
 * under the request's key. Built once (with the key's column or without) and run with parameters. Orders
 * asking only for goods known sold out read less, together: `knownOrderContexts`.
 */
export async function orderContext(
  db: Db,
  streetId: number,
  userId: number,
  productIds: readonly number[],
  extra: { ledger: (streetId: SQL, userId: SQL) => SQL; stored: StoredAnswerProbe },
): Promise<{ window: WindowDays; products: ProductRow[]; orderId: number | null; ledger: unknown; stored: unknown }> {
  const lookup = extra.stored.lookup;
  const keyed = lookup !== undefined;
  let read = ORDER_CONTEXT.get(keyed);
  if (!read) {
    read = orderContextStatement(keyed, extra.ledger);
    ORDER_CONTEXT.set(keyed, read);
  }
  const [r] = (await read(db, {
    streetId,
    productIds: [...productIds],
    userId,
    storedUser: lookup?.userId,
    storedKey: lookup?.key,
  })) as {
    window: WindowDays | string | null;
    products: ProductRow[] | string;
    order_id: number | string | null;
    ledger: unknown;
    stored: unknown;
  }[];
  return {
    window: windowOf(r?.window),
    products: parse<ProductRow[]>(r?.products ?? []).map((p) => ({
      ...p,
      id: Number(p.id),
      streetId: Number(p.streetId),
      photoId: p.photoId === null ? null : Number(p.photoId),
      pointsPrice: Number(p.pointsPrice),
      stock: Number(p.stock),
      unitCostYuan: Number(p.unitCostYuan),
      perPersonLimit: p.perPersonLimit === null ? null : Number(p.perPersonLimit),
    })),
    orderId: r?.order_id === null || r?.order_id === undefined ? null : Number(r.order_id),
    ledger: r?.ledger,
    stored: r?.stored ?? null,
  };
}

const ORDER_CONTEXT = new Map<boolean, ReturnType<typeof orderContextStatement>>();

/** A JSON column as node-postgres (an object) or PGlite (its text) hands it back. */
const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** The window days a read's `json_build_object` column carries; a street with no settings row has the defaults. */
function windowOf(v: unknown): WindowDays {
  const w = parse<WindowDays | null>(v ?? null);
  return w ? { windowStartDay: Number(w.windowStartDay), windowEndDay: Number(w.windowEndDay) } : DEFAULT_WINDOW;
}

/** What an order asking only for goods known sold out reads: whose, in which street, under which key. */
export interface KnownOrderAsk {
  streetId: number;
  userId: number;
  /** The request's Idempotency-Key, or null without one. */
  key: string | null;
}

/** What such an order reads: its street's window days and the stored answer under its key (null if none). */
export interface KnownOrderContext {
  window: WindowDays;
  stored: unknown;
}

/**
 * `orderContext` for orders asking only for goods known sold out, many in one statement: each one's
 * window days and stored answer, in the order asked (docs/ARCHITECTURE.md#sold-out-goods).
 */
export async function knownOrderContexts(db: Db, asks: readonly KnownOrderAsk[]): Promise<KnownOrderContext[]> {
  const read = await KNOWN_ORDERS(db, {
    streets: asks.map((a) => a.streetId),
    users: asks.map((a) => a.userId),
    keys: asks.map((a) => a.key),
  });
  return read.map((r) => ({ window: windowOf(r.window), stored: r.stored ?? null }));
}

const KNOWN_ORDERS = statementOnce(
  'mall_known_orders',
  () => sql`select (select json_build_object('windowStartDay', window_start_day, 'windowEndDay', window_end_day)
                      from mall_settings where street_id = q.street_id) as window,
                   case when q.key is not null then ${storedAnswerColumn(sql`q.user_id`, sql`q.key`)} end as stored
              from unnest(${sql.placeholder('streets')}::bigint[], ${sql.placeholder('users')}::bigint[],
                          ${sql.placeholder('keys')}::text[]) with ordinality as q(street_id, user_id, key, i)
             order by q.i`,
);

function orderContextStatement(keyed: boolean, ledger: (streetId: SQL, userId: SQL) => SQL) {
  const street = sql`${sql.placeholder('streetId')}::bigint`;
  const user = sql`${sql.placeholder('userId')}::bigint`;
  const stored = keyed
    ? storedAnswerColumn(sql`${sql.placeholder('storedUser')}::bigint`, sql.placeholder('storedKey'))
    : sql`null::json`;
  const window = sql`(select json_build_object('windowStartDay', window_start_day, 'windowEndDay', window_end_day)
                        from mall_settings where street_id = ${street})`;
  // The goods asked for are read once (`asked`) for the answer and for the test below: the order's and the
  // ledger entry's ids are drawn only when every one of them has some stock left, so a sold-out refusal
  // (most answers of an opening rush) draws none (CASE evaluates its branch only when the condition holds).
  // An order that goes on to be placed always passed this test.
  const inStock = sql`(select coalesce(bool_and(stock > 0), false) from asked)`;
  return statementOnce(
    `mall_order_context${keyed ? '_keyed' : ''}`,
    () => sql`with asked as (select id, street_id, name, description, photo_id, points_price, stock, unit_cost_yuan,
                                    per_person_limit, is_active
                               from mall_products where id = any(${sql.placeholder('productIds')}::bigint[]))
              select ${window} as window,
                     coalesce((select json_agg(json_build_object('id', id, 'streetId', street_id, 'name', name,
                                'description', description, 'photoId', photo_id, 'pointsPrice', points_price, 'stock', stock,
                                'unitCostYuan', unit_cost_yuan, 'perPersonLimit', per_person_limit, 'isActive', is_active))
                                 from asked), '[]'::json) as products,
                     case when ${inStock} then nextval(pg_get_serial_sequence('mall_orders', 'id')) end as order_id,
                     case when ${inStock} then ${ledger(street, user)} end as ledger,
                     ${stored} as stored`,
  );
}

/**
 * Takes one line's stock as a guard of the order's statement: only from an active product of the street
 * with enough left, at the price the order was priced at. Through `louzhang_mall_take_stock`, which updates
 * the good by its key, never by a scan of the table (docs/ARCHITECTURE.md#plans-that-stay-on-the-index).
 */
export function takeStockGuard(
  streetId: number,
  item: { productId: number; quantity: number; pointsPrice: number },
): Write {
  return sql`select id from (select louzhang_mall_take_stock(${item.productId}::bigint, ${streetId}::bigint,
                                                              ${item.quantity}::int, ${item.pointsPrice}::int) as id) t
             where id is not null`;
}

/** The order (id given), its lines and audit row, as writes for one statement; a second order in the window fails it. */
export function orderWrites(o: NewOrder & { id: number }): Write[] {
  const at = o.at.toISOString();
  return [
    sql`insert into mall_orders (id, street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code, created_at)
        overriding system value
        values (${o.id}, ${o.streetId}, ${o.userId}, ${o.windowMonth}, ${o.path}, 'placed', ${o.pointsTotal}, ${o.costTotalYuan},
                ${o.pickupCode}, ${at}::timestamptz)`,
    sql`insert into mall_order_lines (order_id, street_id, product_id, product_name, quantity, points_price, unit_cost_yuan)
        values ${sql.join(
          o.lines.map(
            (l) =>
              sql`(${o.id}::bigint, ${o.streetId}::bigint, ${l.productId}::bigint, ${l.productName}::text, ${l.quantity}::int, ${l.pointsPrice}::int, ${l.unitCostYuan}::numeric)`,
          ),
          sql`, `,
        )}`,
    sql`insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at)
        values (${o.streetId}, ${o.userId}, 'mall.order.place', 'mall_order', ${String(o.id)}, 'ok', ${o.audit.ip},
                ${JSON.stringify(o.audit.detail)}::jsonb, ${at}::timestamptz)`,
  ];
}

/** One order per captain per window (partial unique index). */
export const ONE_PER_WINDOW = 'mall_orders_one_per_window_uq';
