import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import type { Db } from '../../platform/db';

export type NotificationRow = typeof notifications.$inferSelect;

/** A user's inbox, newest first: `limit` rows before the cursor id (unread only when asked). */
export async function inbox(
  db: Db,
  userId: number,
  q: { unreadOnly: boolean; beforeId: number | undefined; limit: number },
): Promise<NotificationRow[]> {
  const conds = [eq(notifications.userId, userId)];
  if (q.unreadOnly) conds.push(isNull(notifications.readAt));
  if (q.beforeId !== undefined) conds.push(lt(notifications.id, q.beforeId));
  return db
    .select()
    .from(notifications)
    .where(and(...conds))
    .orderBy(desc(notifications.id))
    .limit(q.limit);
}

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}

/** Marks a user's unread notifications read (the given ids, or all); answers how many changed. */
export async function markRead(db: Db, userId: number, ids: number[] | 'all', at: Date): Promise<number> {
  const conds = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids !== 'all') conds.push(inArray(notifications.id, ids.length ? ids : [0]));
  const updated = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(...conds))
    .returning({ id: notifications.id });
  return updated.length;
}
