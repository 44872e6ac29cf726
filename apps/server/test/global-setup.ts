import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../src/platform/db';

/**
 * Migrates one template database per run; each test file then starts from a copy of it
 * (PGlite: a data-dir dump loaded into a fresh in-memory instance; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  const key = randomBytes(32).toString('base64');
  project.provide('encryptionKey', key);
  if (url) {
    const template = `lz_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    const db = await openPostgres(withDatabase(url, template), 2);
    await db.migrate();
    await db.close();
    project.provide('pgTemplate', template);
    project.provide('pgUrl', url);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${template}`).catch(() => {});
      await admin.end();
    };
  }
  const dir = join(process.cwd(), '.data-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `template-${process.pid}.tar.gz`);
  const db = await openPglite(undefined);
  await db.migrate();
  const dump = await (db.dump as () => Promise<Blob>)();
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  return () => rmSync(file, { force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    encryptionKey: string;
    pgTemplate: string;
    pgUrl: string;
    pgliteTemplate: string;
  }
}
