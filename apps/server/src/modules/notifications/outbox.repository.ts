import { sql } from 'drizzle-orm';
import { notificationOutbox } from '../../db/schema';
import { type Db, rows } from '../../platform/db';

/** Messages for external channels not yet sent (served by the partial index on unsent rows). */
export async function pendingOutboxCount(db: Db): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${notificationOutbox} where ${notificationOutbox.sentAt} is null`,
  );
  return r[0]?.n ?? 0;
}
