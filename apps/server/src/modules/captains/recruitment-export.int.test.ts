import { maskPhone } from '@louzhang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';

/**
 * A drive's 报名名单 exported as its page lists it — best score first, phones masked — audited before the first
 * byte; refused (nothing written) for a resident. On 1 December 2026 (Shanghai) 林秀 applies at 10:00 and 陈刚
 * at 11:00; the community vets 陈刚 with 85 (interview 2026-12-02) and leaves 林秀 unvetted. 楼长招募 (the drives
 * list) exports the same way, within the caller's jurisdiction: another street's community has its own drive.
 */
let t: TestApp;
let a: Tree;
let b: Tree;
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
  b = await buildTree(db);
  users.otherCommunity = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: b.community }], '社区李');
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

const { get, post, audits, sheetOf, expectRefused } = exportKit(() => t, cookies);
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

describe('楼长招募: export', () => {
  it('writes the drives the list shows in the caller’s jurisdiction, newest first, and audits it', async () => {
    await post('community', '/api/v1/recruitment/drives', {
      orgUnitId: a.community.id,
      title: '二期楼长招募',
      buildingIds: [a.building.id],
      requirements: '常住本楼',
      places: 1,
      deadline: '2026-12-10',
    });
    await post('otherCommunity', '/api/v1/recruitment/drives', {
      orgUnitId: b.community.id,
      title: '外街招募',
      buildingIds: [b.building.id],
      requirements: '热心公益',
      places: 3,
      deadline: '2026-12-31',
    });
    // 12 December (Shanghai): the second drive has closed, the first is open.
    t.clock.set('2026-12-12T02:00:00Z');
    for (const k of ['community', 'otherCommunity', 'lin']) cookies[k] = await login(t.app, users[k]!.phone);
    const s = await sheetOf('community', '/api/v1/recruitment/drives/export');
    expect(s.name).toBe('楼长招募');
    expect(s.header).toEqual(['标题', '发布单位', '名额', '截止日期', '状态', '报名', '审查', '入选', '登记']);
    expect(s.body).toEqual([
      ['二期楼长招募', a.community.name, 1, '2026-12-10', '已截止', 0, 0, 0, 0],
      ['楼长招募', a.community.name, 2, '2026-12-31', '报名中', 2, 1, 0, 0],
    ]);
    const listed = (await get('community', '/api/v1/recruitment/drives')).json().items;
    expect(s.body.map((r) => r[0])).toEqual(listed.map((d: { title: string }) => d.title));

    const en = await sheetOf('community', '/api/v1/recruitment/drives/export', 'en');
    expect(en.name).toBe('Recruitment drives');
    expect(en.header).toEqual([
      'Title',
      'Published by',
      'Places',
      'Deadline',
      'Status',
      'Applied',
      'Vetted',
      'Chosen',
      'Registered',
    ]);
    expect(en.body.map((r) => r[4])).toEqual(['Closed', 'Open']);

    // Another street's community sees only its own drive; a resident is refused, and nothing is written for it.
    expect((await sheetOf('otherCommunity', '/api/v1/recruitment/drives/export')).body).toEqual([
      ['外街招募', b.community.name, 3, '2026-12-31', '报名中', 0, 0, 0, 0],
    ]);
    await expectRefused('lin', ['/api/v1/recruitment/drives/export'], ['recruitment.drives_export']);
    expect((await audits('recruitment.drives_export')).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([
      [users.community!.id, 2],
      [users.community!.id, 2],
      [users.otherCommunity!.id, 1],
    ]);
  });
});
