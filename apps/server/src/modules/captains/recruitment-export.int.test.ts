import { maskPhone } from '@louzhang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';

/**
 * A drive's 报名名单 exported as its page lists it — best score first, phones masked — audited before the first
 * byte; refused (nothing written) for a resident. On 1 December 2026 (Shanghai) 林秀 applies at 10:00 and 陈刚
 * at 11:00; the community vets 陈刚 with 85 (interview 2026-12-02) and leaves 林秀 unvetted.
 */
let t: TestApp;
let a: Tree;
const users: Record<string, { id: number; phone: string }> = {};
const cookies: Record<string, string> = {};
let driveId: number;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  const db = t.database.db;
  a = await buildTree(db);
  for (const [k, role, unit, name] of [
    ['community', 'community_staff', a.community, '社区王'],
    ['lin', 'resident', a.building, '林秀'],
    ['chen', 'resident', a.building, '陈刚'],
  ] as const) {
    users[k] = await buildUser(db, t.cipher, [{ role, unit }], name);
  }
  t.clock.set('2026-12-01T01:00:00Z');
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  driveId = (
    await post('community', '/api/v1/recruitment/drives', {
      orgUnitId: a.community.id,
      title: '楼长招募',
      area: '本社区',
      buildingIds: [a.building.id],
      requirements: '热心公益',
      places: 2,
      deadline: '2026-12-31',
    })
  ).id;
  t.clock.set('2026-12-01T02:00:00Z');
  await post('lin', `/api/v1/recruitment/drives/${driveId}/applications`, { statement: '退休教师，常住本楼' });
  t.clock.set('2026-12-01T03:00:00Z');
  const chen = await post('chen', `/api/v1/recruitment/drives/${driveId}/applications`, { statement: '愿为邻居服务' });
  await post('community', `/api/v1/recruitment/applications/${chen.id}/vet`, {
    score: 85,
    interviewedOn: '2026-12-02',
  });
});
afterAll(() => t?.close());

const { get, post, audits } = exportKit(() => t, cookies);
const exportsOf = () => audits('recruitment.applications_export');

describe('报名名单: export', () => {
  it('writes the applications the page lists, phones masked, and audits it', async () => {
    const url = `/api/v1/recruitment/drives/${driveId}/applications/export`;
    const res = await get('community', url);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('报名名单');
    expect(s.header).toEqual([
      '报名人',
      '手机号',
      '方式',
      '推选人',
      '自我介绍 / 推选理由',
      '评分',
      '面谈日期',
      '状态',
      '报名时间',
    ]);
    expect(s.body).toEqual([
      [
        '陈刚',
        maskPhone(users.chen!.phone),
        '自荐',
        null,
        '愿为邻居服务',
        85,
        '2026-12-02',
        '已审查',
        '2026-12-01 11:00',
      ],
      [
        '林秀',
        maskPhone(users.lin!.phone),
        '自荐',
        null,
        '退休教师，常住本楼',
        null,
        null,
        '已报名',
        '2026-12-01 10:00',
      ],
    ]);
    const listed = (await get('community', `/api/v1/recruitment/drives/${driveId}/applications`)).json().items;
    expect(s.body.map((r) => [r[0], r[1]])).toEqual(
      listed.map((x: { name: string; phoneMasked: string }) => [x.name, x.phoneMasked]),
    );

    expect((await get('lin', url)).statusCode).toBe(403);
    expect((await exportsOf()).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([[users.community!.id, 2]]);
  });
});
