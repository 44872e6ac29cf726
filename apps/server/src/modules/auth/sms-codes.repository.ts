import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { loginThrottles, smsCodes, smsSendCounters } from '../../db/schema';
import { type Db, rows } from '../../platform/db';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * Counts one send for a phone if it is allowed: at least `minGapMs` after the last one and fewer
 * than `maxPerDay` today. One conditional upsert, so concurrent sends cannot both pass. Returns
 * false (and changes nothing) when refused.
 */
export async function reserveSend(
  tx: Db,
  phoneHash: string,
  day: string,
  now: Date,
  minGapMs: number,
  maxPerDay: number,
): Promise<boolean> {
  const c = smsSendCounters;
  const got = await rows<{ n: number }>(
    tx,
    sql`insert into sms_send_counters (phone_hash, day, sent_today, last_sent_at)
        values (${phoneHash}, ${day}, 1, ${ts(now)})
        on conflict (phone_hash) do update set
          sent_today = case when ${c.day} = excluded.day then ${c.sentToday} + 1 else 1 end,
          day = excluded.day,
          last_sent_at = excluded.last_sent_at
        where ${c.lastSentAt} <= ${ts(new Date(now.getTime() - minGapMs))}
          and (${c.day} <> excluded.day or ${c.sentToday} < ${maxPerDay})
        returning sent_today as n`,
  );
  return got.length === 1;
}

export async function sendCounter(db: Db, phoneHash: string) {
  const [row] = await db.select().from(smsSendCounters).where(eq(smsSendCounters.phoneHash, phoneHash));
  return row;
}

/** Ends every live code of this phone and purpose (a new one supersedes them). */
export async function supersedeCodes(tx: Db, phoneHash: string, purpose: string, now: Date): Promise<void> {
  await tx
    .update(smsCodes)
    .set({ usedAt: now })
    .where(and(eq(smsCodes.phoneHash, phoneHash), eq(smsCodes.purpose, purpose), isNull(smsCodes.usedAt)));
}

export async function insertCode(tx: Db, row: typeof smsCodes.$inferInsert): Promise<number> {
  const [r] = await tx.insert(smsCodes).values(row).returning({ id: smsCodes.id });
  return r?.id as number;
}

/**
 * One try at the live code of a phone: the try is counted and, when the code matches, the code is
 * used up, in the same UPDATE. Tries past `maxTries` find no live code. So concurrent sign-ins with
 * one code let exactly one through, and a burst of guesses is evaluated at most `maxTries` times.
 */
export async function tryCode(
  tx: Db,
  phoneHash: string,
  purpose: string,
  codeHash: string,
  now: Date,
  maxTries: number,
): Promise<boolean> {
  const got = await rows<{ ok: boolean }>(
    tx,
    sql`update sms_codes set
          attempts = attempts + 1,
          used_at = case when code_hash = ${codeHash} then ${ts(now)} else null end
        where phone_hash = ${phoneHash} and purpose = ${purpose}
          and used_at is null and expires_at > ${ts(now)} and attempts < ${maxTries}
        returning (code_hash = ${codeHash}) as ok`,
  );
  return got.some((r) => r.ok === true);
}

export async function purgeCodes(db: Db, before: Date): Promise<number> {
  const gone = await db
    .delete(smsCodes)
    .where(sql`${smsCodes.expiresAt} < ${ts(before)}`)
    .returning({ id: smsCodes.id });
  return gone.length;
}

/**
 * Reserves one password attempt for a phone before the password is checked. The first `freeTries`
 * in a streak pass at once; each one after waits `baseDelayMs`, doubling, capped at `capMs`; a streak
 * is forgotten after `forgetMs` without attempts. Returns false when the phone must wait.
 */
export async function reserveLoginAttempt(
  tx: Db,
  phoneHash: string,
  now: Date,
  p: { freeTries: number; baseDelayMs: number; capMs: number; forgetMs: number },
): Promise<boolean> {
  const t = loginThrottles;
  const streak = sql`(case when ${t.lastAt} < ${ts(new Date(now.getTime() - p.forgetMs))} then 1 else least(${t.failures} + 1, 1000) end)`;
  const delay = (n: SQL) =>
    sql`case when ${n} >= ${p.freeTries}
          then ${ts(now)} + least(${p.capMs}::float8, ${p.baseDelayMs}::float8 * power(2, least(${n} - ${p.freeTries}, 30))) * interval '1 millisecond'
          else ${ts(now)} end`;
  const got = await rows<{ n: number }>(
    tx,
    sql`insert into login_throttles (phone_hash, failures, next_at, last_at)
        values (${phoneHash}, 1, ${delay(sql`1`)}, ${ts(now)})
        on conflict (phone_hash) do update set
          failures = ${streak},
          next_at = ${delay(streak)},
          last_at = excluded.last_at
        where ${t.nextAt} <= ${ts(now)}
        returning failures as n`,
  );
  return got.length === 1;
}

export async function loginWaitUntil(db: Db, phoneHash: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ nextAt: loginThrottles.nextAt })
    .from(loginThrottles)
    .where(eq(loginThrottles.phoneHash, phoneHash));
  return row?.nextAt;
}

/** A successful sign-in ends the streak. */
export async function clearLoginAttempts(tx: Db, phoneHash: string): Promise<void> {
  await tx.delete(loginThrottles).where(eq(loginThrottles.phoneHash, phoneHash));
}

export async function purgeLoginAttempts(db: Db, before: Date): Promise<number> {
  const gone = await db
    .delete(loginThrottles)
    .where(sql`${loginThrottles.lastAt} < ${ts(before)}`)
    .returning({ phoneHash: loginThrottles.phoneHash });
  return gone.length;
}
