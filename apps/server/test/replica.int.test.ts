import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/platform/db';
import { WROTE_COOKIE } from '../src/platform/read-your-writes';
import { ReplicaReads } from '../src/platform/replica';
import { buildTree, buildUser, type Tree } from './factories';
import { login, startTestApp, type TestApp } from './harness';

/**
 * The read replica (docs/ARCHITECTURE.md#read-replica) against a real streaming replica of the PostgreSQL
 * server: `scripts/replica.sh start`, then DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/postgres
 * beside DATABASE_URL (.ci/run does both). Which server answered is made visible by pausing the replica's
 * replay: a write made meanwhile is on the primary only.
 */
const PRIMARY_URL = process.env.DATABASE_URL;
const REPLICA_URL = process.env.DATABASE_REPLICA_URL;
const SCRIPT = fileURLToPath(new URL('../../../scripts/replica.sh', import.meta.url));

if (!PRIMARY_URL) {
  describe('read replica with the embedded database', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('has none: every read goes to the one database, and no read-your-writes cookie is set', async () => {
      expect(t.services.reads.status()).toEqual({ configured: false, inUse: false, lagSeconds: null, reason: null });
      expect(t.services.reads.db()).toBe(t.database.db);
      expect(t.services.reads.db({ readsPrimary: false })).toBe(t.database.db);
      const tree = await buildTree(t.database.db);
      const u = await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { phone: u.phone, password: 'louzhang123' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.map((c) => c.name)).not.toContain(WROTE_COOKIE);
    });
  });
} else if (!REPLICA_URL) {
  describe('read replica', () => {
    // CI starts a replica for the PostgreSQL suite; without one there this is a failure, not a skip.
    it.skipIf(!process.env.CI)(
      'runs against a streaming replica (DATABASE_REPLICA_URL, scripts/replica.sh start)',
      () => {
        throw new Error(
          'DATABASE_REPLICA_URL is not set: CI must run the PostgreSQL suite with a replica (scripts/replica.sh start)',
        );
      },
    );
  });
} else {
  describe('read replica (streaming, PostgreSQL 15)', () => {
    let t: TestApp;
    let tree: Tree;
    let staff: string;
    let admin: pg.Client;
    let replicaAdmin: pg.Client;

    /** Waits (≤ 30 s) until the replica has replayed everything the primary has written so far. */
    async function caughtUp(): Promise<void> {
      const lsn = (await admin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]?.lsn;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = await replicaAdmin.query<{ ok: boolean }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [
          lsn,
        ]);
        if (r.rows[0]?.ok) return;
        if (Date.now() > deadline) throw new Error(`the replica did not replay up to ${lsn} in 30 s`);
        await new Promise((res) => setTimeout(res, 100));
      }
    }

    async function pauseReplay(): Promise<void> {
      await replicaAdmin.query('select pg_wal_replay_pause()');
      for (let i = 0; i < 100; i++) {
        const r = await replicaAdmin.query<{ s: string }>('select pg_get_wal_replay_pause_state() as s');
        if (r.rows[0]?.s === 'paused') return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('the replica did not pause its replay');
    }

    const resumeReplay = () => replicaAdmin.query('select pg_wal_replay_resume()');

    const listHouseholds = (cookie: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/households?orgUnitId=${tree.community.id}`, headers: { cookie } });

    /** The coverage dashboard's household count for the fixture's building (it has no captain: uncovered). */
    const coverageHouseholds = async (cookie: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/captains/coverage?orgUnitId=${tree.community.id}`,
        headers: { cookie },
      });
      expect(res.statusCode).toBe(200);
      return (res.json().uncovered as { id: number; households: number }[]).find((b) => b.id === tree.building.id)
        ?.households;
    };

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: PRIMARY_URL });
      await admin.connect();
      replicaAdmin = new pg.Client({ connectionString: REPLICA_URL });
      await replicaAdmin.connect();
      // A generous bound here: the routing test pauses replay for a moment and must still read the replica.
      t = await startTestApp({ DATABASE_REPLICA_MAX_LAG_SECONDS: '600' }, { replicaUrl: REPLICA_URL });
      tree = await buildTree(t.database.db);
      const u = await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
      staff = await login(t.app, u.phone);
      await caughtUp();
      expect((await t.services.reads.check()).inUse).toBe(true);
    });
    afterAll(async () => {
      await resumeReplay().catch(() => {});
      await t?.close();
      await admin?.end();
      await replicaAdmin?.end().catch(() => {});
    });

    it('reads a list from the replica, except for a caller who has just written (read-your-writes)', async () => {
      const reads = t.services.reads;
      // Which server a handle reaches: the replica is in recovery, the primary is not.
      const inRecovery = async (db: ReturnType<typeof reads.db>) =>
        (await rows<{ r: boolean }>(db, sql`select pg_is_in_recovery() as r`))[0]?.r;
      expect(await inRecovery(reads.db())).toBe(true);
      expect(await inRecovery(reads.db({ readsPrimary: true }))).toBe(false);

      // The fixture: the fresh community has no households.
      const before = await listHouseholds(staff);
      expect(before.statusCode).toBe(200);
      expect(before.json().total).toBe(0);
      expect(await coverageHouseholds(staff)).toBe(0);

      await pauseReplay();
      try {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/v1/households',
          payload: {
            buildingId: tree.building.id,
            floor: 2,
            room: '201',
            residents: [{ name: '谭伟明', relation: '户主' }],
          },
          headers: { cookie: staff },
        });
        expect(created.statusCode).toBe(201);
        const id = created.json().id as number;
        const wrote = created.cookies.find((c) => c.name === WROTE_COOKIE);
        expect(wrote).toBeDefined();
        expect(wrote?.maxAge).toBe(reads.readYourWritesSeconds);

        // The writer, carrying the cookie its write set: the list comes from the primary and shows the household.
        const mine = await listHouseholds(`${staff}; ${WROTE_COOKIE}=${wrote?.value}`);
        expect(mine.statusCode).toBe(200);
        expect(mine.json().total).toBe(1);
        expect(mine.json().items.map((h: { id: number }) => h.id)).toEqual([id]);

        // Without it (another colleague's browser): the list is the replica's, which has not replayed the write.
        const theirs = await listHouseholds(staff);
        expect(theirs.json().total).toBe(0);
        // The same for a dashboard: coverage counts the household for the writer, not yet for the colleague.
        expect(await coverageHouseholds(`${staff}; ${WROTE_COOKIE}=${wrote?.value}`)).toBe(1);
        expect(await coverageHouseholds(staff)).toBe(0);
        // A cookie older than the window counts for nothing.
        const stale = Date.now() - (reads.readYourWritesSeconds + 1) * 1000;
        expect((await listHouseholds(`${staff}; ${WROTE_COOKIE}=${stale}`)).json().total).toBe(0);

        // A detail page is always read from the primary.
        const detail = await t.app.inject({
          method: 'GET',
          url: `/api/v1/households/${id}`,
          headers: { cookie: staff },
        });
        expect(detail.statusCode).toBe(200);
      } finally {
        await resumeReplay();
      }
      await caughtUp();
      expect((await listHouseholds(staff)).json().total).toBe(1);
      expect(await coverageHouseholds(staff)).toBe(1);
    });

    it('leaves a replica lagging beyond the bound, and takes it back once it has caught up', async () => {
      const replica = t.replica;
      if (!replica) throw new Error('no replica');
      const reads = new ReplicaReads(t.database, replica, { maxLagSeconds: 1, checkEveryMs: 60_000 });
      // Other test files write meanwhile: the replica may be a moment behind, never beyond the bound.
      expect(await reads.check()).toMatchObject({ inUse: true, reason: null });
      await pauseReplay();
      try {
        await buildTree(t.database.db); // a write the replica receives but does not replay
        await new Promise((res) => setTimeout(res, 1_500));
        const s = await reads.check();
        expect(s).toMatchObject({ configured: true, inUse: false, reason: 'lagging' });
        expect(s.lagSeconds).toBeGreaterThan(1);
        expect(reads.db()).toBe(t.database.db);
      } finally {
        await resumeReplay();
      }
      await caughtUp();
      // The lag is measured as the age of the last transaction replayed while WAL waits to be replayed: just
      // after catching up that is the paused write's, 1.5 s old, if other test files' WAL has arrived
      // meanwhile. The next check after their WAL is replayed measures the replica as current.
      let back = await reads.check();
      for (const deadline = Date.now() + 10_000; !back.inUse && Date.now() < deadline; ) {
        await new Promise((res) => setTimeout(res, 100));
        back = await reads.check();
      }
      expect(back).toMatchObject({ inUse: true, reason: null });
      expect(back.lagSeconds).toBeLessThanOrEqual(1);
      expect(reads.db()).toBe(replica.db);
    });

    it('falls back to the primary when the replica is stopped, shows it in health and metrics, and recovers', async () => {
      await replicaAdmin.end();
      execFileSync('bash', [SCRIPT, 'stop'], { stdio: 'pipe', timeout: 90_000 });
      try {
        // The app still believes the replica is in use: the read fails there and is run again on the primary.
        expect(t.services.reads.status().inUse).toBe(true);
        const res = await listHouseholds(staff);
        expect(res.statusCode).toBe(200);
        expect(res.json().total).toBe(1);
        expect(t.services.reads.status()).toMatchObject({ inUse: false, reason: 'down' });

        await t.services.reads.check();
        const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
        expect(health.statusCode).toBe(200);
        expect(health.json()).toMatchObject({
          status: 'degraded',
          dbOk: true,
          replica: { inUse: false, reason: 'down' },
        });
        const metrics = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
        expect(metrics.body).toMatch(/^louzhang_db_replica_in_use 0$/m);
        expect(metrics.body).toMatch(/^louzhang_db_replica_lag_seconds -1$/m);
      } finally {
        execFileSync('bash', [SCRIPT, 'start'], { stdio: 'pipe', timeout: 90_000 });
        replicaAdmin = new pg.Client({ connectionString: REPLICA_URL });
        await replicaAdmin.connect();
      }
      await caughtUp();
      expect(await t.services.reads.check()).toMatchObject({ inUse: true, reason: null });
      const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(health.json().replica).toMatchObject({ inUse: true, reason: null });
      expect((await listHouseholds(staff)).json().total).toBe(1);
    });
  });
}
