import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgDialect, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from '../db/schema';
import { ConnectionKeepingPool } from './pg-pool';
import { compileSql } from './sql-text';

export type Schema = typeof schema;
/** A database or a transaction: Drizzle's transaction type extends its database type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DbKind;
  readonly db: Db;
  /** Runs pending migrations (under an advisory lock on PostgreSQL, so several instances may start at once). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Connections of the pool by state (PGlite: one, never waiting as far as we can see). */
  poolStats(): { total: number; idle: number; waiting: number };
  /** PGlite only: the data directory as a tarball, to clone a migrated template in tests. */
  dump?(): Promise<Blob>;
}

const MIGRATIONS = fileURLToPath(new URL('../db/migrations', import.meta.url));

/**
 * int8 and numeric arrive as strings from node-postgres and as numbers from PGlite. Every value we
 * keep in them (ids, counts, points, floor areas) fits a double, so both engines parse to numbers here
 * and nowhere else.
 */
const toNumber = (v: string) => Number(v);
const NUMERIC_OIDS = [20, 1700] as const;

/**
 * `connectTimeoutMs`: how long a new connection may take (unbounded unless given; the read replica's pool
 * bounds it, so a replica that went away sends its reads to the primary within that time).
 */
export async function openPostgres(
  url: string,
  poolSize: number,
  opts: { connectTimeoutMs?: number } = {},
): Promise<Database> {
  // Drizzle passes its own per-query type overrides and falls back to pg's global parsers, so a
  // pool-level `types` would be bypassed: the global registry is the one place that always applies.
  for (const oid of NUMERIC_OIDS) pg.types.setTypeParser(oid, toNumber);
  const pool = new ConnectionKeepingPool({
    connectionString: url,
    max: poolSize,
    // No JIT: compiling a statement whose estimated cost passes jit_above_cost took ~50 ms on every run of
    // the dashboard's figures (estimated high, run in 4 ms) — more than any statement here needs to run.
    options: '-c jit=off',
    ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  POOLS.set(db, pool);
  return {
    kind: 'postgres',
    db,
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(727274)');
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/** Embedded PostgreSQL in `dir` (or in memory with `dir` undefined, for tests). */
export async function openPglite(dir: string | undefined, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  let release = () => {};
  if (dir) {
    mkdirSync(dir, { recursive: true });
    release = lockDataDir(dir);
  }
  try {
    const client = await PGlite.create({
      ...(dir ? { dataDir: join(dir, 'pg') } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      parsers: Object.fromEntries(NUMERIC_OIDS.map((oid) => [oid, toNumber])),
    });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    return {
      kind: 'pglite',
      db,
      migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS }),
      dump: async () => client.dumpDataDir('gzip'),
      poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
      async close() {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

export class DataDirLockedError extends Error {}

/**
 * PGlite has no lock of its own: two processes on one folder both start and corrupt it silently
 * (seen in testing: duplicate primary keys). A lock file holding our pid refuses the second; a lock left by a process
 * that is gone (SIGKILL) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = join(dir, 'louzhang.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(
          `The data folder ${dir} is in use by another louzhang process (pid ${pid}). ` +
            `Stop it first, or set LOUZHANG_DATA_DIR to another folder. / 数据目录正被另一个进程（pid ${pid}）使用。`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A data-modifying statement (INSERT, UPDATE, DELETE) built but not sent, so several can go to the
 * database in one round trip (`writeAll`). Repositories build them; services only pass them on.
 */
export type Write = SQL;

/** A piece of SQL one module's repository lends another's statement (a predicate, say), passed on opaque. */
export type Fragment = SQL;

/**
 * Sends `writes` as one statement, each one a data-modifying CTE (`with w0 as (…), w1 as (…) select 1`):
 * atomic on its own, so it needs no transaction, and one round trip however many rows it writes. All of
 * them see the same snapshot and none sees another's rows, so a write may not depend on a sibling's
 * effect; foreign keys and constraint triggers are checked at the end of the statement, when every row is
 * there (ids that rows refer to are drawn beforehand: `nextval` as a column of the use case's read).
 */
export async function writeAll(db: Db, writes: readonly Write[], guards: readonly Guard[] = []): Promise<void> {
  if (writes.length === 0 && guards.length === 0) return;
  if (writes.length === 1 && guards.length === 0) {
    await preparedRows(db, writes[0] as SQL);
    return;
  }
  const ctes = [
    ...guards.map((g, i) => sql`${sql.raw(`g${i}`)} as (${g.write})`),
    ...writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
  ];
  // A guard that changed no row fails the statement (so nothing of it is written) with an error naming it:
  // the cast of 'louzhang_guard:<name>:0' to int, evaluated only for a guard whose count is 0.
  const check = guards.length
    ? sql.join(
        guards.map(
          (g, i) =>
            sql`select (${`${GUARD_PREFIX}${g.name}:`}::text || n)::int from (select count(*) as n from ${sql.raw(`g${i}`)}) x where n = 0`,
        ),
        sql` union all `,
      )
    : sql`select 1`;
  await preparedRows(db, sql`with ${sql.join(ctes, sql`, `)} ${check}`);
}

/**
 * A compare-and-set among the writes of one statement: an UPDATE … RETURNING that must change a row, or
 * nothing of the statement is written and `writeAll` fails with an error `guardFailed` names.
 */
export interface Guard {
  readonly name: string;
  readonly write: Write;
}

const GUARD_PREFIX = 'louzhang_guard:';

/** The name of the guard that failed a `writeAll`, if that is what failed it. */
export function guardFailed(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    // The database's own error (invalid_text_representation), not a wrapper quoting the statement's parameters.
    if (code === '22P02' && typeof message === 'string') {
      const m = new RegExp(`"${GUARD_PREFIX}([a-z_]+):0"`).exec(message);
      return m?.[1];
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The constraint a database error names (unique, check, foreign key), looking through Drizzle's wrapper. */
export function pgConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const POOLS = new WeakMap<object, pg.Pool>();
/** Statement text → name, for `preparedRows`; capped, so a statement built with varying text cannot fill backends. */
const NAMED = new Map<string, string>();
const MAX_NAMED = 300;

/**
 * Rows of a statement sent as a named prepared statement on PostgreSQL: each connection parses and plans
 * it once (a generic plan after a few runs) instead of on every request — planning the hot paths'
 * multi-CTE statements cost more than running them (2–9 ms against 0.2–1.5 ms measured). Used by the
 * session lookup, the hot use cases' reads and `writeAll`. On PGlite, in a transaction, or past
 * `MAX_NAMED` distinct texts it runs as `rows` does.
 */
export async function preparedRows<T>(db: Db, query: SQL): Promise<T[]> {
  const pool = POOLS.get(db);
  if (!pool) return rows<T>(db, query);
  const res = await pool.query(namedQuery(db, query));
  return res.rows as T[];
}

function namedQuery(db: Db, query: SQL): { name?: string; text: string; values: unknown[] } {
  const dialect = (db as unknown as { dialect: PgDialect }).dialect;
  const { sql: text, params } = textOf(query, dialect);
  let name = NAMED.get(text);
  if (name === undefined && NAMED.size < MAX_NAMED) {
    name = `lz_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    NAMED.set(text, name);
  }
  return name ? { name, text, values: params } : { text, values: params };
}

const CHECK_TEXT = process.env.VITEST !== undefined;

/** The statement's text and parameters: `compileSql`'s one pass, or Drizzle's where that gives up. */
function textOf(query: SQL, dialect: PgDialect): { sql: string; params: unknown[] } {
  const fast = compileSql(query, dialect);
  if (!fast) return dialect.sqlToQuery(query);
  if (CHECK_TEXT) {
    const slow = dialect.sqlToQuery(query);
    if (slow.sql !== fast.sql || !isDeepStrictEqual(slow.params, fast.params)) {
      throw new Error(`compileSql differs from Drizzle's sqlToQuery for: ${slow.sql}`);
    }
  }
  return fast;
}

/** Rows of a raw SQL statement, the same on both engines. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

const RETRYABLE = new Set(['40001', '40P01']);

/** Runs `fn` in a transaction, retrying it whole on a serialization failure or deadlock. */
export function transaction<T>(db: Db, fn: (tx: Db) => Promise<T>, attempts = 5): Promise<T> {
  return retryingConflicts(() => db.transaction((tx) => fn(tx as unknown as Db)), attempts);
}

/**
 * Runs `attempt` again, after a short random pause, when the database broke a deadlock or a serialization
 * conflict by failing it: such a failure rolled back everything the attempt wrote, so it may run whole again.
 */
export async function retryingConflicts<T>(attempt: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      const code = pgCode(err);
      if (!code || !RETRYABLE.has(code) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}

/** The SQLSTATE of a database error, looking through Drizzle's wrapper. */
export function pgCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export { sql };

/** A LISTEN on its own connection: stop() ends it. */
export interface Listening {
  stop(): Promise<void>;
}

/**
 * LISTENs to `channel` on a connection of its own (PostgreSQL only: null on PGlite, where one process is
 * the only writer). `onMessage` gets each payload; `onState(true)` once listening, `onState(false)` when the
 * connection is lost — notifications sent meanwhile are gone, so a listener that caches must forget then.
 * It reconnects by itself, a second apart, until stopped.
 */
export function listen(
  db: Db,
  channel: string,
  onMessage: (payload: string) => void,
  onState: (listening: boolean) => void,
): Listening | null {
  const pool = POOLS.get(db);
  if (!pool) return null;
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    retry = null;
    const c = new pg.Client(pool.options);
    client = c;
    const lost = () => {
      if (client !== c) return;
      client = null;
      onState(false);
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(connect, 1000).unref();
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
      if (stopped) return void c.end().catch(() => {});
      onState(true);
    } catch {
      lost();
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
}
