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

export function openCipher(config: Config): PiiCipher {
  return new PiiCipher(loadMasterKey(config.encryptionKey, resolve(config.dataDir)));
}

export function dataPath(config: Config, ...parts: string[]): string {
  return join(resolve(config.dataDir), ...parts);
}
