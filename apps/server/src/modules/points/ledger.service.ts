import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock';
import { type Db, pgCode, rows } from '../../platform/db';
import { AppError } from '../../platform/errors';

export type EntryKind =
  | 'chore_award'
  | 'honour_bonus'
  | 'redemption'
  | 'redemption_refund'
  | 'adjustment'
  | 'reversal'
  | 'expiry';

export interface CreditInput {
  streetId: number;
  /** The captain credited. */
  userId: number;
  /** > 0, integer. */
  points: number;
  /** Unique per cause, e.g. `chore_submission:123`; a second credit with the same key is a no-op. */
  causeKey: string;
  /** Chinese text shown in the captain's history, e.g. '扫楼梯 · 福宁街5号'. */
  memo: string;
  /** Who caused it (the reviewer). */
  actorUserId: number | null;
}

/** One leg of an entry: an account (by its owner key within the street) and a signed amount. */
export interface Leg {
  ownerKey: string;
  amount: number;
}

export interface PostInput {
  streetId: number;
  kind: EntryKind;
  causeKey: string;
  memo: string;
  actorUserId: number | null;
  reversesEntryId?: number | null;
  legs: Leg[];
}

export const ISSUANCE = 'issuance';
export const MALL_SINK = 'mall_sink';
export const captainKey = (userId: number) => `captain:${userId}`;

/**
 * The points ledger (docs/rules.md#points): double entry, append-only, each cause at most once. Every method
 * runs inside the caller's transaction, so the ledger entry commits or vanishes with the change that
 * caused it (a chore approval, an order). The database backs each rule: a unique (street, cause_key),
 * `CHECK (balance >= 0)` on every account but the issuance account, a trigger that moves the balance
 * with each posting, and a deferred trigger that refuses an entry whose postings do not sum to zero.
 */
export class LedgerService {
  constructor(private readonly clock: Clock) {}

