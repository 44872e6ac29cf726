import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type Services } from '../src/app';
import { FakeClock } from '../src/platform/clock';
import { type Config, loadConfig } from '../src/platform/config';
import { PiiCipher } from '../src/platform/crypto';
import { type Database, openPglite, openPostgres } from '../src/platform/db';
import { type BlobStore, LocalDiskStore } from '../src/platform/files';
import type { JobRunner } from '../src/platform/jobs';
import { withDatabase } from './global-setup';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  jobs: JobRunner;
  database: Database;
  clock: FakeClock;
  cipher: PiiCipher;
  config: Config;
  /** The app's blob store (photos, queued imports, error files), on a temporary folder. */
  store: BlobStore;
  /** The streaming replica's copy of `database`, when the app was started with `replicaUrl`. */
  replica?: Database;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template, for one test file. */
export async function freshDatabase(
  poolSize = 5,
): Promise<{ database: Database; name?: string; drop(): Promise<void> }> {
  const template = inject('pgTemplate');
  if (template) {
    const url = inject('pgUrl');
    const name = `lz_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const database = await openPostgres(withDatabase(url, name), poolSize);
    return {
      database,
      name,
      async drop() {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
  const database = await openPglite(undefined, { loadDataDir: blob });
  return { database, drop: () => database.close() };
}

/**
 * `poolSize`: connections to PostgreSQL (concurrency tests want ≥ 10); PGlite has one whatever it says.
 * `replicaUrl`: a streaming replica of the PostgreSQL server (DATABASE_REPLICA_URL) whose copy of the fresh
 * database the app reads lag-tolerant reads from, once the replica has it.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { poolSize?: number; replicaUrl?: string } = {},
): Promise<TestApp> {
  const { database, name, drop } = await freshDatabase(opts.poolSize);
  let replica: Database | undefined;
  if (opts.replicaUrl) {
    if (!name) throw new Error('a replica needs PostgreSQL (DATABASE_URL)');
    const url = withDatabase(opts.replicaUrl, name);
    replica = await openReplicaOf(url);
    env = { DATABASE_URL: withDatabase(inject('pgUrl'), name), DATABASE_REPLICA_URL: url, ...env };
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOUZHANG_ENCRYPTION_KEY: inject('encryptionKey'),
    SEED_ON_EMPTY: 'false',
    JOBS_ENABLED: 'false',
    // In-process requests follow each other within microseconds, before a change's notification could
    // arrive: tests read every session unless they test the cache (session-cache.int.test.ts).
    SESSION_CACHE_SECONDS: '0',
    // Intake's routing cache likewise (report-routing-cache.int.test.ts tests it).
    ROUTING_CACHE_SECONDS: '0',
    // And the mall's sold-out cache (mall-sold-out-cache.int.test.ts tests it).
    SOLD_OUT_CACHE_SECONDS: '0',
    ...env,
  });
  const clock = new FakeClock();
  const cipher = new PiiCipher(Buffer.from(inject('encryptionKey'), 'base64'));
  const filesDir = mkdtempSync(join(tmpdir(), 'louzhang-files-'));
  const store = new LocalDiskStore(filesDir);
  const { app, services, jobs } = await buildApp({ config, database, replica, clock, cipher, store });
  await app.ready();
  return {
    app,
    services,
    jobs,
    database,
    clock,
    cipher,
    config,
    store,
    ...(replica ? { replica } : {}),
    async close() {
      await jobs.stop();
      await app.close();
      await replica?.close();
      await drop();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** The replica's copy of a database just created on the primary: waits (≤ 30 s) for it to be replayed. */
async function openReplicaOf(url: string): Promise<Database> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await c.connect();
      await c.end();
      return await openPostgres(url, 3, { connectTimeoutMs: 2_000 });
    } catch (err) {
      await c.end().catch(() => {});
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Signs in through the API and returns the session cookie header value. */
export async function login(app: FastifyInstance, phone: string, password = 'louzhang123'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password } });
  if (res.statusCode !== 200) throw new Error(`login ${phone} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'lz_session');
  if (!cookie) throw new Error('no session cookie');
  return `lz_session=${cookie.value}`;
}

/** A multipart/form-data body with one file, for app.inject. */
export function multipartFile(
  field: string,
  filename: string,
  content: Buffer,
  contentType = 'application/octet-stream',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----louzhang${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
