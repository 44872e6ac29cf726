import { type SQL, sql } from 'drizzle-orm';
import { type Db, preparedRows, rows, type Write } from '../../platform/db';

/** The ledger's SQL (docs/rules.md#points); LedgerService holds the rules. */

export interface AccountSpec {
  kind: 'issuance' | 'mall_sink' | 'captain';
  ownerKey: string;
  userId: number | null;
}

/** Creates the accounts that do not exist yet. */
export async function insertAccounts(tx: Db, streetId: number, accounts: readonly AccountSpec[], now: Date) {
  const at = now.toISOString();
  const values = accounts.map(
    (a) => sql`(${streetId}::bigint, ${a.kind}, ${a.ownerKey}, ${a.userId}::bigint, ${at}::timestamptz)`,
  );
  await tx.execute(sql`
    insert into point_accounts (street_id, kind, owner_key, user_id, created_at)
    values ${sql.join(values, sql`, `)}
    on conflict (street_id, owner_key) do nothing`);
}

export interface EntryInsert {
  streetId: number;
  kind: string;
  causeKey: string;
  memo: string;
  actorUserId: number | null;
  reversesEntryId?: number | null;
  legs: readonly { ownerKey: string; amount: number }[];
}

/**
 * Inserts one entry with its postings in one statement; no row when the cause is already in the ledger.
 * `legs` counts the postings written (fewer than asked when an account is missing).
 */
export async function insertEntry(tx: Db, input: EntryInsert, now: Date): Promise<{ id: number; legs: number }[]> {
  const at = now.toISOString();
  const legs = sql.join(
    input.legs.map((l) => sql`(${l.ownerKey}::text, ${l.amount}::bigint)`),
    sql`, `,
  );
  return rows<{ id: number; legs: number }>(
    tx,
    sql`
    with e as (
      insert into point_entries (street_id, kind, cause_key, memo, actor_user_id, reverses_entry_id, created_at)
      values (${input.streetId}, ${input.kind}, ${input.causeKey}, ${input.memo}, ${input.actorUserId},
              ${input.reversesEntryId ?? null}::bigint, ${at}::timestamptz)
      on conflict (street_id, cause_key) do nothing
      returning id
    ), l as (
      select a.id as account_id, x.amount
      from (values ${legs}) as x(owner_key, amount)
      join point_accounts a on a.street_id = ${input.streetId} and a.owner_key = x.owner_key
    ), p as (
      insert into point_postings (entry_id, street_id, account_id, amount, created_at)
      select e.id, ${input.streetId}, l.account_id, l.amount, ${at}::timestamptz from e cross join l
      returning 1
    )
    select e.id, (select count(*) from p)::int as legs from e`,
  );
}

export async function entryIdByCause(tx: Db, streetId: number, causeKey: string): Promise<number | undefined> {
  const [row] = await rows<{ id: number }>(
    tx,
    sql`select id from point_entries where street_id = ${streetId} and cause_key = ${causeKey}`,
  );
  return row?.id;
}

/** The postings of an entry with their accounts' owner keys and captains, in order, and the entry's kind and time. */
export async function postingsOf(tx: Db, streetId: number, entryId: number) {
  return rows<{ ownerKey: string; userId: number | null; amount: number; entryKind: string; entryAt: Date | string }>(
    tx,
    sql`select a.owner_key as "ownerKey", a.user_id as "userId", p.amount, e.kind as "entryKind",
               e.created_at as "entryAt"
        from point_postings p join point_accounts a on a.id = p.account_id join point_entries e on e.id = p.entry_id
        where p.entry_id = ${entryId} and p.street_id = ${streetId}
        order by p.id`,
  );
}

/**
 * An account's balance: stored for a captain's account, the sum of its postings for the street's
 * issuance and mall_sink accounts (kept off a hot row; see the posting trigger).
 */
export async function balanceOf(tx: Db, streetId: number, ownerKey: string): Promise<number | undefined> {
  const [row] = await rows<{ balance: number }>(
    tx,
    sql`select case when a.kind = 'captain' then a.balance
                    else coalesce((select sum(p.amount) from point_postings p where p.account_id = a.id), 0)::bigint end
               as balance
          from point_accounts a where a.street_id = ${streetId} and a.owner_key = ${ownerKey}`,
  );
  return row?.balance;
}

