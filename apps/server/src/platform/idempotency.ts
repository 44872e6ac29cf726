import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema';
import type { RequestContext } from './actor';
import type { Clock } from './clock';
import { type Db, rows, transaction } from './db';
import { AppError } from './errors';

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
  const requestHash = createHash('sha256')
    .update(`${method} ${route}\n${stableJson(body)}`)
    .digest('base64url');
  return { key, requestHash };
}

function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (Buffer.isBuffer(v)) return createHash('sha256').update(v).digest('hex');
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
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
