import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminClient, behindTheCachesBack } from '../../../test/behind-the-back';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { besidesSession, statementsSent } from '../../../test/statements';
import { rows } from '../../platform/db';

/**
 * Intake's routing cache (docs/ARCHITECTURE.md#intake-routing-cache). Which answer came from memory is made
 * visible by changing the database behind the cache's back: with `session_replication_role = replica` the
 * triggers that notify the server do not fire, so only a cached routing still sends the report to the
 * captain who is gone. A change made the normal way must reach the server within moments. Residency is
 * never taken from memory: the one statement checks it and writes nothing without it.
 */
const ON_POSTGRES = !!process.env.DATABASE_URL;

let t: TestApp;
let tree: Tree;
let admin: pg.Client | null = null;
let resident: { id: number; cookie: string };
let captainId: number;
let categoryId: number;
let n = 0;

beforeAll(async () => {
  t = await startTestApp({ ROUTING_CACHE_SECONDS: '600' }, { poolSize: 4 });
  const db = t.database.db;
  tree = await buildTree(db);
  resident = await newResident();
  captainId = (await buildUser(db, t.cipher, [{ role: 'captain', unit: tree.building }], '楼长老陈')).id;
  await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: tree.grid }], '网格员小刘');
  const [c] = await rows<{ id: number }>(db, sql`select id from report_categories where code = 'repair.door_lock'`);
  categoryId = Number(c?.id);
  if (ON_POSTGRES) admin = await adminClient(db);
});
afterAll(async () => {
  await admin?.end();
  await t.close();
});

/** A resident of the building, signed in (each may file 30 reports a minute: the tests spread theirs). */
async function newResident(): Promise<{ id: number; cookie: string }> {
  const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: tree.building }]);
  return { id: u.id, cookie: await login(t.app, u.phone) };
}

const file = (cookie = resident.cookie, key?: string, description = `楼道灯不亮 ${++n}`) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    payload: { buildingId: tree.building.id, categoryId, description },
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
  });

const reportCount = async () =>
  Number((await rows<{ n: unknown }>(t.database.db, sql`select count(*) as n from reports`))[0]?.n);

/** Files reports until one is answered as `want` says (≤ 20 tries, 0.1 s apart): a notification takes a moment to arrive. */
async function eventually(want: (res: Awaited<ReturnType<typeof file>>) => boolean) {
  let res = await file();
  for (let i = 1; i < 20 && !want(res); i++) {
    await new Promise((r) => setTimeout(r, 100));
    res = await file();
  }
  return res;
}

beforeEach(async () => {
  resident = await newResident();
});

if (!ON_POSTGRES) {
  describe('routing cache on PGlite', () => {
    it('never serves, as PGlite has no notifications: every report reads its routing', async () => {
      expect(t.services.homeIntake.routingCached).toBe(false);
      await file();
      const { value, sent } = await statementsSent(t.database, () => file());
      expect(value.statusCode, value.body).toBe(201);
      expect(besidesSession(sent).some((s) => s.includes('report_categories'))).toBe(true);
    });
  });
}

