import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Db, rows } from '../src/platform/db';

/**
 * A connection of a test's own to the database of `db` (PostgreSQL only), for changing it behind the
 * server's back: the caches that LISTEN for the database's notifications are tested by what they keep
 * serving while no notification comes.
 */
export async function adminClient(db: Db): Promise<pg.Client> {
  const [row] = await rows<{ db: string }>(db, sql`select current_database() as db`);
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${row?.db ?? ''}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Runs SQL without firing the notifying triggers (`session_replication_role = replica`): the server is not told. */
export async function behindTheCachesBack(
  admin: pg.Client | null,
  statement: string,
  params: unknown[],
): Promise<void> {
  if (!admin) throw new Error('PostgreSQL only');
  await admin.query('begin');
  await admin.query('set local session_replication_role = replica');
  await admin.query(statement, params);
  await admin.query('commit');
}
