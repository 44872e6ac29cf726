import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/** Training with hours and certificates, a captains' meeting with attendance, and 老带新 pairing. */
let t: TestApp;
let a: Tree;
let other: Tree;
let community: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await buildTree(t.database.db);
  other = await buildTree(t.database.db, { city: a.city, district: a.district, street: a.street });
  community = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
});
afterAll(() => t.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie },
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });

async function captain(tree: Tree, name: string) {
  const b = await child(t.database.db, tree.estate, 'building', `${name}楼`);
  const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: b }], name);
  return u;
}

describe('training, meetings and mentoring', () => {
  it('counts training hours and meetings per captain, numbers certificates, and records attendance once', async () => {
    const old = await captain(a, '老张');
    const young = await captain(a, '小李');
    const stranger = await captain(other, '外社区');
    const fire = await call(community, 'POST', '/api/v1/captain-sessions', {
      orgUnitId: a.community.id,
      kind: 'training',
      topic: '消防',
      title: '消防安全培训',
      heldOn: '2026-10-12',
      hours: 2.5,
      certifies: true,
    });
    expect(fire.statusCode, fire.body).toBe(201);
    const aid = await call(community, 'POST', '/api/v1/captain-sessions', {
      orgUnitId: a.community.id,
      kind: 'training',
      topic: '急救',
      title: '急救知识培训',
      heldOn: '2026-10-19',
      hours: 3,
    });
    const meeting = await call(community, 'POST', '/api/v1/captain-sessions', {
      orgUnitId: a.community.id,
      kind: 'meeting',
      topic: '座谈会',
      title: '楼长座谈会',
      heldOn: '2026-10-26',
      hours: 1.5,
    });
    for (const s of [fire, aid, meeting]) {
      const r = await call(community, 'POST', `/api/v1/captain-sessions/${s.json().id}/attendance`, {
        userIds: [young.id, young.id],
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    // Again: nothing doubles. Someone of another community: refused, nothing recorded.
    const again = await call(community, 'POST', `/api/v1/captain-sessions/${fire.json().id}/attendance`, {
      userIds: [young.id, old.id],
    });
    expect(again.json().attendees).toBe(2);
    const bad = await call(community, 'POST', `/api/v1/captain-sessions/${aid.json().id}/attendance`, {
      userIds: [old.id, stranger.id],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('NOT_A_CAPTAIN_HERE');
    expect(
      (await call(community, 'GET', '/api/v1/captain-sessions'))
        .json()
        .items.find((s: { id: number }) => s.id === aid.json().id).attendees,
    ).toBe(1);

    // 老带新: 老张 mentors 小李; a second mentor for 小李 and a self-pairing are refused.
    const pair = await call(community, 'POST', '/api/v1/captain-mentorships', {
      mentorUserId: old.id,
      menteeUserId: young.id,
      notes: '每周一起巡楼，教他用手机接报事',
      startedOn: '2026-10-01',
    });
    expect(pair.statusCode, pair.body).toBe(201);
    const second = await call(community, 'POST', '/api/v1/captain-mentorships', {
      mentorUserId: (await captain(a, '老王')).id,
      menteeUserId: young.id,
      notes: '再带一个',
      startedOn: '2026-10-02',
    });
    expect(second.json().error.code).toBe('MENTEE_HAS_MENTOR');
    const self = await call(community, 'POST', '/api/v1/captain-mentorships', {
      mentorUserId: old.id,
      menteeUserId: old.id,
      notes: '自己带自己',
      startedOn: '2026-10-02',
    });
    expect(self.json().error.code).toBe('MENTOR_SELF');
    const outside = await call(community, 'POST', '/api/v1/captain-mentorships', {
      mentorUserId: old.id,
      menteeUserId: stranger.id,
      notes: '跨社区',
      startedOn: '2026-10-02',
    });
    expect(outside.statusCode).toBe(404);

    // The captain's own view: 2.5 + 3 training hours, one meeting, the fire certificate, the mentor.
    const mineRes = await call(await login(t.app, young.phone), 'GET', '/api/v1/captains/me/training');
    expect(mineRes.statusCode, mineRes.body).toBe(200);
    const mine = mineRes.json();
    expect(mine.trainingHours).toBe(5.5);
    expect(mine.meetings).toBe(1);
    expect(mine.items.find((s: { topic: string }) => s.topic === '消防').certificateNo).toBe(
      `${fire.json().id}-${young.id}`,
    );
    expect(mine.items.find((s: { topic: string }) => s.topic === '急救').certificateNo).toBeNull();
    expect(mine.mentor).toMatchObject({ name: '老张', startedOn: '2026-10-01' });
  });
});
