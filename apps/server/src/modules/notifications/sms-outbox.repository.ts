import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { notificationOutbox } from '../../db/schema';
import type { Db } from '../../platform/db';

export interface SmsRow {
  phoneEnc: string;
  phoneHash: string;
  streetId: number | null;
  sourceKey: string;
  payload: { kind: string; text: string; params: Record<string, string> };
  at: Date;
}

export async function insertSms(tx: Db, row: SmsRow): Promise<void> {
  await tx
    .insert(notificationOutbox)
    .values({
      channel: 'sms',
      userId: null,
      phoneEnc: row.phoneEnc,
      phoneHash: row.phoneHash,
      streetId: row.streetId,
      sourceKey: row.sourceKey,
      payload: sql`${JSON.stringify(row.payload)}::jsonb`,
      createdAt: row.at,
    })
    .onConflictDoNothing();
}

/** SMS rows sent to a bare phone, newest first; `streets` null means every street and none. */
export async function listSms(db: Db, streets: number[] | null, limit: number) {
  const where = and(
    eq(notificationOutbox.channel, 'sms'),
    sql`${notificationOutbox.phoneEnc} is not null`,
    streets === null ? undefined : streets.length ? inArray(notificationOutbox.streetId, streets) : sql`false`,
  );
  return db
    .select({
      phoneEnc: notificationOutbox.phoneEnc,
      payload: notificationOutbox.payload,
      createdAt: notificationOutbox.createdAt,
    })
    .from(notificationOutbox)
    .where(where)
    .orderBy(desc(notificationOutbox.id))
    .limit(limit);
}

/** Removes SMS messages of `kind` created before `before` (a sign-in code is worthless after minutes). */
export async function purgeSms(db: Db, kind: string, before: Date): Promise<number> {
  const gone = await db
    .delete(notificationOutbox)
    .where(
      and(
        eq(notificationOutbox.channel, 'sms'),
        sql`${notificationOutbox.payload}->>'kind' = ${kind}`,
        sql`${notificationOutbox.createdAt} < ${before.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: notificationOutbox.id });
  return gone.length;
}
