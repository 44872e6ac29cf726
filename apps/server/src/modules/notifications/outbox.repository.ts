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

/**
 * Deletes outbox messages created before `before`, except those a sender is still working on (claimed
 * or waiting for a retry). Their delivery rows go with them (ON DELETE CASCADE). Safe to run twice or on
 * two instances: a second run finds nothing left to delete.
 */
export async function purgeOutbox(db: Db, before: Date): Promise<number> {
  const r = await rows<{ n: number }>(
    db,
    sql`with gone as (
          delete from ${notificationOutbox} o
          where o.created_at < ${before}
            and not exists (select 1 from sms_deliveries d
                            where d.outbox_id = o.id and d.status in ('sending', 'retry'))
          returning 1
        )
        select count(*)::int as n from gone`,
  );
  return r[0]?.n ?? 0;
}
