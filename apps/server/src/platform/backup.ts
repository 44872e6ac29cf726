import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as tar from 'tar';
import { PiiCipher } from './crypto';
import { type Database, openPglite } from './db';
import { VERSION } from './version';

/**
 * Backup and restore of a whole installation: the database, the uploaded files and (only when asked)
 * the encryption key. One plain tar file:
 *
 *   manifest.json    what is inside: engine, version, migrations, row counts, the key's fingerprint
 *   db.pgdump        PostgreSQL: pg_dump's custom format, taken in the same snapshot as the counts
 *   db.pglite.tgz    embedded: PGlite's data folder, dumped while we hold its lock
 *   files/…          uploaded photos (content-addressed, so restoring over existing ones is harmless)
 *   secret.key       the master key, only with --include-key
 *
 * A restore checks the key first (fingerprint against the one it will run with) and touches nothing
 * when it does not match: data encrypted under another key is unreadable, and finding out after the
 * old database was replaced would be too late.
 */

export interface Target {
  /** PostgreSQL URL, or undefined for the embedded database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** The configured master key (base64), if any; else `dataDir/secret.key`. */
  readonly configuredKey: string | undefined;
}

export interface Manifest {
  readonly format: 'louzhang-backup/1';
  readonly createdAt: string;
  readonly version: string;
  readonly engine: 'postgres' | 'pglite';
  readonly migrations: number;
  readonly keyFingerprint: string;
  readonly keyIncluded: boolean;
  readonly files: number;
  readonly rowCounts: Record<string, number>;
}

export class BackupError extends Error {}

const KEY_FILE = 'secret.key';

export function keyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('louzhang/backup/key-fingerprint/v1').digest('hex').slice(0, 16);
}

/** The key this target runs with, or null when there is none yet (a new machine without a configured key). */
export function targetKey(t: Target): Buffer | null {
  if (t.configuredKey) return Buffer.from(t.configuredKey, 'base64');
  const file = join(t.dataDir, KEY_FILE);
  return existsSync(file) ? Buffer.from(readFileSync(file, 'utf8').trim(), 'base64') : null;
}

interface Queryable {
  query<R extends pg.QueryResultRow>(text: string): Promise<{ rows: R[] }>;
}

const COUNT_TABLES = `SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;

async function rowCounts(q: Queryable): Promise<Record<string, number>> {
  const tables = await q.query<{ table_name: string }>(COUNT_TABLES);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const r = await q.query<{ n: string | number }>(`SELECT count(*) AS n FROM "${table_name.replaceAll('"', '""')}"`);
    counts[table_name] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

async function migrationCount(q: Queryable): Promise<number> {
  const r = await q.query<{ n: string | number }>(
    `SELECT CASE WHEN to_regclass('drizzle.__drizzle_migrations') IS NULL THEN 0
       ELSE (SELECT count(*) FROM drizzle.__drizzle_migrations) END AS n`,
  );
  return Number(r.rows[0]?.n ?? 0);
}

