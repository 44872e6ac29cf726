import { sql } from 'drizzle-orm';
import type { Config } from '../../platform/config';
import { type Db, rows, transaction } from '../../platform/db';

/**
 * Deletes sessions that can no longer sign anyone in: signed out, idle past the idle timeout, or past
 * the absolute one (the longest configured: a session past it is dead for every role). Batches with
 * SKIP LOCKED, so two runs at once or on two instances delete each row once.
 */
export async function purgeSessions(
  db: Db,
  now: Date,
  session: Pick<Config['session'], 'idleMs' | 'absoluteMs'>,
): Promise<{ deleted: number }> {
  const idleBefore = new Date(now.getTime() - session.idleMs).toISOString();
  const createdBefore = new Date(now.getTime() - session.absoluteMs).toISOString();
  let deleted = 0;
  for (;;) {
    const gone = await transaction(db, (tx) =>
      rows<{ tokenHash: string }>(
        tx,
        sql`delete from sessions where token_hash in (
              select token_hash from sessions
               where revoked_at is not null
                  or last_seen_at < ${idleBefore}::timestamptz
                  or created_at < ${createdBefore}::timestamptz
               limit 1000 for update skip locked)
            returning token_hash as "tokenHash"`,
      ),
    );
    deleted += gone.length;
    if (gone.length < 1000) return { deleted };
  }
}
