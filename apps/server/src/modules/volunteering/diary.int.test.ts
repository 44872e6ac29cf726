import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * The volunteer diary (docs/rules.md#volunteering): a 和事佬 record seen by the team and community staff, the
 * parties' personal data encrypted at rest and masked, opened only by the author or staff, every reveal audited.
 */
let t: TestApp;
let a: Tree;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  t.clock.set('2026-12-03T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  const far = await buildTree(db);
  for (const [k, role, unit] of [
    ['community', 'community_staff', a.community],
    ['farCommunity', 'community_staff', far.community],
    ['author', 'resident', a.building],
    ['mate', 'resident', a.building],
    ['other', 'resident', a.building],
  ] as const) {
    cookies[k] = await login(t.app, (await buildUser(db, t.cipher, [{ role, unit }])).phone);
  }
  for (const k of ['author', 'mate', 'other']) {
    await call(k, 'POST', '/api/v1/volunteers', { communityId: a.community.id });
  }
});
afterAll(() => t?.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('the volunteer diary', () => {
  let entryId: number;
  it('keeps a mediation record for the team with the parties encrypted and masked', async () => {
    const me = (await call('author', 'GET', '/api/v1/volunteers/me')).json().volunteer;
    const mate = (await call('mate', 'GET', '/api/v1/volunteers/me')).json().volunteer;
    const team = (
      await call('community', 'POST', '/api/v1/volunteer-teams', {
        orgUnitId: a.community.id,
        name: '和事佬',
        speciality: 'mediation',
        leaderVolunteerId: me.id,
      })
    ).json();
    await call('community', 'POST', `/api/v1/volunteer-teams/${team.id}/members`, { volunteerId: mate.id });
    const res = await call('author', 'POST', '/api/v1/volunteer-diary', {
      teamId: team.id,
      kind: 'mediation',
      title: '楼上漏水纠纷调解',
      body: '双方同意由楼上住户维修防水层，费用各半。',
      occurredOn: '2026-12-02',
      parties: [
        { name: '曾桃香', phone: '13812345678', role: '楼下住户' },
        { name: '李明', role: '楼上住户' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    entryId = res.json().id;
    expect(res.json().parties).toEqual([
      { name: '曾*香', phone: '138****5678', role: '楼下住户' },
      { name: '李*', phone: null, role: '楼上住户' },
    ]);
    const [row] = await rows<{ enc: string }>(
      t.database.db,
      sql`select parties_enc as enc from volunteer_diary_entries where id = ${entryId}`,
    );
    expect(row!.enc).not.toContain('曾桃香');
    expect(row!.enc).not.toContain('13812345678');
    expect(
      (await call('mate', 'GET', '/api/v1/volunteer-diary')).json().items.map((e: { id: number }) => e.id),
    ).toContain(entryId);
    expect((await call('other', 'GET', '/api/v1/volunteer-diary')).json().items).toEqual([]);
    expect((await call('farCommunity', 'GET', '/api/v1/volunteer-diary')).json().items).toEqual([]);
  });

  it('opens the parties to the author and staff for a purpose, refuses others, and audits every reveal', async () => {
    const ok = await call('community', 'POST', `/api/v1/volunteer-diary/${entryId}/reveal`, { purpose: '回访当事人' });
    expect(ok.json().parties[0]).toEqual({ name: '曾桃香', phone: '13812345678', role: '楼下住户' });
    expect(
      (await call('mate', 'POST', `/api/v1/volunteer-diary/${entryId}/reveal`, { purpose: '好奇' })).statusCode,
    ).toBe(403);
    expect(
      (await call('farCommunity', 'POST', `/api/v1/volunteer-diary/${entryId}/reveal`, { purpose: '查看' })).statusCode,
    ).toBe(404);
    const audit = await rows<{ result: string }>(
      t.database.db,
      sql`select result from audit_log where action = 'volunteer_diary.reveal' and object_id = ${String(entryId)} order by id`,
    );
    expect(audit.map((x) => x.result)).toEqual(['ok', 'denied', 'denied']);
  });

  it('is for volunteers only', async () => {
    const res = await call('community', 'POST', '/api/v1/volunteer-diary', {
      kind: 'service',
      title: '走访',
      body: '走访',
      occurredOn: '2026-12-02',
    });
    expect(res.json().error.code).toBe('NOT_A_VOLUNTEER');
  });
});