if (ON_POSTGRES) {
  describe('routing cache on PostgreSQL', () => {
    beforeAll(async () => {
      const deadline = Date.now() + 5_000;
      while (!t.services.homeIntake.routingCached && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(t.services.homeIntake.routingCached).toBe(true);
    });

    it('files a report in one statement once the building, category and reporter are known (ids drawn ahead)', async () => {
      expect((await file()).statusCode).toBe(201); // reads the routing, and the cache keeps it
      const { value, sent } = await statementsSent(t.database, async () => {
        const answers = [];
        for (let i = 0; i < 8; i++) answers.push(await file());
        return answers;
      });
      expect(value.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
      const own = besidesSession(sent);
      const draws = own.filter((s) => s.includes('generate_series'));
      // The routing is not read again; each report is its one write, plus a draw of ids now and then (blocks
      // of 1, 2, 4 and 8 as they are used up: at most 4 for 8 reports, one for the first after the read).
      expect(own.filter((s) => s.includes('report_categories'))).toEqual([]);
      expect(own.length - draws.length).toBe(8);
      expect(draws.length).toBeLessThanOrEqual(4);
      // Each answer is the report as written: its id, its captain.
      for (const r of value) {
        const got = await t.app.inject({
          method: 'GET',
          url: `/api/v1/reports/${r.json().id}`,
          headers: { cookie: resident.cookie },
        });
        expect(got.json()).toEqual(r.json());
        expect(r.json().level).toBe('building');
      }
    });

    it('routes from memory until the database says otherwise', async () => {
      await file();
      // The captain leaves without the server being told: the cached routing still sends reports to them.
      await behindTheCachesBack(admin, 'delete from role_bindings where user_id = $1', [captainId]);
      const stale = await file();
      expect(stale.statusCode, stale.body).toBe(201);
      expect(stale.json().level).toBe('building');
      // Any change made the normal way (here: the grid worker's name) makes every server forget.
      await rows(t.database.db, sql`update users set name = '网格员刘敏' where name = '网格员小刘'`);
      const moved = await eventually((r) => r.json().level === 'grid');
      expect(moved.json().level).toBe('grid');
      const fresh = await file();
      expect(fresh.json().handlerPeople).toEqual([{ name: '网格员刘敏', role: 'grid_worker' }]);
    });

    it('refuses a reporter who no longer lives there, though their routing is in memory, and writes nothing', async () => {
      expect((await file()).statusCode).toBe(201);
      await behindTheCachesBack(admin, `delete from role_bindings where user_id = $1 and role = 'resident'`, [
        resident.id,
      ]);
      const before = await reportCount();
      const refused = await file(resident.cookie, 'moved-out-1');
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe('REPORT_NOT_RESIDENT');
      expect(await reportCount()).toBe(before);
      await behindTheCachesBack(
        admin,
        `insert into role_bindings (user_id, role, org_unit_id) values ($1, 'resident', $2)`,
        [resident.id, tree.building.id],
      );
    });

    it('answers a retry with the first answer, and files concurrent reports under distinct ids', async () => {
      await file();
      const first = await file(resident.cookie, 'cached-retry-1', '三楼楼道灯坏了');
      const again = await file(resident.cookie, 'cached-retry-1', '三楼楼道灯坏了');
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      const others = [resident, await newResident(), await newResident(), await newResident()];
      for (const r of others.slice(1)) await file(r.cookie);
      const before = await reportCount();
      // 24 at once, 6 by each of 4 residents whose routing is in memory.
      const many = await Promise.all(Array.from({ length: 24 }, (_, i) => file(others[i % 4]?.cookie)));
      expect(many.map((r) => r.statusCode)).toEqual(Array(24).fill(201));
      const ids = many.map((r) => r.json().id as number);
      expect(new Set(ids).size).toBe(24);
      expect(await reportCount()).toBe(before + 24);
      const written = await rows<{ id: unknown; events: unknown }>(
        t.database.db,
        sql`select r.id, (select count(*) from report_events e where e.report_id = r.id) as events
              from reports r where r.id = any(${`{${ids.join(',')}}`}::bigint[])`,
      );
      const byId = written.map((r) => ({ id: Number(r.id), events: Number(r.events) })).sort((x, y) => x.id - y.id);
      expect(byId).toEqual([...ids].sort((x, y) => x - y).map((id) => ({ id, events: 1 })));
    });

    it('forgets a category made inactive', async () => {
      await file();
      await rows(t.database.db, sql`update report_categories set is_active = false where id = ${categoryId}`);
      const refused = await eventually((r) => r.statusCode !== 201);
      expect(refused.statusCode).toBe(400);
      await rows(t.database.db, sql`update report_categories set is_active = true where id = ${categoryId}`);
    });
  });
}
