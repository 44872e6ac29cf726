import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, openPglite, rows } from './db';

// The embedded mode's own guarantees; they hold whatever DATABASE_URL says.
describe('embedded database folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'louzhang-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across a restart', async () => {
    const first = await openPglite(dir);
    await first.migrate();
    await first.db.execute(sql`insert into org_units (kind, name, path, depth) values ('city', '江门市', '/x/', 0)`);
    await first.close();

    const second = await openPglite(dir);
    await second.migrate();
    const found = await rows<{ name: string }>(second.db, sql`select name from org_units`);
    expect(found).toEqual([{ name: '江门市' }]);
    await second.close();
  });

  it('refuses a second process on the same folder while the first is open', async () => {
    const first = await openPglite(dir);
    // A lock file naming a live pid other than ours stands for "another process".
    const { writeFileSync } = await import('node:fs');
    await first.close();
    writeFileSync(join(dir, 'louzhang.lock'), String(process.ppid));
    await expect(openPglite(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(openPglite(dir)).rejects.toThrow(/in use by another louzhang process/);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const { existsSync, readFileSync, writeFileSync } = await import('node:fs');
    const lock = join(dir, 'louzhang.lock');
    writeFileSync(lock, '999999');
    const db = await openPglite(dir);
    // The lock is ours now, and the data behind it is there.
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    expect(await rows<{ n: number }>(db.db, sql`select 1 as n`)).toEqual([{ n: 1 }]);
    await db.close();
    expect(existsSync(lock)).toBe(false);
  });
});
