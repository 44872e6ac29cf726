import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';

/** The cheapest question the database can answer. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