/** Captains' stored balances for (street, user) pairs, in one query. */
export async function captainBalances(db: Db, pairs: { streetId: number; userId: number }[]) {
  if (pairs.length === 0) return [];
  return rows<{ streetId: number; userId: number; balance: number }>(
    db,
    sql`select street_id as "streetId", user_id as "userId", balance from point_accounts
         where kind = 'captain' and (street_id, user_id) in (${sql.join(
           pairs.map((p) => sql`(${p.streetId}, ${p.userId})`),
           sql`, `,
         )})`,
  );
}

/** A captain's accounts in every street, row-locked (an expiry run holds them until it commits). */
export async function lockCaptainAccounts(db: Db, userId: number) {
  return rows<{ streetId: number; balance: number }>(
    db,
    sql`select street_id as "streetId", balance from point_accounts
         where kind = 'captain' and user_id = ${userId}
         order by street_id for update`,
  );
}

/** What an entry written in one statement needs read first: the id it will have and its accounts' ids. */
export interface EntryRead {
  entryId: number;
  /** By owner key; an account that does not exist is absent. */
  ids: Map<string, number>;
}

/** The ids of a street's accounts by owner key (those that exist) and the id the next entry will have. */
export async function accountIdsAndNextEntry(
  db: Db,
  streetId: number,
  ownerKeys: readonly string[],
): Promise<EntryRead> {
  const [r] = await preparedRows<{ entry: unknown }>(
    db,
    sql`select ${entryReadOf(
      sql`${streetId}`,
      ownerKeys.map((k) => sql`${k}`),
    )} as entry`,
  );
  return parseEntryRead(r?.entry);
}

/**
 * `accountIdsAndNextEntry` of a street's account `ownerKey` and a captain's account, as a column (json)
 * of another statement's select list; the street and the captain are SQL (values or the caller's
 * columns). `parseEntryRead` reads what it returned.
 */
export function entryReadColumn(streetId: SQL, ownerKey: string, captainUserId: SQL): SQL {
  // The captain's owner key, as LedgerService.captainKey writes it.
  return entryReadOf(streetId, [sql`${ownerKey}`, sql`'captain:' || (${captainUserId})::text`]);
}

function entryReadOf(streetId: SQL, ownerKeys: SQL[]): SQL {
  return sql`json_build_object('entryId', nextval(pg_get_serial_sequence('point_entries', 'id')),
               'ids', coalesce((select json_object_agg(owner_key, id) from point_accounts
                                 where street_id = ${streetId} and owner_key in (${sql.join(ownerKeys, sql`, `)})), '{}'::json))`;
}

export function parseEntryRead(v: unknown): EntryRead {
  const r = (typeof v === 'string' ? JSON.parse(v) : v) as {
    entryId: number | string;
    ids: Record<string, number | string>;
  };
  return {
    entryId: Number(r.entryId),
    ids: new Map(Object.entries(r.ids ?? {}).map(([k, id]) => [k, Number(id)])),
  };
}

/** One entry (id given) and its postings, as writes for one statement; a cause already there fails it (unique). */
export function entryWrites(
  input: Omit<EntryInsert, 'legs'> & { id: number; legs: readonly { accountId: number; amount: number }[] },
  now: Date,
): Write[] {
  const at = now.toISOString();
  return [
    sql`insert into point_entries (id, street_id, kind, cause_key, memo, actor_user_id, reverses_entry_id, created_at)
        overriding system value
        values (${input.id}, ${input.streetId}, ${input.kind}, ${input.causeKey}, ${input.memo}, ${input.actorUserId}::bigint,
                ${input.reversesEntryId ?? null}::bigint, ${at}::timestamptz)`,
    sql`insert into point_postings (entry_id, street_id, account_id, amount, created_at)
        values ${sql.join(
          input.legs.map(
            (l) =>
              sql`(${input.id}::bigint, ${input.streetId}::bigint, ${l.accountId}::bigint, ${l.amount}::bigint, ${at}::timestamptz)`,
          ),
          sql`, `,
        )}`,
  ];
}

/** The unique index that keeps a cause to one entry per street. */
export const CAUSE_UNIQUE = 'point_entries_cause_uq';
