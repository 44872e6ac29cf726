import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * Changing and cancelling an activity (docs/rules.md#volunteering): the capacity never below the confirmed sign-ups
 * (coded, nothing changed), a larger one promotes the waiting list, a new time or place and a cancellation reach
 * everyone signed up once; a cancelled or started activity changes no more; a capacity cut racing sign-ups never
 * leaves more confirmed than places.
 */
let t: TestApp;
let a: Tree;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
const phones: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 8 });
  t.clock.set('2026-12-01T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  const far = await buildTree(db);
  const add = async (k: string, role: 'community_staff' | 'resident', unit: Tree['community']) => {
    const u = await buildUser(db, t.cipher, [{ role, unit }]);
    ids[k] = u.id;
    phones[k] = u.phone;
    cookies[k] = await login(t.app, u.phone);
  };
  await add('staff', 'community_staff', a.community);
  await add('far', 'community_staff', far.community);
  for (const k of ['v1', 'v2', 'v3', 'v4', 'v5']) {
    await add(k, 'resident', a.building);
    const r = await call(k, 'POST', '/api/v1/volunteers', { communityId: a.community.id, skills: [] });
    expect(r.statusCode, r.body).toBe(201);
  }
});
afterAll(() => t?.close());

function call(who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });
}
const notes = async (activityId: number, kind: string) =>
  (
    await rows<{ userId: number }>(
      t.database.db,
      sql`select user_id as "userId" from notifications
          where kind = ${kind} and object_type = 'volunteer_activity' and object_id = ${activityId} order by user_id`,
    )
  ).map((r) => Number(r.userId));
const statuses = async (activityId: number) =>
  (
    await rows<{ status: string; n: number }>(
      t.database.db,
      sql`select status, count(*)::int as n from activity_signups where activity_id = ${activityId} group by status order by status`,
    )
  ).reduce<Record<string, number>>((o, r) => Object.assign(o, { [r.status]: r.n }), {});