async function countFiles(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && !e.name.endsWith('.tmp')).length;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) =>
      reject(new BackupError(`${cmd} could not run (${e.message}); install the PostgreSQL client tools`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${cmd} failed (exit ${code}): ${err.trim()}`)),
    );
  });
}

/** The counting queries over Drizzle, for the embedded engine (which has no pg.Client). */
function queryableOf(database: Database): Queryable {
  return {
    query: async <R extends pg.QueryResultRow>(text: string) =>
      (await database.db.execute(sql.raw(text))) as unknown as { rows: R[] },
  };
}

export async function backup(t: Target, out: string, opts: { includeKey?: boolean } = {}): Promise<Manifest> {
  const key = targetKey(t);
  if (!key) throw new BackupError('no encryption key found: nothing has been stored here yet');
  const stage = await mkdtemp(join(tmpdir(), 'louzhang-backup-'));
  try {
    let engine: Manifest['engine'];
    let counts: Record<string, number>;
    let migrations: number;
    if (t.databaseUrl) {
      engine = 'postgres';
      // Counts and dump read the same snapshot, so the manifest describes exactly what the dump holds
      // even while the server keeps writing.
      const client = new pg.Client({ connectionString: t.databaseUrl });
      await client.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snap = await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s');
        counts = await rowCounts(client);
        migrations = await migrationCount(client);
        await run('pg_dump', [
          '--format=custom',
          '--no-owner',
          '--no-privileges',
          `--snapshot=${snap.rows[0]?.s}`,
          `--file=${join(stage, 'db.pgdump')}`,
          `--dbname=${t.databaseUrl}`,
        ]);
        await client.query('COMMIT');
      } finally {
        await client.end();
      }
    } else {
      engine = 'pglite';
      // Opening takes the data folder's lock: a running server makes this fail with a clear message.
      const database = await openPglite(t.dataDir);
      try {
        const q = queryableOf(database);
        counts = await rowCounts(q);
        migrations = await migrationCount(q);
        const blob = await (database.dump as () => Promise<Blob>)();
        writeFileSync(join(stage, 'db.pglite.tgz'), Buffer.from(await blob.arrayBuffer()));
      } finally {
        await database.close();
      }
    }
    const filesDir = join(t.dataDir, 'files');
    const entries = ['manifest.json', engine === 'postgres' ? 'db.pgdump' : 'db.pglite.tgz'];
    if (existsSync(filesDir)) {
      symlinkSync(filesDir, join(stage, 'files'));
      entries.push('files');
    }
    if (opts.includeKey) {
      writeFileSync(join(stage, KEY_FILE), key.toString('base64'), { mode: 0o600 });
      entries.push(KEY_FILE);
    }
    const manifest: Manifest = {
      format: 'louzhang-backup/1',
      createdAt: new Date().toISOString(),
      version: VERSION,
      engine,
      migrations,
      keyFingerprint: keyFingerprint(key),
      keyIncluded: Boolean(opts.includeKey),
      files: await countFiles(filesDir),
      rowCounts: counts,
    };
    writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    mkdirSync(dirname(out), { recursive: true });
    const partial = `${out}.partial`;
    await tar.create({ file: partial, cwd: stage, follow: true, portable: true, filter: notTemp }, entries);
    renameSync(partial, out);
    return manifest;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

const notTemp = (path: string) => !path.endsWith('.tmp');

export async function readManifest(file: string): Promise<Manifest> {
  let text = '';
  await tar.t({
    file,
    filter: (p) => p === 'manifest.json',
    onReadEntry: (e) => {
      e.on('data', (d: Buffer) => {
        text += d.toString('utf8');
      });
    },
  });
  if (!text) throw new BackupError(`${file} is not a louzhang backup (no manifest.json)`);
  const m = JSON.parse(text) as Manifest;
  if (m.format !== 'louzhang-backup/1') throw new BackupError(`unknown backup format ${String(m.format)}`);
  return m;
}

export interface RestoreResult {
  readonly manifest: Manifest;
  readonly movedAside: string | null;
  readonly rowCounts: Record<string, number>;
}

/**
 * Restores `file` into the target. Refuses, before changing anything, when the key does not match or
 * the target already holds data (unless `force`: then PostgreSQL's schemas are dropped and the
 * embedded data folder is moved aside, never deleted).
 */
export async function restore(t: Target, file: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  const manifest = await readManifest(file);
  if (Boolean(t.databaseUrl) !== (manifest.engine === 'postgres')) {
    throw new BackupError(
      `this backup holds a ${manifest.engine} database; restore it into the same kind (set or unset DATABASE_URL)`,
    );
  }
  const stage = join(t.dataDir, `.restore-${process.pid}-${Date.now()}`);
  mkdirSync(stage, { recursive: true });
  try {
    await tar.x({ file, cwd: stage, preservePaths: false });
    // 1. The key, before anything is touched.
    let key = targetKey(t);
    const shipped = existsSync(join(stage, KEY_FILE))
      ? Buffer.from(readFileSync(join(stage, KEY_FILE), 'utf8').trim(), 'base64')
      : null;
    if (!key && !shipped) {
      throw new BackupError(
        `the backup was encrypted with key ${manifest.keyFingerprint} and holds no key: set LOUZHANG_ENCRYPTION_KEY ` +
          `to that key (or put it in ${join(t.dataDir, KEY_FILE)}) and run the restore again / 缺少加密密钥`,
      );
    }
    if (key && keyFingerprint(key) !== manifest.keyFingerprint) {
      throw new BackupError(
        `wrong encryption key: the backup needs key ${manifest.keyFingerprint}, this installation has ` +
          `${keyFingerprint(key)}. Nothing was changed. / 加密密钥不符，未做任何更改`,
      );
    }
    // 2. The database.
    let movedAside: string | null = null;
    let counts: Record<string, number>;
    if (t.databaseUrl) {
      counts = await restorePostgres(t.databaseUrl, join(stage, 'db.pgdump'), Boolean(opts.force));
    } else {
      const pgDir = join(t.dataDir, 'pg');
      if (existsSync(pgDir) && (await readdir(pgDir)).length > 0) {
        if (!opts.force) throw notEmpty(t.dataDir);
        movedAside = `${pgDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(pgDir, movedAside);
      }
      const blob = new Blob([readFileSync(join(stage, 'db.pglite.tgz'))]);
      const database = await openPglite(t.dataDir, { loadDataDir: blob });
      try {
        counts = await rowCounts(queryableOf(database));
      } finally {
        await database.close();
      }
    }
    // 3. Files and the key.
    if (existsSync(join(stage, 'files'))) {
      cpSync(join(stage, 'files'), join(t.dataDir, 'files'), { recursive: true, force: false });
    }
    if (!key && shipped) {
      writeFileSync(join(t.dataDir, KEY_FILE), shipped.toString('base64'), { mode: 0o600, flag: 'wx' });
      key = shipped;
    }
    // 4. Verify: the rows the manifest promised, and that personal data decrypts with the key.
    const diff = Object.entries(manifest.rowCounts).filter(([table, n]) => counts[table] !== n);
    if (diff.length > 0) {
      throw new BackupError(
        `restored row counts differ from the backup's manifest: ${diff
          .map(([table, n]) => `${table} ${counts[table]} ≠ ${n}`)
          .join(', ')}`,
      );
    }
    await checkDecrypts(t, key as Buffer);
    return { manifest, movedAside, rowCounts: counts };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function notEmpty(where: string): BackupError {
  return new BackupError(
    `${where} already holds a database; restore into an empty one, or pass --force to replace it ` +
      '(PostgreSQL: its tables are dropped; embedded: the old folder is moved aside) / 目标库非空',
  );
}

async function restorePostgres(url: string, dump: string, force: boolean): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const existing = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema IN ('public', 'drizzle')`,
    );
    if (Number(existing.rows[0]?.n) > 0) {
      if (!force) throw notEmpty(new URL(url).pathname.slice(1) || 'the database');
      await client.query('DROP SCHEMA IF EXISTS drizzle CASCADE');
      await client.query('DROP SCHEMA public CASCADE');
      await client.query('CREATE SCHEMA public');
    }
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${url}`, dump]);
    return await rowCounts(client);
  } finally {
    await client.end();
  }
}

/** One encrypted value from the users table must decrypt: proof that the data and the key belong together. */
async function checkDecrypts(t: Target, key: Buffer): Promise<void> {
  const cipher = new PiiCipher(key);
  let sample: string | undefined;
  if (t.databaseUrl) {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      sample = (await client.query<{ p: string }>('SELECT phone_enc AS p FROM users ORDER BY id LIMIT 1')).rows[0]?.p;
    } finally {
      await client.end();
    }
  } else {
    const database = await openPglite(t.dataDir);
    try {
      const r = await queryableOf(database).query<{ p: string }>(
        'SELECT phone_enc AS p FROM users ORDER BY id LIMIT 1',
      );
      sample = r.rows[0]?.p;
    } finally {
      await database.close();
    }
  }
  if (!sample) return;
  try {
    cipher.decrypt(sample);
  } catch {
    throw new BackupError('restored data does not decrypt with this key');
  }
}

export const backupFileName = (now = new Date()) =>
  `louzhang-${now
    .toISOString()
    .slice(0, 19)
    .replace(/[-:T]/g, '')
    .replace(/^(\d{8})/, '$1-')}.tar`;
