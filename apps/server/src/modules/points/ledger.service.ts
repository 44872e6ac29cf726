import type { Clock } from '../../platform/clock';
import { type Db, type Fragment, pgCode, pgConstraint, type Write, writeAll } from '../../platform/db';
import { AppError } from '../../platform/errors';
import * as repo from './ledger.repository';
import * as pointsRepo from './points.repository';

export type EntryKind =
  | 'chore_award'
  | 'honour_bonus'
  | 'volunteer_award'
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

/** What the ledger needs of honours (HonourTalliesService): the tally write of a chore award and of its reversal. */
export interface ChoreTallies {
  choreCredited(v: { streetId: number; userId: number; points: number; at: Date }): Write;
  choreReversed(v: { streetId: number; userId: number; points: number; at: Date }): Write;
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
  /** `tallies`: the honours' per-quarter totals, moved with every chore award and its reversal (null: none kept). */
  constructor(
    private readonly clock: Clock,
    private readonly tallies: ChoreTallies | null = null,
  ) {}

  /** Street issuance account → captain, at most once per causeKey, inside the caller's transaction. */
  async credit(tx: Db, input: CreditInput): Promise<{ entryId: number; duplicate: boolean }> {
    if (!Number.isSafeInteger(input.points) || input.points <= 0) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'points', message: 'must be a positive integer' }] });
    }
    await this.ensureAccounts(tx, input.streetId, [input.userId]);
    const at = this.clock.now();
    // The honours' tally first, then the entry (whose posting locks the captain's account): the lock order
    // of `creditWrites`' one statement. A cause already credited takes the tally back at once.
    const tally = { streetId: input.streetId, userId: input.userId, points: input.points, at };
    if (this.tallies) await writeAll(tx, [this.tallies.choreCredited(tally)]);
    const r = await this.post(
      tx,
      {
        streetId: input.streetId,
        kind: 'chore_award',
        causeKey: input.causeKey,
        memo: input.memo,
        actorUserId: input.actorUserId,
        legs: [
          { ownerKey: ISSUANCE, amount: -input.points },
          { ownerKey: captainKey(input.userId), amount: input.points },
        ],
      },
      at,
    );
    if (r.duplicate && this.tallies) await writeAll(tx, [this.tallies.choreReversed(tally)]);
    return r;
  }

  /**
   * What `creditWrites` reads first (the two accounts' ids and the entry's id), as a column (json) for the
   * caller's own first read, so the credit costs no round trip of its own: hand what it read to
   * `creditWrites` as `read`. The street and the captain are SQL: values, or columns of the caller's row.
   */
  creditRead(streetId: Fragment, userId: Fragment): Fragment {
    return repo.entryReadColumn(streetId, ISSUANCE, userId);
  }

  /** `creditRead` for `debitWrites`: the captain's and the mall's accounts. */
  debitRead(streetId: Fragment, userId: Fragment): Fragment {
    return repo.entryReadColumn(streetId, MALL_SINK, userId);
  }

  /**
   * `credit` for a use case that writes its whole effect in one statement (`writeAll`): reads the two
   * accounts and draws the entry's id in one round trip (making accounts missing first — a second one,
   * the first time only), and returns the entry and its postings as writes. A cause already credited
   * fails that statement on the entry's unique (street, cause) index: `isDuplicateCause`.
   */
  async creditWrites(db: Db, input: CreditInput, read?: unknown): Promise<{ entryId: number; writes: Write[] }> {
    if (!Number.isSafeInteger(input.points) || input.points <= 0) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'points', message: 'must be a positive integer' }] });
    }
    const keys = [ISSUANCE, captainKey(input.userId)];
    let found =
      read === undefined ? await repo.accountIdsAndNextEntry(db, input.streetId, keys) : repo.parseEntryRead(read);
    if (keys.some((k) => !found.ids.has(k))) {
      await this.ensureAccounts(db, input.streetId, [input.userId]);
      found = await repo.accountIdsAndNextEntry(db, input.streetId, keys);
    }
    const at = this.clock.now();
    const writes = repo.entryWrites(
      {
        id: found.entryId,
        streetId: input.streetId,
        kind: 'chore_award',
        causeKey: input.causeKey,
        memo: input.memo,
        actorUserId: input.actorUserId,
        legs: [
          { accountId: found.ids.get(ISSUANCE) as number, amount: -input.points },
          { accountId: found.ids.get(captainKey(input.userId)) as number, amount: input.points },
        ],
      },
      at,
    );
    // The honours' tally rides in the same statement: a duplicate cause fails it all, so it moves exactly once.
    // Its row is locked before the captain's account (the balance moves in an AFTER trigger, at the end of
    // the statement): `credit` and `reverse` take the two in that order too, or they deadlock.
    if (this.tallies) {
      writes.push(
        this.tallies.choreCredited({ streetId: input.streetId, userId: input.userId, points: input.points, at }),
      );
    }
    return { entryId: found.entryId, writes };
  }

  /** Whether a statement failed because its entry's cause is already in the ledger (see `creditWrites`). */
  isDuplicateCause(err: unknown): boolean {
    return pgCode(err) === '23505' && pgConstraint(err) === repo.CAUSE_UNIQUE;
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
   * A volunteer's points for one confirmed attendance (docs/rules.md#volunteering): issuance → the person's
   * points account, at most once per causeKey (`activity_signup:<id>`), inside the caller's transaction.
   */
  async creditVolunteerService(tx: Db, input: CreditInput): Promise<{ entryId: number; duplicate: boolean }> {
    if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new Error('points must be a positive integer');
    await this.ensureAccounts(tx, input.streetId, [input.userId]);
    return this.post(tx, {
      streetId: input.streetId,
      kind: 'volunteer_award',
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
    const accounts = await repo.lockCaptainAccounts(tx, input.userId);
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
    await repo.insertAccounts(
      tx,
      streetId,
      [
        { kind: 'issuance', ownerKey: ISSUANCE, userId: null },
        { kind: 'mall_sink', ownerKey: MALL_SINK, userId: null },
        ...captainUserIds.map((u) => ({ kind: 'captain' as const, ownerKey: captainKey(u), userId: u })),
      ],
      this.clock.now(),
    );
  }

  /**
   * Writes one balanced entry with its postings in one statement. A cause already in the ledger is a
   * no-op that answers the existing entry. A leg that would take an account below zero refuses the
   * whole entry with INSUFFICIENT_POINTS (the transaction is then doomed: callers let the error go).
   */
  async post(tx: Db, input: PostInput, at: Date = this.clock.now()): Promise<{ entryId: number; duplicate: boolean }> {
    const sum = input.legs.reduce((s, l) => s + l.amount, 0);
    if (
      input.legs.length < 2 ||
      sum !== 0 ||
      input.legs.some((l) => !Number.isSafeInteger(l.amount) || l.amount === 0)
    ) {
      throw new Error(`unbalanced ledger entry ${input.causeKey}`);
    }
    let res: { id: number; legs: number }[];
    try {
      res = await repo.insertEntry(tx, input, at);
    } catch (err) {
      if (pgCode(err) === '23514') throw new AppError('INSUFFICIENT_POINTS');
      throw err;
    }
    const [row] = res;
    if (!row) {
      return { entryId: (await repo.entryIdByCause(tx, input.streetId, input.causeKey)) as number, duplicate: true };
    }
    if (row.legs !== input.legs.length) {
      // An account is missing: for a debit that is a captain with no points at all.
      throw new AppError('INSUFFICIENT_POINTS');
    }
    return { entryId: row.id, duplicate: false };
  }

  /** The entry a cause wrote in a street's ledger, if any (an order's debit, a chore's award). */
  entryIdOf(tx: Db, streetId: number, causeKey: string): Promise<number | undefined> {
    return repo.entryIdByCause(tx, streetId, causeKey);
  }

  /** What one point is worth in yuan in a street (its setting; 0.5 by default). */
  async yuanPerPoint(db: Db, streetId: number): Promise<number> {
    return (await pointsRepo.streetInfo(db, streetId))?.yuanPerPoint ?? 0.5;
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
   * `debitForRedemption` as writes for one statement (`writeAll`): reads the captain's and the mall's
   * accounts and draws the entry's id in one round trip. A captain without an account has no points
   * (INSUFFICIENT_POINTS at once); a balance the debit would take below zero fails the statement on the
   * account's CHECK: `isOverdraft`.
   */
  async debitWrites(
    db: Db,
    input: { streetId: number; userId: number; points: number; causeKey: string; memo: string },
    read?: unknown,
  ): Promise<{ entryId: number; writes: Write[] }> {
    const keys = [captainKey(input.userId), MALL_SINK];
    let found =
      read === undefined ? await repo.accountIdsAndNextEntry(db, input.streetId, keys) : repo.parseEntryRead(read);
    if (!found.ids.has(captainKey(input.userId))) throw new AppError('INSUFFICIENT_POINTS');
    if (!found.ids.has(MALL_SINK)) {
      await this.ensureAccounts(db, input.streetId, []);
      found = await repo.accountIdsAndNextEntry(db, input.streetId, keys);
    }
    const writes = repo.entryWrites(
      {
        id: found.entryId,
        streetId: input.streetId,
        kind: 'redemption',
        causeKey: input.causeKey,
        memo: input.memo,
        actorUserId: input.userId,
        legs: [
          { accountId: found.ids.get(captainKey(input.userId)) as number, amount: -input.points },
          { accountId: found.ids.get(MALL_SINK) as number, amount: input.points },
        ],
      },
      this.clock.now(),
    );
    return { entryId: found.entryId, writes };
  }

  /** Whether a statement failed because a debit would have taken a balance below zero. */
  isOverdraft(err: unknown): boolean {
    return pgCode(err) === '23514';
  }

  /**
   * A correction: a new entry with every posting of `entryId` negated, referencing it. At most one
   * reversal per entry (unique reverses_entry_id and cause key).
   */
  async reverse(
    tx: Db,
    input: { streetId: number; entryId: number; kind: EntryKind; memo: string; actorUserId: number | null },
  ): Promise<{ entryId: number; duplicate: boolean }> {
    const legs = await repo.postingsOf(tx, input.streetId, input.entryId);
    if (legs.length === 0) throw new AppError('NOT_FOUND');
    // A chore award reversed no longer counts for honours: taken back from the quarter it was credited in,
    // before the entry (the lock order of `credit`), and given back if the reversal was already there.
    const award = legs.find((l) => l.entryKind === 'chore_award' && l.userId !== null && l.amount > 0);
    const tally = award && {
      streetId: input.streetId,
      userId: award.userId as number,
      points: award.amount,
      at: new Date(award.entryAt),
    };
    if (tally && this.tallies) await writeAll(tx, [this.tallies.choreReversed(tally)]);
    const r = await this.post(tx, {
      streetId: input.streetId,
      kind: input.kind,
      causeKey: `reversal:${input.entryId}`,
      memo: input.memo,
      actorUserId: input.actorUserId,
      reversesEntryId: input.entryId,
      legs: legs.map((l) => ({ ownerKey: l.ownerKey, amount: -l.amount })),
    });
    if (r.duplicate && tally && this.tallies) await writeAll(tx, [this.tallies.choreCredited(tally)]);
    return r;
  }

  /** A captain's balance in a street (0 when they have no account yet). */
  async balanceOf(tx: Db, streetId: number, userId: number): Promise<number> {
    return (await repo.balanceOf(tx, streetId, captainKey(userId))) ?? 0;
  }

  /** Many captains' balances in one query, keyed `${streetId}:${userId}` (absent: no account yet, 0). */
  async balancesOf(db: Db, pairs: { streetId: number; userId: number }[]): Promise<Map<string, number>> {
    const found = await repo.captainBalances(db, pairs);
    return new Map(found.map((r) => [`${r.streetId}:${r.userId}`, r.balance]));
  }
}
