import { sql } from 'drizzle-orm';
import { type Db, rows, transaction } from '../src/platform/db';
import { buildUser, type Tree } from './factories';
import { login, type TestApp } from './harness';

/**
 * The ledger's invariants (docs/rules.md#points), read straight from the tables: every entry's postings sum to
 * zero (so every street's do), every balance equals the sum of its postings, no account but an
 * issuance account is negative. Returns the violations; an empty list is a healthy ledger.
 */
export async function ledgerViolations(db: Db): Promise<string[]> {
  const out: string[] = [];
  const entries = await rows<{ id: number; total: number; legs: number }>(
    db,
    sql`select e.id, coalesce(sum(p.amount), 0)::bigint as total, count(p.id)::int as legs
        from point_entries e left join point_postings p on p.entry_id = e.id
        group by e.id having coalesce(sum(p.amount), 0) <> 0 or count(p.id) < 2`,
  );
  for (const e of entries) out.push(`entry ${e.id}: ${e.legs} legs, sum ${e.total}`);
  const streets = await rows<{ streetId: number; total: number }>(
    db,
    sql`select street_id as "streetId", sum(amount)::bigint as total from point_postings group by street_id having sum(amount) <> 0`,
  );
  for (const s of streets) out.push(`street ${s.streetId}: postings sum ${s.total}`);
  const accounts = await rows<{ id: number; balance: number; total: number; kind: string }>(
    db,
    sql`select a.id, a.kind, a.balance, coalesce((select sum(p.amount) from point_postings p where p.account_id = a.id), 0)::bigint as total
        from point_accounts a`,
  );
  for (const a of accounts) {
    // Only a captain's account keeps a stored balance; the street's issuance and mall_sink accounts are
    // the sum of their postings by definition (no hot row per street) and keep 0 stored.
    if (a.kind === 'captain' && a.balance !== a.total)
      out.push(`account ${a.id}: balance ${a.balance} ≠ postings ${a.total}`);
    if (a.kind !== 'captain' && a.balance !== 0) out.push(`account ${a.id}: ${a.kind} stores balance ${a.balance}`);
    if (a.kind !== 'issuance' && a.total < 0) out.push(`account ${a.id}: negative balance ${a.total}`);
  }
  return out;
}

export async function balanceOf(db: Db, streetId: number, userId: number): Promise<number> {
  const [r] = await rows<{ balance: number }>(
    db,
    sql`select balance from point_accounts where street_id = ${streetId} and owner_key = ${`captain:${userId}`}`,
  );
  return r?.balance ?? 0;
}

/** A captain of `tree`'s building holding `points` (one seed credit), signed in: their session cookie. */
export async function captainWithPoints(t: TestApp, tree: Tree, points: number): Promise<string> {
  const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: tree.building }]);
  await transaction(t.database.db, (tx) =>
    t.services.ledger.credit(tx, {
      streetId: tree.street.id,
      userId: u.id,
      points,
      causeKey: `seed:${u.id}`,
      memo: '清理楼道',
      actorUserId: null,
    }),
  );
  return login(t.app, u.phone);
}
