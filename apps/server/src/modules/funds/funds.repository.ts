import { type SQL, sql } from 'drizzle-orm';
import { fundExpenses, fundPayments, fundQuotes, fundRefunds, fundShares, funds } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type FundRow = typeof funds.$inferSelect;

/** Who is looking: their jurisdiction, resident and captain bindings at the building, and themselves as household members. */
export interface Viewer {
  scope: Scope;
  inner: readonly string[];
  userId: number;
}

/** Households of the user: linked resident records, or records registered with the phone they signed in with. */
export const mine = (userId: number, hid: SQL) => sql`exists (
  select 1 from residents r
  where r.household_id = ${hid}
    and (r.user_id = ${userId} or r.phone_hash = (select u.phone_hash from users u where u.id = ${userId})))`;

function visible(v: Viewer): SQL {
  const parts: SQL[] = [v.scope.where(sql`f.path`)];
  for (const path of v.inner) parts.push(sql`${path} like f.path || '%'`);
  parts.push(
    sql`exists (select 1 from households h where h.building_id = f.building_id and ${mine(v.userId, sql`h.id`)})`,
  );
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function findUnit(db: Db, id: number) {
  const [r] = await rows<{ id: number; kind: string; path: string; streetId: number | null; name: string }>(
    db,
    sql`select id, kind, path, street_id as "streetId", name from org_units where id = ${id}`,
  );
  return r;
}

export async function householdsOf(db: Db, buildingId: number) {
  return rows<{ id: number; areaCm2: number | null }>(
    db,
    sql`select id, (floor_area * 100)::int as "areaCm2" from households where building_id = ${buildingId} order by id`,
  );
}

export async function insertFund(db: Db, v: typeof funds.$inferInsert): Promise<FundRow> {
  const [row] = await db.insert(funds).values(v).returning();
  return row!;
}
export async function insertShares(db: Db, v: (typeof fundShares.$inferInsert)[]) {
  if (v.length) await db.insert(fundShares).values(v);
}
export async function insertQuotes(db: Db, v: (typeof fundQuotes.$inferInsert)[]) {
  if (v.length) await db.insert(fundQuotes).values(v);
}
export async function insertExpense(db: Db, v: typeof fundExpenses.$inferInsert) {
  await db.insert(fundExpenses).values(v);
}
export async function insertRefunds(db: Db, v: (typeof fundRefunds.$inferInsert)[]) {
  if (v.length) await db.insert(fundRefunds).values(v);
}
/** Records a payment once per household (the unique key decides a race); false when one exists. */
export async function insertPayment(db: Db, v: typeof fundPayments.$inferInsert): Promise<boolean> {
  const r = await db.insert(fundPayments).values(v).onConflictDoNothing().returning({ id: fundPayments.id });
  return r.length === 1;
}
export async function settle(db: Db, id: number, at: Date) {
  await db.execute(
    sql`update funds set status = 'settled', settled_at = ${at} where id = ${id} and status = 'collecting'`,
  );
}

export interface FundListed extends FundRow {
  buildingName: string;
  createdByName: string;
}

export async function listVisible(db: Db, v: Viewer, id?: number, lock = false) {
  return rows<FundListed>(
    db,
    sql`select f.id, f.street_id as "streetId", f.building_id as "buildingId", f.path, f.title, f.notice,
          f.proposal_id as "proposalId", f.total_fen as "totalFen", f.split, f.status, f.created_by as "createdBy",
          f.created_at as "createdAt", f.settled_at as "settledAt", b.name as "buildingName", u.name as "createdByName"
        from funds f join org_units b on b.id = f.building_id join users u on u.id = f.created_by
        where ${visible(v)} ${id === undefined ? sql`` : sql`and f.id = ${id}`}
        order by f.status = 'collecting' desc, f.id desc limit 200${lock ? sql` for update of f` : sql``}`,
  );
}

export async function myHouseholds(db: Db, buildingId: number, userId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select h.id from households h where h.building_id = ${buildingId} and ${mine(userId, sql`h.id`)} order by h.id`,
  );
  return r.map((x) => x.id);
}

export async function quotes(db: Db, fundId: number) {
  return rows<{ id: number; contractor: string; amountFen: number; photoId: number | null; note: string | null }>(
    db,
    sql`select id, contractor, amount_fen as "amountFen", photo_id as "photoId", note from fund_quotes where fund_id = ${fundId} order by id`,
  );
}

export interface ShareRow {
  householdId: number;
  buildingName: string;
  unitLabel: string | null;
  room: string;
  areaCm2: number | null;
  amountFen: number;
  paidFen: number | null;
  method: 'captain' | 'household' | null;
  receiptPhotoId: number | null;
  recordedByName: string | null;
  paidAt: Date | null;
  refundFen: number | null;
}

export async function shares(db: Db, fundId: number) {
  return rows<ShareRow>(
    db,
    sql`select s.household_id as "householdId", b.name as "buildingName", h.unit_label as "unitLabel", h.room,
          (h.floor_area * 100)::int as "areaCm2", s.amount_fen as "amountFen",
          p.amount_fen as "paidFen", p.method, p.receipt_photo_id as "receiptPhotoId", u.name as "recordedByName",
          p.created_at as "paidAt", r.amount_fen as "refundFen"
        from fund_shares s join households h on h.id = s.household_id join org_units b on b.id = h.building_id
        left join fund_payments p on p.fund_id = s.fund_id and p.household_id = s.household_id
        left join users u on u.id = p.recorded_by
        left join fund_refunds r on r.fund_id = s.fund_id and r.household_id = s.household_id
        where s.fund_id = ${fundId} order by h.unit_label nulls first, h.floor, h.room`,
  );
}

export async function expenses(db: Db, fundId: number) {
  return rows<{
    id: number;
    item: string;
    amountFen: number;
    receiptPhotoId: number;
    spentOn: string;
    recordedByName: string;
  }>(
    db,
    sql`select e.id, e.item, e.amount_fen as "amountFen", e.receipt_photo_id as "receiptPhotoId",
          to_char(e.spent_on, 'YYYY-MM-DD') as "spentOn", u.name as "recordedByName"
        from fund_expenses e join users u on u.id = e.recorded_by where e.fund_id = ${fundId} order by e.spent_on, e.id`,
  );
}

/** Funds a photo belongs to: a quote, a payment's receipt, an expense's receipt. */
export async function fundsHoldingPhoto(db: Db, photoId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select fund_id as id from fund_quotes where photo_id = ${photoId}
        union select fund_id from fund_payments where receipt_photo_id = ${photoId}
        union select fund_id from fund_expenses where receipt_photo_id = ${photoId}`,
  );
  return r.map((x) => x.id);
}

/** Whether any household has paid into the fund. */
export async function anyPayment(db: Db, fundId: number): Promise<boolean> {
  const r = await rows<{ one: number }>(db, sql`select 1 as one from fund_payments where fund_id = ${fundId} limit 1`);
  return r.length > 0;
}

/** Sets the fund's split and every share's amount (the deferred trigger checks the sum at commit). */
export async function resplit(db: Db, fundId: number, split: string, amounts: ReadonlyMap<number, number>) {
  await db.execute(sql`update funds set split = ${split} where id = ${fundId}`);
  for (const [householdId, fen] of amounts)
    await db.execute(
      sql`update fund_shares set amount_fen = ${fen} where fund_id = ${fundId} and household_id = ${householdId}`,
    );
}
