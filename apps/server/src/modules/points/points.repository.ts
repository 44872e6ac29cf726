import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface HistoryRow {
  entryId: number;
  kind: string;
  amount: number;
  memo: string;
  at: Date | string;
  reversesEntryId: number | null;
}

export async function streetInfo(
  db: Db,
  streetId: number,
): Promise<{ name: string; yuanPerPoint: number; adjustmentThreshold: number } | undefined> {
  const [row] = await rows<{ name: string; yuanPerPoint: number | null; adjustmentThreshold: number | null }>(
    db,
    sql`select o.name, s.yuan_per_point as "yuanPerPoint", s.adjustment_threshold as "adjustmentThreshold"
        from org_units o left join point_settings s on s.street_id = o.id
        where o.id = ${streetId} and o.kind = 'street'`,
  );
  if (!row) return undefined;
  return { name: row.name, yuanPerPoint: row.yuanPerPoint ?? 0.5, adjustmentThreshold: row.adjustmentThreshold ?? 100 };
}

export async function captainAccount(
  db: Db,
  streetId: number,
  userId: number,
): Promise<{ id: number; balance: number } | undefined> {
  const [row] = await rows<{ id: number; balance: number }>(
    db,
    sql`select id, balance from point_accounts where street_id = ${streetId} and owner_key = ${`captain:${userId}`}`,
  );
  return row;
}

/** The streets where the user has a captain account, oldest first. */
export async function accountStreetsOf(db: Db, userId: number): Promise<number[]> {
  const r = await rows<{ streetId: number }>(
    db,
    sql`select street_id as "streetId" from point_accounts where user_id = ${userId} and kind = 'captain' order by id`,
  );
  return r.map((x) => x.streetId);
}

/** The account's side of its entries, newest first, before entry `beforeId`. */
export async function history(db: Db, accountId: number, beforeId: number | undefined, limit: number) {
  return rows<HistoryRow>(
    db,
    sql`select e.id as "entryId", e.kind, p.amount, e.memo, e.created_at as at, e.reverses_entry_id as "reversesEntryId"
        from point_postings p join point_entries e on e.id = p.entry_id
        where p.account_id = ${accountId} ${beforeId ? sql`and p.entry_id < ${beforeId}` : sql``}
        order by p.entry_id desc
        limit ${limit}`,
  );
}

export async function userName(db: Db, userId: number): Promise<string | undefined> {
  const [row] = await rows<{ name: string }>(db, sql`select name from users where id = ${userId}`);
  return row?.name;
}

/** Streets in which `userId` is a captain at a building that lies in `scope`. */
export async function captainStreetsInScope(db: Db, scope: Scope, userId: number): Promise<number[]> {
  const r = await rows<{ streetId: number }>(
    db,
    sql`select distinct o.street_id as "streetId"
        from role_bindings rb join org_units o on o.id = rb.org_unit_id
        where rb.user_id = ${userId} and rb.role = 'captain' and o.street_id is not null and ${scope.where(sql`o.path`)}`,
  );
  return r.map((x) => x.streetId);
}

export interface AdjustmentRow {
  id: number;
  streetId: number;
  userId: number;
  points: number;
  reason: string;
  status: 'pending' | 'applied' | 'rejected';
  requestedBy: number;
  decidedBy: number | null;
  entryId: number | null;
  createdAt: Date | string;
}

const ADJ_COLS = sql`id, street_id as "streetId", user_id as "userId", points, reason, status,
  requested_by as "requestedBy", decided_by as "decidedBy", entry_id as "entryId", created_at as "createdAt"`;

export async function insertAdjustment(
  db: Db,
  v: {
    streetId: number;
    userId: number;
    points: number;
    reason: string;
    status: string;
    requestedBy: number;
    at: Date;
  },
): Promise<AdjustmentRow> {
  const [row] = await rows<AdjustmentRow>(
    db,
    sql`insert into point_adjustments (street_id, user_id, points, reason, status, requested_by, created_at)
        values (${v.streetId}, ${v.userId}, ${v.points}, ${v.reason}, ${v.status}, ${v.requestedBy}, ${v.at.toISOString()}::timestamptz)
        returning ${ADJ_COLS}`,
  );
  return row as AdjustmentRow;
}

export async function findAdjustmentForUpdate(db: Db, id: number): Promise<AdjustmentRow | undefined> {
  const [row] = await rows<AdjustmentRow>(
    db,
    sql`select ${ADJ_COLS} from point_adjustments where id = ${id} for update`,
  );
  return row;
}

export async function decideAdjustment(
  db: Db,
  id: number,
  v: { status: 'applied' | 'rejected'; decidedBy: number | null; entryId: number | null; at: Date },
): Promise<AdjustmentRow> {
  const [row] = await rows<AdjustmentRow>(
    db,
    sql`update point_adjustments set status = ${v.status}, decided_by = ${v.decidedBy}, entry_id = ${v.entryId},
          decided_at = ${v.at.toISOString()}::timestamptz
        where id = ${id} returning ${ADJ_COLS}`,
  );
  return row as AdjustmentRow;
}

/** Adjustments of the streets in `scope` (streets below a district or city binding included). */
export async function listAdjustments(db: Db, scope: Scope, status: string | undefined, limit: number) {
  return rows<AdjustmentRow & { captainName: string; requestedByName: string; decidedByName: string | null }>(
    db,
    sql`select ${ADJ_COLS},
          (select name from users u where u.id = a.user_id) as "captainName",
          (select name from users u where u.id = a.requested_by) as "requestedByName",
          (select name from users u where u.id = a.decided_by) as "decidedByName"
        from point_adjustments a
        where street_id in (select id from org_units o where o.kind = 'street' and ${scope.where(sql`o.path`)})
          ${status ? sql`and status = ${status}` : sql``}
        order by id desc limit ${limit}`,
  );
}

export async function streetPath(db: Db, streetId: number): Promise<string | undefined> {
  const [row] = await rows<{ path: string }>(
    db,
    sql`select path from org_units where id = ${streetId} and kind = 'street'`,
  );
  return row?.path;
}

/** Sets a street's point settings (yuan per point, adjustment threshold). */
export async function upsertSettings(
  db: Db,
  streetId: number,
  v: { yuanPerPoint: number; adjustmentThreshold: number },
  now: Date,
): Promise<void> {
  await db.execute(sql`insert into point_settings (street_id, yuan_per_point, adjustment_threshold, updated_at)
    values (${streetId}, ${v.yuanPerPoint}, ${v.adjustmentThreshold}, ${now.toISOString()}::timestamptz)
    on conflict (street_id) do update set yuan_per_point = excluded.yuan_per_point,
      adjustment_threshold = excluded.adjustment_threshold, updated_at = excluded.updated_at`);
}
