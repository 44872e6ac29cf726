import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/**
 * The exports of 培训与座谈会 and 老带新结对: the rows the lists show, newest first, audited before the first
 * byte; refused (nothing written) for a captain. The community records a 消防 training (2026-11-10, 2 h) and a
 * 座谈会 meeting (2026-11-20, 1.5 h), and pairs 老楼长周 with 新楼长吴 from 2026-11-01.
 */
let t: TestApp;
let a: Tree;
const users: Record<string, { id: number; phone: string }> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  const db = t.database.db;
  a = await buildTree(db);
  const b2 = await child(db, a.estate, 'building');
  users.community = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]);
  users.zhou = await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }], '老楼长周');
  users.wu = await buildUser(db, t.cipher, [{ role: 'resident', unit: b2 }], '新楼长吴');
  cookies.community = await login(t.app, users.community.phone);
  await post('community', `/api/v1/buildings/${a.building.id}/captains`, { userId: users.zhou.id });
  await post('community', `/api/v1/buildings/${b2.id}/captains`, { userId: users.wu.id });
  cookies.zhou = await login(t.app, users.zhou.phone);
  for (const [kind, topic, title, heldOn, hours] of [
    ['training', '消防', '楼道消防安全培训', '2026-11-10', 2],
    ['meeting', '座谈会', '楼长座谈会', '2026-11-20', 1.5],
  ] as const) {
    await post('community', '/api/v1/captain-sessions', {
      orgUnitId: a.community.id,
      kind,
      topic,
      title,
      heldOn,
      hours,
    });
  }
  await post('community', '/api/v1/captain-mentorships', {
    mentorUserId: users.zhou.id,
    menteeUserId: users.wu.id,
    notes: '每周一起巡楼',
    startedOn: '2026-11-01',
  });
});
afterAll(() => t?.close());

const { get, post, sheetOf: sheetAs, audits, expectRefused } = exportKit(() => t, cookies);
const sheetOf = (url: string) => sheetAs('community', url);

describe('培训与座谈会 and 老带新结对: export', () => {
  it('writes the sessions and the pairings the lists show, and audits each export', async () => {
    const s = await sheetOf('/api/v1/captain-sessions/export');
    expect(s.name).toBe('培训与座谈会');
    expect(s.header).toEqual(['日期', '类型', '主题', '名称', '举办单位', '学时', '参加人数']);
    expect(s.body).toEqual([
      ['2026-11-20', '座谈会', '座谈会', '楼长座谈会', a.community.name, 1.5, 0],
      ['2026-11-10', '培训', '消防', '楼道消防安全培训', a.community.name, 2, 0],
    ]);
    const listed = (await get('community', '/api/v1/captain-sessions')).json().items;
    expect(s.body.map((r) => r[3])).toEqual(listed.map((x: { title: string }) => x.title));
    const m = await sheetOf('/api/v1/captain-mentorships/export');
    expect(m.name).toBe('老带新结对');
    expect(m.header).toEqual(['老楼长', '新楼长', '带教记录', '开始日期']);
    expect(m.body).toEqual([['老楼长周', '新楼长吴', '每周一起巡楼', '2026-11-01']]);
    expect((await audits('captain_session.export')).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([
      [users.community!.id, 2],
    ]);
    expect((await audits('captain_mentorship.export')).map((x) => x.detail.rows)).toEqual([1]);
  });

  it('refuses a captain, and writes nothing', async () => {
    const urls = ['/api/v1/captain-sessions/export', '/api/v1/captain-mentorships/export'];
    await expectRefused('zhou', urls, ['captain_session.export', 'captain_mentorship.export']);
  });
});
