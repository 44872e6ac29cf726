import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, behindTheCachesBack } from '../../../test/behind-the-back';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/**
 * The session cache (docs/rules.md#session-cache). Which answer came from memory is made visible by changing
 * the database behind the cache's back: with `session_replication_role = replica` the triggers that notify
 * the server do not fire, so only a cached session still shows the old role. A change made the normal way
 * must reach the server within moments; a lost LISTEN connection and an expired entry must make it read again.
 */
const ON_POSTGRES = !!process.env.DATABASE_URL;
const STAFF_ONLY = '/api/v1/households';

let t: TestApp;
let tree: Tree;
let admin: pg.Client | null = null;

beforeAll(async () => {
  t = await startTestApp({ SESSION_CACHE_SECONDS: '30' }, { poolSize: 4 });
  tree = await buildTree(t.database.db);
  if (ON_POSTGRES) admin = await adminClient(t.database.db);
});
afterAll(async () => {
  await admin?.end();
  await t.close();
});

const status = async (cookie: string) =>
  (await t.app.inject({ method: 'GET', url: STAFF_ONLY, headers: { cookie } })).statusCode;

/** Polls until the request answers `want` (≤ 3 s): a notification takes a moment to arrive. */
async function eventually(cookie: string, want: number): Promise<number> {
  const deadline = Date.now() + 3_000;
  let got = await status(cookie);
  while (got !== want && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    got = await status(cookie);
  }
  return got;
}

async function staffWithCookie(): Promise<{ id: number; cookie: string }> {
  const u = await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
  return { id: u.id, cookie: await login(t.app, u.phone) };
}

async function listening(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const r = await admin?.query(`select count(*)::int as n from pg_stat_activity where query = 'listen lz_auth'
                                     and datname = current_database()`);
    if (r?.rows[0]?.n === 1) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('the server never listened');
}

if (ON_POSTGRES) {
  describe('session cache on PostgreSQL', () => {
    beforeAll(() => listening());

    it('serves a session from memory: a role removed behind its back still works', async () => {
      const s = await staffWithCookie();
      expect(await status(s.cookie)).toBe(200);
      await behindTheCachesBack(admin, 'delete from role_bindings where user_id = $1', [s.id]);
      expect(await status(s.cookie)).toBe(200);
    });

    it('forgets a user as soon as a change of their roles is notified', async () => {
      const s = await staffWithCookie();
      expect(await status(s.cookie)).toBe(200);
      await admin?.query('delete from role_bindings where user_id = $1', [s.id]);
      expect(await eventually(s.cookie, 403)).toBe(403);
    });

    it('forgets on a disabled user and on a session revoked elsewhere', async () => {
      const a = await staffWithCookie();
      const b = await staffWithCookie();
      expect(await status(a.cookie)).toBe(200);
      expect(await status(b.cookie)).toBe(200);
      await admin?.query('update users set disabled_at = now() where id = $1', [a.id]);
      await admin?.query('update sessions set revoked_at = now() where user_id = $1', [b.id]);
      expect(await eventually(a.cookie, 401)).toBe(401);
      expect(await eventually(b.cookie, 401)).toBe(401);
    });

    it('ends a session at once on logout, without waiting for the notification', async () => {
      const s = await staffWithCookie();
      expect(await status(s.cookie)).toBe(200);
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: s.cookie } });
      expect(out.statusCode).toBeLessThan(300);
      expect(await status(s.cookie)).toBe(401);
    });

    it('forgets everyone when an org unit changes', async () => {
      const s = await staffWithCookie();
      expect(await status(s.cookie)).toBe(200);
      await behindTheCachesBack(admin, 'delete from role_bindings where user_id = $1', [s.id]);
      // Renaming the unit notifies '*': the removed binding shows even though it was never notified.
      await admin?.query(`update org_units set name = name || '·' where id = $1`, [tree.community.id]);
      expect(await eventually(s.cookie, 403)).toBe(403);
    });

    it('reads every session again once an entry is older than its time to live', async () => {
      const s = await staffWithCookie();
      expect(await status(s.cookie)).toBe(200);
      await behindTheCachesBack(admin, 'delete from role_bindings where user_id = $1', [s.id]);
      expect(await status(s.cookie)).toBe(200);
      t.clock.advance(31_000);
      expect(await status(s.cookie)).toBe(403);
    });

    it('serves nothing from memory after losing its LISTEN connection, until it listens again', async () => {
      const s = await staffWithCookie();
      expect(await status(s.cookie)).toBe(200);
      await admin?.query(`select pg_terminate_backend(pid) from pg_stat_activity
                         where query = 'listen lz_auth' and datname = current_database()`);
      await behindTheCachesBack(admin, 'delete from role_bindings where user_id = $1', [s.id]);
      // Lost: the cached session is forgotten (reconnecting a second later forgets again).
      expect(await eventually(s.cookie, 403)).toBe(403);
      await listening();
      const again = await staffWithCookie();
      expect(await status(again.cookie)).toBe(200);
      await behindTheCachesBack(admin, 'delete from role_bindings where user_id = $1', [again.id]);
      expect(await status(again.cookie)).toBe(200);
    });
  });
} else {
  describe('session cache on the embedded database', () => {
    it('is off: every request reads its session, so a change shows at once', async () => {
      const s = await staffWithCookie();
      expect(await status(s.cookie)).toBe(200);
      await t.database.db.execute(sql`delete from role_bindings where user_id = ${s.id}`);
      expect(await status(s.cookie)).toBe(403);
    });
  });
}
