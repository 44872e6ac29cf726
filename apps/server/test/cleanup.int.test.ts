import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeSessions } from '../src/modules/auth/session-cleanup';
import { rows } from '../src/platform/db';
import { purgeIdempotencyKeys } from '../src/platform/idempotency';
import { buildTree, buildUser } from './factories';
import { login, startTestApp, type TestApp } from './harness';

let t: TestApp;
let phone: string;
let userId: number;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  // Idle 2 hours, absolute 48 hours.
  t = await startTestApp({ SESSION_IDLE_MINUTES: '120', SESSION_ABSOLUTE_HOURS: '48' }, { poolSize: 6 });
  const a = await buildTree(t.database.db);
  const u = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
  phone = u.phone;
  userId = u.id;
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
const count = async (q: ReturnType<typeof sql>) => (await rows<{ n: number }>(t.database.db, q))[0]?.n;

describe('cleanup jobs', () => {
  it('deletes dead sessions once, even run twice at once, and keeps the live ones', async () => {
    const signedOut = await login(t.app, phone);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: signedOut } });
    const idle = await login(t.app, phone);
    t.clock.advance(HOUR);
    const kept = await login(t.app, phone);
    t.clock.advance(1.5 * HOUR); // `idle` is now 2.5 h idle, `kept` 1.5 h
    expect((await me(kept)).statusCode).toBe(200);
    expect(await count(sql`select count(*)::int as n from sessions where user_id = ${userId}`)).toBe(3);
    // As if on two instances, and the job runner of this one.
    const runs = await Promise.all([
      purgeSessions(t.database.db, t.clock.now(), t.config.session),
      purgeSessions(t.database.db, t.clock.now(), t.config.session),
      t.jobs.runOnce('cleanup.sessions'),
    ]);
    expect(runs.reduce((n: number, r) => n + (r as { deleted: number }).deleted, 0)).toBe(2);
    expect(await count(sql`select count(*)::int as n from sessions where user_id = ${userId}`)).toBe(1);
    expect((await me(kept)).statusCode).toBe(200);
    expect((await me(idle)).statusCode).toBe(401);
  });

  it('deletes Idempotency-Keys older than 30 days, once, and keeps younger ones', async () => {
    const now = t.clock.now().getTime();
    for (const [key, age] of [
      ['old-1', 31 * DAY],
      ['old-2', 45 * DAY],
      ['young', 29 * DAY],
    ] as const) {
      await t.database.db.execute(
        sql`insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
            values (${userId}, ${key}, 'h', 201, '{}'::jsonb, ${new Date(now - age).toISOString()}::timestamptz)`,
      );
    }
    const runs = await Promise.all([
      purgeIdempotencyKeys(t.database.db, t.clock.now()),
      purgeIdempotencyKeys(t.database.db, t.clock.now()),
      t.jobs.runOnce('cleanup.idempotency-keys'),
    ]);
    expect(runs.reduce((n: number, r) => n + (r as { deleted: number }).deleted, 0)).toBe(2);
    const left = await rows<{ key: string }>(
      t.database.db,
      sql`select key from idempotency_keys where user_id = ${userId} order by key`,
    );
    expect(left.map((r) => r.key)).toEqual(['young']);
  });
});
