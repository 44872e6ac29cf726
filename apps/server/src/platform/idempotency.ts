import { createHash, hash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema';
import type { RequestContext } from './actor';
import type { Clock } from './clock';
import {
  type Db,
  type Fragment,
  type Guard,
  pgCode,
  pgConstraint,
  retryingConflicts,
  rows,
  transaction,
  type Write,
  writeAll,
} from './db';
import { AppError } from './errors';
import { insertRows } from './insert-rows';

/**
 * Runs a creating use case exactly once per (user, Idempotency-Key). The key row is inserted first in
 * the same transaction as the effect: a concurrent retry waits on its unique key, then finds the
 * committed result; a crash before commit leaves neither the effect nor the key, so a retry redoes it.
 * Errors are not stored: a retry of a refused request is judged again.
 */
export async function once<T>(
  db: Db,
  clock: Clock,
  ctx: RequestContext,
  fn: (tx: Db) => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const idem = ctx.idempotency;
  if (!idem) return { value: await transaction(db, fn), replayed: false };
  return transaction(db, async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({
        userId: ctx.actor.userId,
        key: idem.key,
        requestHash: idem.requestHash,
        statusCode: 0,
        response: sql`'null'::jsonb`,
        createdAt: clock.now(),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, ctx.actor.userId), eq(idempotencyKeys.key, idem.key)));
      if (!stored || stored.requestHash !== idem.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return { value: stored.response as T, replayed: true };
    }
    const value = await fn(tx);
    await tx
      .update(idempotencyKeys)
      .set({ statusCode: 200, response: sql`${JSON.stringify(value ?? null)}::jsonb` })
      .where(and(eq(idempotencyKeys.userId, ctx.actor.userId), eq(idempotencyKeys.key, idem.key)));
    return { value, replayed: false };
  });
}

/**
 * `once` for a use case whose whole effect is one statement (`writeAll`): no transaction, no claim row
 * sent first, so a first request costs its reads and that one write. `plan` reads what it needs (outside
 * any transaction, as read committed would see it anyway) and returns the answer with the writes; the
 * key row, answer included, is one more write of the same statement. A concurrent retry's statement
 * waits on the key's primary key until the first commits, then fails whole (nothing of it is written)
 * and the stored answer is replayed. A retry that `plan` refuses — the first request changed what it
 * reads, e.g. a task no longer claimed — replays the stored answer too, so a retry is never judged
 * against the effect of its own first try. A different body under the same key is 409 either way.
 *
 * `plan` is handed a `StoredAnswerProbe`: the caller and key its first read looks up with
 * `storedAnswerColumn`, so that the key's stored answer comes back with what the use case reads anyway. A retry of a finished request then replays at
 * once, and a refusal costs no second round trip to look for one (the opening-day rush is mostly
 * refusals). The column must be in the read the plan's refusals are judged by: one statement sees one
 * snapshot, and the first try's key row commits with its effect, so a key not there means the first
 * try's effect is not there either, and the retry is judged as its first try would be (then its write
 * meets the key and replays). A plan that refuses before that read gets the stored answer read apart.
 */
export async function onceInOneStatement<T>(
  db: Db,
  clock: Clock,
  ctx: RequestContext,
  plan: (stored: StoredAnswerProbe) => Promise<OneStatement<T>>,
): Promise<{ value: T; replayed: boolean }> {
  const idem = ctx.idempotency;
  const probe = new Probe(ctx.actor.userId, idem);
  let planned: OneStatement<T>;
  try {
    planned = await plan(probe);
  } catch (err) {
    if (err instanceof Replay) return answerOf<T>(err.stored, idem);
    if (idem && err instanceof AppError && !probe.read) {
      const stored = await storedAnswer<T>(db, ctx.actor.userId, idem);
      if (stored) return stored;
    }
    throw err;
  }
  const writes = [...planned.writes];
  if (idem) {
    writes.push(
      insertRows(idempotencyKeys, [
        {
          userId: ctx.actor.userId,
          key: idem.key,
          requestHash: idem.requestHash,
          statusCode: 200,
          response: sql`${JSON.stringify(planned.value ?? null)}::jsonb`,
          createdAt: clock.now(),
        },
      ]),
    );
  }
  try {
    // One statement: failed by a deadlock it wrote nothing, and its guards check again what the plan read.
    await retryingConflicts(() => writeAll(db, writes, planned.guards));
  } catch (err) {
    // Nothing was written. A retry racing its first try fails here (on the key, or on a guard the first
    // try already passed): it gets the first try's answer.
    if (idem && (isKeyConflict(err) || planned.refused?.(err))) {
      const stored = await storedAnswer<T>(db, ctx.actor.userId, idem);
      if (stored) return stored;
    }
    throw planned.refused?.(err) ?? err;
  }
  return { value: planned.value, replayed: false };
}

/**
 * The caller's stored answer under its Idempotency-Key, as one more column of a plan's first read:
 * `storedAnswerColumn` over `lookup`'s caller and key (a read built once binds them to placeholders; no
 * key: the column is `null::json`), and what it read is handed to `seen` at once, which ends the plan
 * with the stored answer when there is one.
 */
export interface StoredAnswerProbe {
  readonly lookup: { userId: number; key: string } | undefined;
  seen(value: unknown): void;
}

