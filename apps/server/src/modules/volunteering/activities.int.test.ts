import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * Volunteering through HTTP (docs/rules.md#volunteering): registration once, teams, activities with a waiting
 * list and promotion, no overbooking under concurrent sign-ups, QR check-in once and inside its time, hours
 * never above the activity's length and confirmed once, points credited once through the ledger, figures.
 */
let t: TestApp;
let a: Tree;
const cookies: Record<string, string> = {};
const users: Record<string, { id: number; phone: string }> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 12 });
  t.clock.set('2026-12-01T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  const far = await buildTree(db);
  const b = (role: Parameters<typeof buildUser>[2][number]['role'], unit: Tree['street']) =>
    buildUser(db, t.cipher, [{ role, unit }]);
  Object.assign(users, {
    street: await b('street_staff', a.street),
    community: await b('community_staff', a.community),
    farCommunity: await b('community_staff', far.community),
    resident: await b('resident', a.building),
    resident2: await b('resident', a.building),
    resident3: await b('resident', a.building),
    stranger: await b('resident', a.building),
  });
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  // Residents of the community: 3 registered households of 2 → the volunteer share's denominator.
  for (let i = 0; i < 3; i++) await buildHousehold(db, t.services.households, a.building, [{}, {}]);
});
afterAll(() => t?.close());

/** Moves the clock (days ahead) and signs everyone in again: sessions time out while idle. */
async function setClock(at: string) {
  t.clock.set(at);
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
}
const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const count = async (q: ReturnType<typeof sql>) => (await rows<{ n: number }>(t.database.db, q))[0]!.n;

async function register(who: string, extra: object = {}) {
  const res = await call(who, 'POST', '/api/v1/volunteers', {
    communityId: a.community.id,
    skills: ['急救'],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

let activityN = 0;
async function activity(over: object = {}) {
  activityN++;
  const res = await call('community', 'POST', '/api/v1/activities', {
    orgUnitId: a.community.id,
    kind: 'clinic',
    title: `义诊进社区${activityN}`,
    place: '社区党群服务中心',
    startsAt: '2026-12-05T01:00:00Z',
    endsAt: '2026-12-05T04:00:00Z',
    capacity: 2,
    roles: ['量血压', '秩序引导'],
    points: 10,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
}

describe('volunteers and teams', () => {
  it('registers a party member at the home community once (双报到)', async () => {
    const v = await register('resident', { isPartyMember: true, employerUnit: '开平市供电局', availability: '周末' });
    expect(v).toMatchObject({ communityId: a.community.id, isPartyMember: true, employerUnit: '开平市供电局' });
    const again = await call('resident', 'POST', '/api/v1/volunteers', { communityId: a.community.id });
    expect(again.json().error.code).toBe('VOLUNTEER_EXISTS');
    const bad = await call('resident2', 'POST', '/api/v1/volunteers', { communityId: a.building.id });
    expect(bad.json().error.code).toBe('VOLUNTEER_COMMUNITY_INVALID');
    expect(await count(sql`select count(*)::int as n from volunteers where user_id = ${users.resident2!.id}`)).toBe(0);
  });

  it('forms a team with a leader and members registered under it', async () => {
    const leader = (await call('resident', 'GET', '/api/v1/volunteers/me')).json().volunteer;
    const v2 = await register('resident2');
    const res = await call('community', 'POST', '/api/v1/volunteer-teams', {
      orgUnitId: a.community.id,
      name: '和事佬调解队',
      speciality: 'mediation',
      leaderVolunteerId: leader.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const team = res.json();
    expect(team).toMatchObject({ leader: { volunteerId: leader.id }, memberCount: 1 });
    // The leader adds a member; a resident who is not the leader may not.
    // Not its leader nor a member yet: the team is not even shown.
    expect(
      (await call('resident2', 'POST', `/api/v1/volunteer-teams/${team.id}/members`, { volunteerId: v2.id }))
        .statusCode,
    ).toBe(404);
    const added = await call('resident', 'POST', `/api/v1/volunteer-teams/${team.id}/members`, { volunteerId: v2.id });
    expect(added.json().memberCount).toBe(2);
    const twice = await call('community', 'POST', `/api/v1/volunteer-teams/${team.id}/members`, { volunteerId: v2.id });
    expect(twice.json().error.code).toBe('TEAM_MEMBER_EXISTS');
    const far = await call('farCommunity', 'POST', '/api/v1/volunteer-teams', {
      orgUnitId: a.community.id,
      name: 'x',
      speciality: 'other',
    });
    expect(far.statusCode).toBe(404);
  });
});

describe('sign-up and waiting list', () => {
  it('confirms up to the capacity, then waits, and promotes the first waiting when someone cancels', async () => {
    await register('resident3');
    const act = await activity();
    const s1 = (await call('resident', 'POST', `/api/v1/activities/${act.id}/signup`, { role: '量血压' })).json();
    const s2 = (await call('resident2', 'POST', `/api/v1/activities/${act.id}/signup`, {})).json();
    const s3 = (await call('resident3', 'POST', `/api/v1/activities/${act.id}/signup`, {})).json();
    expect([s1.status, s2.status, s3.status]).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect(s3.waitlistPosition).toBe(1);
    expect((await call('resident', 'POST', `/api/v1/activities/${act.id}/signup`, {})).json().error.code).toBe(
      'ALREADY_SIGNED_UP',
    );
    expect((await call('stranger', 'POST', `/api/v1/activities/${act.id}/signup`, {})).json().error.code).toBe(
      'NOT_A_VOLUNTEER',
    );
    expect(
      (await call('resident3', 'POST', `/api/v1/activities/${act.id}/signup`, { role: '主治医生' })).json().error.code,
    ).toBe('ACTIVITY_ROLE_INVALID');
    const cancelled = (await call('resident2', 'POST', `/api/v1/activities/${act.id}/cancel-signup`)).json();
    expect(cancelled).toEqual({ cancelled: true, promotedSignupId: s3.id });
    // The promoted volunteer is told.
    const inbox = (await call('resident3', 'GET', '/api/v1/notifications')).json().items;
    expect(inbox.map((n: { title: string }) => n.title)).toContain(`【志愿活动】候补转正：义诊进社区${activityN}`);
    const view = (await call('resident3', 'GET', `/api/v1/activities/${act.id}`)).json();
    expect(view).toMatchObject({ confirmed: 2, waitlisted: 0, mySignup: { status: 'confirmed' } });
  });

  it('refuses a sign-up once the activity has started', async () => {
    const act = await activity({ startsAt: '2026-12-01T01:00:00Z', endsAt: '2026-12-01T03:00:00Z' });
    expect((await call('resident', 'POST', `/api/v1/activities/${act.id}/signup`, {})).json().error.code).toBe(
      'ACTIVITY_CLOSED',
    );
  });

  it('never overbooks under concurrent sign-ups at the capacity edge', async () => {
    const act = await activity({ capacity: 5 });
    const many = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }]);
        const cookie = await login(t.app, u.phone);
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/volunteers',
          headers: { cookie },
          payload: { communityId: a.community.id },
        });
        return cookie;
      }),
    );
    // On PGlite the requests serialise on one connection; on PostgreSQL they race on the pool.
    const results = await Promise.all(
      many.map((cookie) =>
        t.app.inject({ method: 'POST', url: `/api/v1/activities/${act.id}/signup`, headers: { cookie }, payload: {} }),
      ),
    );
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const statuses = results.map((r) => r.json().status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(11);
    expect(
      await count(
        sql`select count(*)::int as n from activity_signups where activity_id = ${act.id} and status = 'confirmed'`,
      ),
    ).toBe(5);
  });
});

