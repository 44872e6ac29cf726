import { join, resolve } from 'node:path';
import type { Config } from './config';
import { loadMasterKey, PiiCipher } from './crypto';
import { type Database, openPglite, openPostgres } from './db';

/** The configured database, migrated: PostgreSQL with DATABASE_URL, else embedded PGlite in the data folder. */
export async function openDatabase(config: Config): Promise<Database> {
  const database = config.databaseUrl
    ? await openPostgres(config.databaseUrl, config.poolSize)
    : await openPglite(resolve(config.dataDir));
  try {
    await database.migrate();
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

/** How long a connection to the read replica may take before its reads go to the primary. */
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

/** The read replica (DATABASE_REPLICA_URL), not migrated: it replays what the primary's migrations wrote. */
export async function openReplica(config: Config): Promise<Database | undefined> {
  if (!config.replica) return undefined;
  return openPostgres(config.replica.url, config.poolSize, { connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS });
}

export function openCipher(config: Config): PiiCipher {
  return new PiiCipher(loadMasterKey(config.encryptionKey, resolve(config.dataDir)));
}

export function dataPath(config: Config, ...parts: string[]): string {
  return join(resolve(config.dataDir), ...parts);
}