  /** Street issuance account → captain, at most once per causeKey, inside the caller's transaction. */
  async credit(tx: Db, input: CreditInput): Promise<{ entryId: number; duplicate: boolean }> {
    if (!Number.isSafeInteger(input.points) || input.points <= 0) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'points', message: 'must be a positive integer' }] });
    }
    await this.ensureAccounts(tx, input.streetId, [input.userId]);
    return this.post(tx, {
      streetId: input.streetId,
      kind: 'chore_award',
      causeKey: input.causeKey,
      memo: input.memo,
      actorUserId: input.actorUserId,
      legs: [
        { ownerKey: ISSUANCE, amount: -input.points },
        { ownerKey: captainKey(input.userId), amount: input.points },
      ],
    });
  }

  /** An honour's bonus (docs/rules.md#honours): issuance → captain, at most once per causeKey. */
  async creditHonourBonus(tx: Db, input: CreditInput): Promise<{ entryId: number; duplicate: boolean }> {
    if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new Error('bonus must be a positive integer');
    await this.ensureAccounts(tx, input.streetId, [input.userId]);
    return this.post(tx, {
      streetId: input.streetId,
      kind: 'honour_bonus',
      causeKey: input.causeKey,
      memo: input.memo,
      actorUserId: input.actorUserId,
      legs: [
        { ownerKey: ISSUANCE, amount: -input.points },
        { ownerKey: captainKey(input.userId), amount: input.points },
      ],
    });
  }

  /**
   * Expires every balance a captain holds (docs/rules.md#captains, after an exit's redemption period):
   * captain → the street's issuance account, one `expiry` entry per street under `causeKey`. The account
   * row is locked first, so a concurrent run waits and then finds the balance gone (or the cause
   * taken): each balance expires once. Returns the points expired.
   */
  async expireCaptain(tx: Db, input: { userId: number; causeKey: string; memo: string }): Promise<number> {
    const accounts = await rows<{ streetId: number; balance: number }>(
      tx,
      sql`select street_id as "streetId", balance from point_accounts
           where kind = 'captain' and user_id = ${input.userId}
           order by street_id for update`,
    );
    let total = 0;
    for (const a of accounts) {
      if (a.balance <= 0) continue;
      const r = await this.post(tx, {
        streetId: a.streetId,
        kind: 'expiry',
        causeKey: input.causeKey,
        memo: input.memo,
        actorUserId: null,
        legs: [
          { ownerKey: captainKey(input.userId), amount: -a.balance },
          { ownerKey: ISSUANCE, amount: a.balance },
        ],
      });
      if (!r.duplicate) total += a.balance;
    }
    return total;
  }

  /** Creates the street's issuance and mall accounts and the captains' accounts that do not exist yet. */
  async ensureAccounts(tx: Db, streetId: number, captainUserIds: readonly number[]): Promise<void> {
    const now = this.clock.now().toISOString();
    const values = [
      sql`(${streetId}::bigint, 'issuance', 'issuance', null::bigint, ${now}::timestamptz)`,
      sql`(${streetId}::bigint, 'mall_sink', 'mall_sink', null::bigint, ${now}::timestamptz)`,
      ...captainUserIds.map(
        (u) => sql`(${streetId}::bigint, 'captain', ${captainKey(u)}, ${u}::bigint, ${now}::timestamptz)`,
      ),
    ];
    await tx.execute(sql`
      insert into point_accounts (street_id, kind, owner_key, user_id, created_at)
      values ${sql.join(values, sql`, `)}
      on conflict (street_id, owner_key) do nothing`);
  }

  /**
   * Writes one balanced entry with its postings in one statement. A cause already in the ledger is a
   * no-op that answers the existing entry. A leg that would take an account below zero refuses the
   * whole entry with INSUFFICIENT_POINTS (the transaction is then doomed: callers let the error go).
   */
  async post(tx: Db, input: PostInput): Promise<{ entryId: number; duplicate: boolean }> {
    const sum = input.legs.reduce((s, l) => s + l.amount, 0);
    if (
      input.legs.length < 2 ||
      sum !== 0 ||
      input.legs.some((l) => !Number.isSafeInteger(l.amount) || l.amount === 0)
    ) {
      throw new Error(`unbalanced ledger entry ${input.causeKey}`);
    }
    const now = this.clock.now().toISOString();
    const legs = sql.join(
      input.legs.map((l) => sql`(${l.ownerKey}::text, ${l.amount}::bigint)`),
      sql`, `,
    );
    let res: { id: number; legs: number }[];
    try {
      res = await rows<{ id: number; legs: number }>(
        tx,
        sql`
        with e as (
          insert into point_entries (street_id, kind, cause_key, memo, actor_user_id, reverses_entry_id, created_at)
          values (${input.streetId}, ${input.kind}, ${input.causeKey}, ${input.memo}, ${input.actorUserId},
                  ${input.reversesEntryId ?? null}::bigint, ${now}::timestamptz)
          on conflict (street_id, cause_key) do nothing
          returning id
        ), l as (
          select a.id as account_id, x.amount
          from (values ${legs}) as x(owner_key, amount)
          join point_accounts a on a.street_id = ${input.streetId} and a.owner_key = x.owner_key
        ), p as (
          insert into point_postings (entry_id, street_id, account_id, amount, created_at)
          select e.id, ${input.streetId}, l.account_id, l.amount, ${now}::timestamptz from e cross join l
          returning 1
        )
        select e.id, (select count(*) from p)::int as legs from e`,
      );
    } catch (err) {
      if (pgCode(err) === '23514') throw new AppError('INSUFFICIENT_POINTS');
      throw err;
    }
    const [row] = res;
    if (!row) {
      const [existing] = await rows<{ id: number }>(
        tx,
        sql`select id from point_entries where street_id = ${input.streetId} and cause_key = ${input.causeKey}`,
      );
      return { entryId: existing?.id as number, duplicate: true };
    }
    if (row.legs !== input.legs.length) {
      // An account is missing: for a debit that is a captain with no points at all.
      throw new AppError('INSUFFICIENT_POINTS');
    }
    return { entryId: row.id, duplicate: false };
  }

  /** Captain → the street's mall account, for an order; INSUFFICIENT_POINTS when the balance is short. */
  async debitForRedemption(
    tx: Db,
    input: { streetId: number; userId: number; points: number; causeKey: string; memo: string },
  ): Promise<{ entryId: number; duplicate: boolean }> {
    return this.post(tx, {
      streetId: input.streetId,
      kind: 'redemption',
      causeKey: input.causeKey,
      memo: input.memo,
      actorUserId: input.userId,
      legs: [
        { ownerKey: captainKey(input.userId), amount: -input.points },
        { ownerKey: MALL_SINK, amount: input.points },
      ],
    });
  }

  /**
   * A correction: a new entry with every posting of `entryId` negated, referencing it. At most one
   * reversal per entry (unique reverses_entry_id and cause key).
   */
  async reverse(
    tx: Db,
    input: { streetId: number; entryId: number; kind: EntryKind; memo: string; actorUserId: number | null },
  ): Promise<{ entryId: number; duplicate: boolean }> {
    const legs = await rows<{ ownerKey: string; amount: number }>(
      tx,
      sql`select a.owner_key as "ownerKey", p.amount
          from point_postings p join point_accounts a on a.id = p.account_id
          where p.entry_id = ${input.entryId} and p.street_id = ${input.streetId}
          order by p.id`,
    );
    if (legs.length === 0) throw new AppError('NOT_FOUND');
    return this.post(tx, {
      streetId: input.streetId,
      kind: input.kind,
      causeKey: `reversal:${input.entryId}`,
      memo: input.memo,
      actorUserId: input.actorUserId,
      reversesEntryId: input.entryId,
      legs: legs.map((l) => ({ ownerKey: l.ownerKey, amount: -l.amount })),
    });
  }

  /** A captain's balance in a street (0 when they have no account yet). */
  async balanceOf(tx: Db, streetId: number, userId: number): Promise<number> {
    const [row] = await rows<{ balance: number }>(
      tx,
      sql`select balance from point_accounts where street_id = ${streetId} and owner_key = ${captainKey(userId)}`,
    );
    return row?.balance ?? 0;
  }
}
