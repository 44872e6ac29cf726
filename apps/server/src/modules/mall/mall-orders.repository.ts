import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';
import { ORDER_COLS, type OrderRow } from './mall.repository';

/** What the staff's 兑换订单 list is narrowed to, and what its search box asked for. */
export interface StaffOrderFilter {
  streetId?: number | undefined;
  month?: string | undefined;
  status?: string | undefined;
  /** A pickup code (mall_orders_pickup_code_uq), the captain's phone's blind index, or part of their name. */
  search?: { pickupCode: string } | { phoneHash: string } | { text: string } | undefined;
}

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(scope: Scope, f: StaffOrderFilter): SQL {
  const conds: SQL[] = [scope.where(sql`o.path`)];
  if (f.streetId !== undefined) conds.push(sql`o.street_id = ${f.streetId}`);
  if (f.month) conds.push(sql`o.window_month = ${f.month}`);
  if (f.status) conds.push(sql`o.status = ${f.status}`);
  const s = f.search;
  if (s && 'pickupCode' in s) conds.push(sql`o.pickup_code = ${s.pickupCode}`);
  // The captain by phone: their account through users_phone_hash_uq, then their orders (mall_orders_user_idx).
  if (s && 'phoneHash' in s) conds.push(sql`o.user_id = (select id from users where phone_hash = ${s.phoneHash})`);
  if (s && 'text' in s) conds.push(sql`u.name ilike ${likeOf(s.text)}`);
  return sql.join(conds, sql` and `);
}

/** One page of orders in `sort` order (by order number), after the order `afterId` (the cursor's last row). */
export async function staffOrders(
  db: Db,
  scope: Scope,
  f: StaffOrderFilter,
  sort: 'newest' | 'oldest',
  afterId: number | undefined,
  limit: number,
): Promise<OrderRow[]> {
  const after =
    afterId === undefined ? sql`` : sort === 'oldest' ? sql`and o.id > ${afterId}` : sql`and o.id < ${afterId}`;
  return rows<OrderRow>(
    db,
    sql`select ${ORDER_COLS} from mall_orders o join users u on u.id = o.user_id
        where ${whereOf(scope, f)} ${after}
        order by o.id ${sort === 'oldest' ? sql`asc` : sql`desc`} limit ${limit}`,
  );
}

/** How many orders the filter shows, counting no further than `cap + 1`. */
export async function countStaffOrders(db: Db, scope: Scope, f: StaffOrderFilter, cap: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from mall_orders o join users u on u.id = o.user_id
        where ${whereOf(scope, f)} limit ${cap + 1}) s`,
  );
  return Number(r?.n ?? 0);
}
