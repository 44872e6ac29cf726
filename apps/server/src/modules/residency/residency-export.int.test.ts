import { maskPhone } from '@louzhang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';

/**
 * 待确认住户's export: the requests the list shows for the same status, newest first, phones masked, audited
 * before the first byte; refused (nothing written) for a resident. On 1 December 2026 (Shanghai) three people
 * ask in the app to join the building: 何甲 room 301 at 10:00, 何乙 2单元 room 302 at 11:00, 何丙 room 303 at
 * 12:00; the community turns 何丙 down (不是本楼住户).
 */
let t: TestApp;
let a: Tree;
const users: Record<string, { id: number; phone: string }> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  const db = t.database.db;
  a = await buildTree(db);
  users.community = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]);
  users.resident = await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]);
  let last = 0;
  for (const [k, name, unitLabel, room, hour] of [
    ['jia', '何甲', null, '301', '02'],
    ['yi', '何乙', '2单元', '302', '03'],
    ['bing', '何丙', null, '303', '04'],
  ] as const) {
    t.clock.set(`2026-12-01T${hour}:00:00Z`);
    users[k] = await buildUser(db, t.cipher, [], name);
    cookies[k] = await login(t.app, users[k].phone);
    last = (await post(k, '/api/v1/residency-claims', { buildingId: a.building.id, unitLabel, room })).id;
  }
  for (const k of ['community', 'resident']) cookies[k] = await login(t.app, users[k]!.phone);
  await post('community', `/api/v1/residency-claims/${last}/reject`, { reason: '不是本楼住户' });
});
afterAll(() => t?.close());

const { get, post, audits, expectRefused } = exportKit(() => t, cookies);
const exportsBy = async (userId: number) =>
  (await audits('residency.export')).filter((x) => x.actor_user_id === userId);

describe('待确认住户: export', () => {
  it('writes the requests the list shows for the same status, phones masked, and audits it', async () => {
    const res = await get('community', '/api/v1/residency-claims/export?status=pending');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('待确认住户');
    expect(s.header).toEqual([
      '姓名',
      '手机',
      '楼栋',
      '来源',
      '自报门牌',
      '台账匹配 / 确认门牌',
      '状态',
      '未通过原因',
      '申请时间',
    ]);
    const b = a.building.name;
    expect(s.body).toEqual([
      ['何乙', maskPhone(users.yi!.phone), b, '在手机上申请', '2单元302', null, '待确认', null, '2026-12-01 11:00'],
      ['何甲', maskPhone(users.jia!.phone), b, '在手机上申请', '301', null, '待确认', null, '2026-12-01 10:00'],
    ]);
    const listed = (await get('community', '/api/v1/residency-claims?status=pending')).json().items;
    expect(s.body.map((r) => [r[0], r[1]])).toEqual(
      listed.map((c: { userName: string; phoneMasked: string }) => [c.userName, c.phoneMasked]),
    );
    const rejected = await readSheet(
      (await get('community', '/api/v1/residency-claims/export?status=rejected')).rawPayload,
    );
    expect(rejected.body.map((r) => [r[0], r[6], r[7]])).toEqual([['何丙', '未通过', '不是本楼住户']]);
    expect((await exportsBy(users.community!.id)).map((x) => [x.detail.rows, x.detail.filters.status])).toEqual([
      [2, 'pending'],
      [1, 'rejected'],
    ]);
  });

  it('refuses a resident, and writes nothing', async () => {
    await expectRefused('resident', ['/api/v1/residency-claims/export'], ['residency.export']);
  });
});