describe('check-in, hours and points', () => {
  let act: { id: number };
  let token: string;
  beforeAll(async () => {
    act = await activity({ capacity: 3 });
    await call('resident', 'POST', `/api/v1/activities/${act.id}/signup`, {});
    await call('resident2', 'POST', `/api/v1/activities/${act.id}/signup`, {});
    token = (await call('community', 'GET', `/api/v1/activities/${act.id}/checkin-qr`)).json().token;
  });

  it('refuses check-in outside its time and to anyone not signed up', async () => {
    await setClock('2026-12-05T00:20:00Z'); // 40 minutes before the start
    const early = await call('resident', 'POST', '/api/v1/activity-checkin', { token, action: 'in' });
    expect(early.json().error.code).toBe('CHECKIN_OUTSIDE_TIME');
    t.clock.set('2026-12-05T00:45:00Z');
    expect(
      (await call('resident3', 'POST', '/api/v1/activity-checkin', { token, action: 'in' })).json().error.code,
    ).toBe('NOT_SIGNED_UP');
    expect(
      (await call('resident', 'POST', '/api/v1/activity-checkin', { token: 'x'.repeat(24), action: 'in' })).statusCode,
    ).toBe(404);
    expect(
      await count(
        sql`select count(*)::int as n from activity_signups where activity_id = ${act.id} and checked_in_at is not null`,
      ),
    ).toBe(0);
  });

  it('counts a double check-in once, even when both arrive together', async () => {
    const [r1, r2] = await Promise.all([
      call('resident', 'POST', '/api/v1/activity-checkin', { token, action: 'in' }),
      call('resident', 'POST', '/api/v1/activity-checkin', { token, action: 'in' }),
    ]);
    expect([r1!.statusCode, r2!.statusCode].sort()).toEqual([200, 409]);
    expect([r1!.json(), r2!.json()].find((b) => b.error)?.error.code).toBe('ALREADY_CHECKED_IN');
    expect(
      await count(sql`select count(*)::int as n from audit_log where action = 'activity.check_in' and detail->>'by' = 'qr'
                      and object_id in (select id::text from activity_signups where activity_id = ${act.id})`),
    ).toBe(1);
  });

  it('lets the organiser mark attendance but not a volunteer', async () => {
    const list = (await call('community', 'GET', `/api/v1/activities/${act.id}/signups`)).json().items;
    const s2 = list.find((s: { volunteerName: string; checkedInAt: string | null }) => s.checkedInAt === null);
    expect((await call('resident', 'GET', `/api/v1/activities/${act.id}/signups`)).statusCode).toBe(403);
    expect((await call('resident', 'POST', `/api/v1/activity-signups/${s2.id}/attendance`, {})).statusCode).toBe(403);
    t.clock.set('2026-12-05T02:00:00Z');
    const marked = (await call('community', 'POST', `/api/v1/activity-signups/${s2.id}/attendance`, {})).json();
    expect(marked).toMatchObject({ checkedInBy: 'organiser', checkedInAt: '2026-12-05T01:00:00.000Z' });
  });

  it('checks out, refuses hours above the length, confirms once and credits points once', async () => {
    t.clock.set('2026-12-05T03:30:00Z');
    const out = await call('resident', 'POST', '/api/v1/activity-checkin', { token, action: 'out' });
    expect(out.json().checkedOutAt).toBe('2026-12-05T03:30:00.000Z');
    expect(
      (await call('resident', 'POST', '/api/v1/activity-checkin', { token, action: 'out' })).json().error.code,
    ).toBe('ALREADY_CHECKED_OUT');
    const mine = out.json().id;
    const above = await call('community', 'POST', `/api/v1/activity-signups/${mine}/confirm-hours`, { hours: 3.5 });
    expect(above.json().error.code).toBe('HOURS_ABOVE_LENGTH');
    expect(
      await count(sql`select count(*)::int as n from activity_signups where id = ${mine} and hours is not null`),
    ).toBe(0);
    // From 00:45 (counted from the 01:00 start) to the 03:30 check-out: 2.5 hours.
    const [c1, c2] = await Promise.all([
      call('community', 'POST', `/api/v1/activity-signups/${mine}/confirm-hours`, {}),
      call('community', 'POST', `/api/v1/activity-signups/${mine}/confirm-hours`, {}),
    ]);
    const ok = [c1!, c2!].find((r) => r.statusCode === 200)!;
    expect(ok.json()).toMatchObject({ hours: 2.5, pointsCredited: true });
    expect([c1!, c2!].find((r) => r.statusCode !== 200)!.json().error.code).toBe('HOURS_ALREADY_CONFIRMED');
    expect(
      await count(
        sql`select count(*)::int as n from point_entries where cause_key = ${`activity_signup:${mine}`} and kind = 'volunteer_award'`,
      ),
    ).toBe(1);
    const balance = await t.services.ledger.balanceOf(t.database.db, a.street.streetId as number, users.resident!.id);
    expect(balance).toBe(10);
    const me = (await call('resident', 'GET', '/api/v1/volunteers/me')).json();
    expect(me).toMatchObject({ confirmedHours: 2.5, points: 10 });
  });

  it('shows figures: sessions held, people served, hours and the volunteer share of residents', async () => {
    expect(
      (await call('community', 'POST', `/api/v1/activities/${act.id}/served`, { servedCount: 86 })).json().servedCount,
    ).toBe(86);
    await setClock('2026-12-06T00:00:00Z');
    const f = (await call('street', 'GET', `/api/v1/volunteer-figures?orgUnitId=${a.community.id}`)).json();
    expect(f).toMatchObject({ peopleServed: 86, volunteerHours: 2.5, teams: 1 });
    expect(f.sessions).toBeGreaterThanOrEqual(1);
    expect(f.residents).toBe(6);
    expect(f.volunteerShare).toBeCloseTo(f.volunteers / 6, 4);
    expect((await call('resident', 'GET', `/api/v1/volunteer-figures?orgUnitId=${a.community.id}`)).statusCode).toBe(
      403,
    );
    expect(
      (await call('farCommunity', 'GET', `/api/v1/volunteer-figures?orgUnitId=${a.community.id}`)).statusCode,
    ).toBe(404);
  });
});

void child;