/** The stored answer of `key` for `userId` (SQL of either: values or placeholders), as a probe's read carries it. */
export function storedAnswerColumn(userId: unknown, key: unknown): Fragment {
  return sql`(select json_build_object('requestHash', request_hash, 'response', response) from idempotency_keys
               where user_id = ${userId} and key = ${key})`;
}

/**
 * An insert of the stored answer selected by `select` (user, key, request hash, status code, response,
 * created at, in that order): for a statement that builds its answer as it runs (a key already there
 * fails it whole, as in `onceInOneStatement`).
 */
export function storedAnswerInsert(select: Fragment): Fragment {
  return sql`insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at) ${select}`;
}

/** A stored answer as `storedAnswerColumn` reads it. */
interface StoredKey {
  requestHash: string;
  response: unknown;
}

/** Thrown by `seen` out of the plan: the key was used already. */
class Replay extends Error {
  constructor(readonly stored: StoredKey) {
    super('idempotency key already answered');
  }
}

class Probe implements StoredAnswerProbe {
  /** Whether the plan's read looked for the stored answer (and found none). */
  read = false;
  readonly lookup: { userId: number; key: string } | undefined;

  constructor(userId: number, idem: RequestContext['idempotency']) {
    this.lookup = idem ? { userId, key: idem.key } : undefined;
  }

  seen(value: unknown): void {
    const stored = (typeof value === 'string' ? JSON.parse(value) : value) as StoredKey | null | undefined;
    if (stored) throw new Replay(stored);
    this.read = true;
  }
}

function answerOf<T>(stored: StoredKey, idem: RequestContext['idempotency']): { value: T; replayed: true } {
  if (stored.requestHash !== idem?.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { value: stored.response as T, replayed: true };
}

/** What `onceInOneStatement`'s plan returns: the answer, the writes, and how a refusal by the statement reads. */
export interface OneStatement<T> {
  value: T;
  writes: Write[];
  /** Compare-and-sets the statement must pass (`writeAll`). */
  guards?: Guard[];
  /** The refusal a failed statement means (a guard that failed, a unique index), or undefined for a fault. */
  refused?: (err: unknown) => AppError | undefined;
}

/** Whether `err` is a statement failing on the caller's key already stored (a retry, or the key reused). */
export const isKeyConflict = (err: unknown) => pgCode(err) === '23505' && pgConstraint(err) === KEY_PK;

/**
 * The answer stored under the caller's Idempotency-Key, if the request has one and it is stored (409
 * when it was stored for another request): for a use case that writes its answer itself
 * (`storedAnswerInsert`) and finds that it wrote nothing.
 */
export async function storedAnswerOf<T>(
  db: Db,
  ctx: RequestContext,
): Promise<{ value: T; replayed: true } | undefined> {
  return ctx.idempotency ? storedAnswer<T>(db, ctx.actor.userId, ctx.idempotency) : undefined;
}

const KEY_PK = 'idempotency_keys_user_id_key_pk';

/** The answer stored under the caller's key, if any (409 when it was stored for another request). */
async function storedAnswer<T>(
  db: Db,
  userId: number,
  idem: { key: string; requestHash: string },
): Promise<{ value: T; replayed: true } | undefined> {
  const [stored] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, idem.key)));
  if (!stored) return undefined;
  if (stored.requestHash !== idem.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { value: stored.response as T, replayed: true };
}

const KEY_RE = /^[A-Za-z0-9_\-:.]{8,128}$/;

/** Reads and checks the Idempotency-Key header; the request hash binds the key to one method, route and body. */
export function idempotencyFrom(
  header: string | string[] | undefined,
  method: string,
  route: string,
  body: unknown,
): RequestContext['idempotency'] {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !KEY_RE.test(key)) throw new AppError('BAD_IDEMPOTENCY_KEY');
  const requestHash = hash('sha256', `${method} ${route}\n${stableJson(body)}`, 'base64url');
  return { key, requestHash };
}

/**
 * JSON with every object's keys in code-unit order, so key order does not change the hash; a value that
 * JSON leaves out (undefined) is written as null, a Buffer as its digest. Stored hashes depend on this
 * exact text: a change would refuse every retry of a request made before it.
 */
export function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + stableJson(v[i]);
    return `${out}]`;
  }
  if (Buffer.isBuffer(v)) return createHash('sha256').update(v).digest('hex');
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += `${i ? ',' : ''}${JSON.stringify(k)}:${stableJson(o[k])}`;
  }
  return `${out}}`;
}

/**
 * How long a key answers a retry. The phone app keeps a queued report with its key until it is sent,
 * possibly days offline; a month covers that with room to spare, after which the key may be reused.
 */
export const IDEMPOTENCY_KEY_TTL_MS = 30 * 24 * 3_600_000;

/**
 * Deletes keys older than the TTL, in batches. Rows being deleted by another run are skipped (SKIP
 * LOCKED), so the job is safe to run twice at once or on several instances.
 */
export async function purgeIdempotencyKeys(db: Db, now: Date): Promise<{ deleted: number }> {
  const before = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();
  let deleted = 0;
  for (;;) {
    const gone = await transaction(db, (tx) =>
      rows<{ key: string }>(
        tx,
        sql`delete from idempotency_keys where (user_id, key) in (
              select user_id, key from idempotency_keys where created_at < ${before}::timestamptz
               limit 1000 for update skip locked)
            returning key`,
      ),
    );
    deleted += gone.length;
    if (gone.length < 1000) return { deleted };
  }
}
