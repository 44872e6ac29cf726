import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';

/**
 * 通知公告's export: the notices the list shows, in its order (the pinned one first), audited before the first
 * byte; refused (nothing written) for a resident. Community staff 社区王 sends, on 1 December 2026 (Shanghai):
 *   09:00 政策 关于医保缴费的通知 to the community · 10:00 安全 关于清理楼道杂物的通知 to the building, pinned
 *   until 5 December.
 */
let t: TestApp;
let a: Tree;
const cookies: Record<string, string> = {};
const users: Record<string, { id: number; phone: string }> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  const db = t.database.db;
  a = await buildTree(db);
  Object.assign(users, {
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }], '社区王'),
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
    resident: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]),
  });
  t.clock.set('2026-12-01T01:00:00Z');
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  const body = '请各住户知悉。';
  await send({ scopeOrgUnitId: a.community.id, kind: 'policy', title: '关于医保缴费的通知', body });
  t.clock.set('2026-12-01T02:00:00Z');
  await send({
    scopeOrgUnitId: a.building.id,
    kind: 'safety',
    title: '关于清理楼道杂物的通知',
    body,
    pinnedUntil: '2026-12-05',
  });
});
afterAll(() => t?.close());

async function send(payload: object) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/notices',
    headers: { cookie: cookies.community! },
    payload,
  });
  expect(res.statusCode, res.body).toBe(201);
}
const { get, audits, expectRefused } = exportKit(() => t, cookies);
const exportsBy = async (userId: number) => (await audits('notice.export')).filter((x) => x.actor_user_id === userId);

describe('通知公告: export', () => {
  it('writes the notices the list shows, in its order, and audits it', async () => {
    const listed = (await get('community', '/api/v1/notices')).json().items;
    const res = await get('community', '/api/v1/notices/export');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('通知公告');
    expect(s.header).toEqual(['标题', '置顶', '类型', '发送范围', '发布人', '发布时间']);
    expect(s.body).toEqual([
      ['关于清理楼道杂物的通知', '是', '安全', a.building.name, '社区王', '2026-12-01 10:00'],
      ['关于医保缴费的通知', '否', '政策', a.community.name, '社区王', '2026-12-01 09:00'],
    ]);
    expect(s.body.map((r) => r[0])).toEqual(listed.map((n: { title: string }) => n.title));
    // The captain sees only what lies in the building's line; headers and values in English when asked.
    const cap = await readSheet((await get('captain', '/api/v1/notices/export', 'en')).rawPayload);
    expect(cap.name).toBe('Notices');
    expect(cap.body.length).toBeGreaterThan(0);
    expect(cap.body.map((r) => [r[0], r[1], r[2]])).toEqual(
      (await get('captain', '/api/v1/notices'))
        .json()
        .items.map((n: { title: string; isPinned: boolean; kind: string }) => [
          n.title,
          n.isPinned ? 'Yes' : 'No',
          { policy: 'Policy', safety: 'Safety' }[n.kind],
        ]),
    );
    expect((await exportsBy(users.community!.id)).map((x) => x.detail.rows)).toEqual([2]);
  });

  it('refuses a resident, and writes nothing', async () => {
    await expectRefused('resident', ['/api/v1/notices/export'], ['notice.export']);
  });
});
