import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTree, buildUser } from '../../test/factories';
import { withDatabase } from '../../test/global-setup';
import { BackupError, backup, keyFingerprint, readManifest, restore, type Target } from './backup';
import { PiiCipher } from './crypto';
import { type Database, openPglite, openPostgres, rows, sql } from './db';

/**
 * Backup → restore round trips on the engine this run tests (PGlite by default, PostgreSQL with
 * DATABASE_URL): a known little world goes in, and the restored copy must hold exactly it, readable
 * with the key — or the restore must refuse before touching anything.
 */
const pgUrl = inject('pgUrl');
const root = mkdtempSync(join(tmpdir(), 'louzhang-backup-test-'));
const createdDbs: string[] = [];
const key = randomBytes(32);
const keyB64 = key.toString('base64');
const cipher = new PiiCipher(key);

async function newTarget(name: string, withKey: string | null = keyB64): Promise<Target> {
  const configuredKey = withKey ?? undefined;
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  if (!pgUrl) return { databaseUrl: undefined, dataDir, configuredKey };
  const db = `lz_bk_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  createdDbs.push(db);
  return { databaseUrl: withDatabase(pgUrl, db), dataDir, configuredKey };
}

async function open(t: Target): Promise<Database> {
  return t.databaseUrl ? openPostgres(t.databaseUrl, 2) : openPglite(t.dataDir);
}

async function phonesOf(t: Target): Promise<string[]> {
  const database = await open(t);
  try {
    const r = await rows<{ phone_enc: string }>(database.db, sql`SELECT phone_enc FROM users ORDER BY id`);
    return r.map((x) => cipher.decrypt(x.phone_enc));
  } finally {
    await database.close();
  }
}

let source: Target;
let file: string;
const knownPhones: string[] = [];

beforeAll(async () => {
  source = await newTarget('source');
  const database = await open(source);
  try {
    await database.migrate();
    const tree = await buildTree(database.db);
    for (let i = 0; i < 3; i++) {
      const u = await buildUser(database.db, cipher, [{ role: 'captain', unit: tree.building }]);
      knownPhones.push(u.phone);
    }
  } finally {
    await database.close();
  }
  // Two uploaded files, as the photo store lays them out.
  const a = 'ab'.repeat(32);
  mkdirSync(join(source.dataDir, 'files', 'ab', 'ab'), { recursive: true });
  writeFileSync(join(source.dataDir, 'files', 'ab', 'ab', a), 'photo-a');
  writeFileSync(join(source.dataDir, 'files', 'ab', 'ab', `${a}.thumb`), 'thumb-a');
  file = join(root, 'backup.tar');
  await backup(source, file);
}, 120_000);

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  if (pgUrl && createdDbs.length) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    for (const db of createdDbs) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.end();
  }
});

describe('backup and restore', () => {
  it('writes a manifest with the engine, the row counts and the key fingerprint, and no key', async () => {
    const m = await readManifest(file);
    expect(m.engine).toBe(pgUrl ? 'postgres' : 'pglite');
    expect(m.rowCounts.users).toBe(3);
    // A tree is city, district, street, community, grid, estate, building.
    expect(m.rowCounts.org_units).toBe(7);
    expect(m.files).toBe(2);
    expect(m.keyFingerprint).toBe(keyFingerprint(key));
    expect(m.keyIncluded).toBe(false);
    expect(m.migrations).toBe(
      readdirSync(new URL('../db/migrations', import.meta.url)).filter((f) => f.endsWith('.sql')).length,
    );
  });

  it('restores into an empty target: same rows, readable with the key, files back', async () => {
    const target = await newTarget('empty');
    const r = await restore(target, file);
    expect(r.rowCounts.users).toBe(3);
    expect(await phonesOf(target)).toEqual(knownPhones);
    const a = 'ab'.repeat(32);
    expect(readFileSync(join(target.dataDir, 'files', 'ab', 'ab', a), 'utf8')).toBe('photo-a');
  });

  it('refuses a wrong key before changing anything', async () => {
    const target = await newTarget('wrong-key', randomBytes(32).toString('base64'));
    await expect(restore(target, file)).rejects.toThrow(/wrong encryption key/);
    expect(existsSync(join(target.dataDir, 'files'))).toBe(false);
    if (!target.databaseUrl) expect(existsSync(join(target.dataDir, 'pg'))).toBe(false);
    else {
      const database = await openPostgres(target.databaseUrl, 1);
      const t = await rows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      await database.close();
      expect(t[0]?.n).toBe(0);
    }
  });

  it('refuses without any key when the backup holds none', async () => {
    const target = await newTarget('no-key', null);
    await expect(restore(target, file)).rejects.toThrow(BackupError);
    await expect(restore(target, file)).rejects.toThrow(/holds no key/);
  });

  it('with --include-key, restores on a new machine that has no key yet', async () => {
    const withKey = join(root, 'with-key.tar');
    const m = await backup(source, withKey, { includeKey: true });
    expect(m.keyIncluded).toBe(true);
    const target = await newTarget('new-machine', null);
    await restore(target, withKey);
    expect(readFileSync(join(target.dataDir, 'secret.key'), 'utf8')).toBe(keyB64);
    expect(await phonesOf(target)).toEqual(knownPhones);
  });

  it('refuses a target that holds data, and replaces it only with force', async () => {
    const target = await newTarget('busy');
    const database = await open(target);
    await database.migrate();
    await buildUser(database.db, cipher, [{ role: 'captain', unit: (await buildTree(database.db)).building }]);
    await database.close();
    await expect(restore(target, file)).rejects.toThrow(/already holds a database/);
    expect((await phonesOf(target)).length).toBe(1);
    const r = await restore(target, file, { force: true });
    expect(await phonesOf(target)).toEqual(knownPhones);
    if (!target.databaseUrl) {
      expect(r.movedAside).not.toBeNull();
      expect(existsSync(r.movedAside as string)).toBe(true);
    }
  });

  it('refuses a file that is not a backup', async () => {
    const junk = join(root, 'junk.tar');
    writeFileSync(junk, 'not a tar');
    await expect(readManifest(junk)).rejects.toThrow();
  });
});