async function activity(capacity: number, signups: string[]) {
  const res = await call('staff', 'POST', '/api/v1/activities', {
    orgUnitId: a.community.id,
    kind: 'market',
    title: '公益市集',
    place: '社区广场',
    startsAt: '2026-12-05T01:00:00Z',
    endsAt: '2026-12-05T04:00:00Z',
    capacity,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  for (const v of signups) expect((await call(v, 'POST', `/api/v1/activities/${id}/signup`, {})).statusCode).toBe(201);
  return id;
}

describe('changing an activity', () => {
  it('refuses a capacity below the confirmed sign-ups, changing nothing', async () => {
    const id = await activity(2, ['v1', 'v2', 'v3']);
    const res = await call('staff', 'PATCH', `/api/v1/activities/${id}`, { capacity: 1, title: '改名' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ACTIVITY_CAPACITY_BELOW_SIGNUPS');
    const after = (await call('staff', 'GET', `/api/v1/activities/${id}`)).json();
    expect(after).toMatchObject({ capacity: 2, title: '公益市集', confirmed: 2, waitlisted: 1 });
  });

  it('promotes the waiting list on a larger capacity and tells everyone of a new place, once each', async () => {
    const id = await activity(2, ['v1', 'v2', 'v3']);
    const res = await call('staff', 'PATCH', `/api/v1/activities/${id}`, { capacity: 3, place: '社区党群服务中心' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ capacity: 3, place: '社区党群服务中心', confirmed: 3, waitlisted: 0 });
    expect(await notes(id, 'activity_promoted')).toEqual([ids.v3]);
    expect(await notes(id, 'activity_changed')).toEqual([ids.v1, ids.v2, ids.v3].sort((x, y) => x! - y!));
    // A title change alone tells nobody.
    await call('staff', 'PATCH', `/api/v1/activities/${id}`, { title: '冬季公益市集' });
    expect(await notes(id, 'activity_changed')).toHaveLength(3);
  });

  it('refuses a volunteer, staff elsewhere and an end before the start, changing nothing', async () => {
    const id = await activity(5, ['v1']);
    expect((await call('v1', 'PATCH', `/api/v1/activities/${id}`, { capacity: 9 })).statusCode).toBe(403);
    expect((await call('far', 'PATCH', `/api/v1/activities/${id}`, { capacity: 9 })).statusCode).toBe(404);
    const bad = await call('staff', 'PATCH', `/api/v1/activities/${id}`, { endsAt: '2026-12-05T00:00:00Z' });
    expect(bad.json().error.code).toBe('ACTIVITY_TIME_INVALID');
    expect((await call('staff', 'GET', `/api/v1/activities/${id}`)).json()).toMatchObject({
      capacity: 5,
      endsAt: '2026-12-05T04:00:00.000Z',
    });
  });

  it('never confirms more than the capacity when a cut races sign-ups', async () => {
    const id = await activity(4, ['v1']);
    const res = await Promise.all([
      call('staff', 'PATCH', `/api/v1/activities/${id}`, { capacity: 2 }),
      call('v2', 'POST', `/api/v1/activities/${id}/signup`, {}),
      call('v3', 'POST', `/api/v1/activities/${id}/signup`, {}),
      call('v4', 'POST', `/api/v1/activities/${id}/signup`, {}),
    ]);
    for (const r of res.slice(1)) expect(r.statusCode).toBe(201);
    const s = await statuses(id);
    const cap = res[0]!.statusCode === 200 ? 2 : 4;
    if (res[0]!.statusCode !== 200) expect(res[0]!.json().error.code).toBe('ACTIVITY_CAPACITY_BELOW_SIGNUPS');
    expect(s.confirmed).toBeLessThanOrEqual(cap);
    expect((s.confirmed ?? 0) + (s.waitlisted ?? 0)).toBe(4);
    expect((await call('staff', 'GET', `/api/v1/activities/${id}`)).json().capacity).toBe(cap);
  });
});

describe('cancelling an activity', () => {
  it('tells everyone signed up (confirmed and waiting) once, and closes sign-up, changes and a second cancel', async () => {
    const id = await activity(1, ['v1', 'v2']);
    expect((await call('v1', 'POST', `/api/v1/activities/${id}/cancel`, { reason: '下雨' })).statusCode).toBe(403);
    expect((await call('far', 'POST', `/api/v1/activities/${id}/cancel`, { reason: '下雨' })).statusCode).toBe(404);
    expect(await notes(id, 'activity_cancelled')).toEqual([]);
    const res = await call('staff', 'POST', `/api/v1/activities/${id}/cancel`, { reason: '暴雨预警，改期另行通知' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    expect(await notes(id, 'activity_cancelled')).toEqual([ids.v1, ids.v2].sort((x, y) => x! - y!));
    const [note] = await rows<{ body: string }>(
      t.database.db,
      sql`select body from notifications where kind = 'activity_cancelled' and object_id = ${id} limit 1`,
    );
    expect(note!.body).toBe('暴雨预警，改期另行通知');
    const again = await call('staff', 'POST', `/api/v1/activities/${id}/cancel`, { reason: '再取消' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ACTIVITY_CANCELLED');
    expect(await notes(id, 'activity_cancelled')).toHaveLength(2);
    expect((await call('v3', 'POST', `/api/v1/activities/${id}/signup`, {})).json().error.code).toBe('ACTIVITY_CLOSED');
    expect((await call('staff', 'PATCH', `/api/v1/activities/${id}`, { capacity: 5 })).json().error.code).toBe(
      'ACTIVITY_CANCELLED',
    );
  });

  it('refuses to cancel or change an activity that has started', async () => {
    const id = await activity(3, ['v5']);
    t.clock.set('2026-12-05T01:30:00Z');
    try {
      // Sessions time out while idle: sign in again at the new time.
      cookies.staff = await login(t.app, phones.staff!);
      const r = await call('staff', 'POST', `/api/v1/activities/${id}/cancel`, { reason: '临时取消' });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('ACTIVITY_CLOSED');
      expect((await call('staff', 'PATCH', `/api/v1/activities/${id}`, { capacity: 9 })).json().error.code).toBe(
        'ACTIVITY_CLOSED',
      );
      expect((await call('staff', 'GET', `/api/v1/activities/${id}`)).json()).toMatchObject({
        status: 'published',
        capacity: 3,
      });
    } finally {
      t.clock.set('2026-12-01T02:00:00Z');
    }
  });
});
