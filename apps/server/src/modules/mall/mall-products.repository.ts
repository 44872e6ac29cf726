import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import { DEFAULT_WINDOW, type WindowDays } from './mall-window';

/** The mall's goods, a street's window days, and the streets and captains the window-opening job reads. */

export interface ProductRow {
  id: number;
  streetId: number;
  name: string;
  description: string | null;
  photoId: number | null;
  pointsPrice: number;
  stock: number;
  unitCostYuan: number;
  perPersonLimit: number | null;
  isActive: boolean;
}
const PRODUCT_COLS = sql`id, street_id as "streetId", name, description, photo_id as "photoId", points_price as "pointsPrice",
  stock, unit_cost_yuan as "unitCostYuan", per_person_limit as "perPersonLimit", is_active as "isActive"`;
export async function windowDays(db: Db, streetId: number): Promise<WindowDays> {
  const [row] = await rows<WindowDays>(
    db,
    sql`select window_start_day as "windowStartDay", window_end_day as "windowEndDay" from mall_settings where street_id = ${streetId}`,
  );
  return row ?? DEFAULT_WINDOW;
}

/** Sets a street's window days. */
export async function upsertWindowDays(db: Db, streetId: number, days: WindowDays, now: Date): Promise<void> {
  await db.execute(sql`insert into mall_settings (street_id, window_start_day, window_end_day, updated_at)
    values (${streetId}, ${days.windowStartDay}, ${days.windowEndDay}, ${now.toISOString()}::timestamptz)
    on conflict (street_id) do update set window_start_day = excluded.window_start_day,
      window_end_day = excluded.window_end_day, updated_at = excluded.updated_at`);
}

/** The path of a street (undefined when `streetId` is not a street). */
export async function streetPath(db: Db, streetId: number): Promise<string | undefined> {
  const [street] = await rows<{ path: string }>(
    db,
    sql`select path from org_units where id = ${streetId} and kind = 'street'`,
  );
  return street?.path;
}

export async function listProducts(db: Db, streetId: number, activeOnly: boolean): Promise<ProductRow[]> {
  return rows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLS} from mall_products where street_id = ${streetId} ${activeOnly ? sql`and is_active` : sql``}
        order by sort_order, id`,
  );
}

export async function findProduct(db: Db, id: number): Promise<ProductRow | undefined> {
  const [row] = await rows<ProductRow>(db, sql`select ${PRODUCT_COLS} from mall_products where id = ${id}`);
  return row;
}

export async function insertProduct(
  db: Db,
  v: Omit<ProductRow, 'id'> & { sortOrder?: number; at: Date },
): Promise<ProductRow> {
  const [row] = await rows<ProductRow>(
    db,
    sql`insert into mall_products (street_id, name, description, photo_id, points_price, stock, unit_cost_yuan, per_person_limit, is_active, sort_order, created_at)
        values (${v.streetId}, ${v.name}, ${v.description}, ${v.photoId}, ${v.pointsPrice}, ${v.stock}, ${v.unitCostYuan},
                ${v.perPersonLimit}, ${v.isActive}, ${v.sortOrder ?? 0}, ${v.at.toISOString()}::timestamptz)
        returning ${PRODUCT_COLS}`,
  );
  return row as ProductRow;
}

/** Applies the given changes; `stockDelta` moves the stock and the CHECK keeps it at zero or above. */
export async function updateProduct(
  db: Db,
  id: number,
  v: Partial<Omit<ProductRow, 'id' | 'streetId' | 'stock'>> & { stockDelta?: number },
): Promise<ProductRow | undefined> {
  const sets = [];
  if (v.name !== undefined) sets.push(sql`name = ${v.name}`);
  if (v.description !== undefined) sets.push(sql`description = ${v.description}`);
  if (v.photoId !== undefined) sets.push(sql`photo_id = ${v.photoId}`);
  if (v.pointsPrice !== undefined) sets.push(sql`points_price = ${v.pointsPrice}`);
  if (v.unitCostYuan !== undefined) sets.push(sql`unit_cost_yuan = ${v.unitCostYuan}`);
  if (v.perPersonLimit !== undefined) sets.push(sql`per_person_limit = ${v.perPersonLimit}`);
  if (v.isActive !== undefined) sets.push(sql`is_active = ${v.isActive}`);
  if (v.stockDelta !== undefined) sets.push(sql`stock = stock + ${v.stockDelta}`);
  if (sets.length === 0) return findProduct(db, id);
  const [row] = await rows<ProductRow>(
    db,
    sql`update mall_products set ${sql.join(sets, sql`, `)} where id = ${id} returning ${PRODUCT_COLS}`,
  );
  return row;
}
export async function productsByIds(db: Db, ids: readonly number[]): Promise<ProductRow[]> {
  return rows<ProductRow>(
    db,
    sql`select ${PRODUCT_COLS} from mall_products where id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
}
/** The streets (id and path) whose goods show photo `photoId`. */
export async function streetsShowingPhoto(db: Db, photoId: number) {
  return rows<{ streetId: number; path: string }>(
    db,
    sql`select distinct p.street_id as "streetId", o.path
          from mall_products p join org_units o on o.id = p.street_id
         where p.photo_id = ${photoId}`,
  );
}

/** Streets that have goods on offer (their captains hear when the window opens). */
export async function streetsWithGoods(db: Db): Promise<number[]> {
  const r = await rows<{ id: number }>(db, sql`select distinct street_id as id from mall_products where is_active`);
  return r.map((x) => x.id);
}

/** The active captains of a street. */
export async function captainsOfStreet(db: Db, streetId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select distinct rb.user_id as id from role_bindings rb join users u on u.id = rb.user_id
        where rb.role = 'captain' and rb.street_id = ${streetId} and u.disabled_at is null`,
  );
  return r.map((x) => x.id);
}
