import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/**
 * 楼事会 exported as the councils tab lists them, audited before the first byte. The community forms a council on
 * each of two buildings of its estate; the captain of the first adds 刘珍贵 (楼长) and 黄伯 (业主代表) and records two
 * meetings. Another street's community has a council of its own; someone with no role is refused.
 */
let t: TestApp;
let a: Tree;
let b: Tree;
let second: Awaited<ReturnType<typeof child>>;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  const db = t.database.db;
  a = await buildTree(db);
  b = await buildTree(db);
  second = await child(db, a.estate, 'building', '舜德路10号');
  for (const [k, roles] of [
    ['staff', [{ role: 'community_staff', unit: a.community }]],
    ['captain', [{ role: 'captain', unit: a.building }]],
    ['resident', [{ role: 'resident', unit: a.building }]],
    ['otherStaff', [{ role: 'community_staff', unit: b.community }]],
    ['nobody', []],
  ] as const) {
    const u = await buildUser(db, t.cipher, [...roles]);
    ids[k] = u.id;
    cookies[k] = await login(t.app, u.phone);
  }
  const first = await post('staff', '/api/v1/councils', { orgUnitId: a.building.id, name: '舜德路8号楼事会' });
  await post('staff', '/api/v1/councils', { orgUnitId: second.id, name: '舜德路10号楼事会' });
  await post('otherStaff', '/api/v1/councils', { orgUnitId: b.building.id, name: '外街楼事会' });
  await post('captain', `/api/v1/councils/${first.id}/members`, {
    name: '刘珍贵',
    role: 'captain',
    joinedOn: '2023-03-01',
  });
  await post('captain', `/api/v1/councils/${first.id}/members`, {
    name: '黄伯',
    role: 'owner_rep',
    joinedOn: '2023-03-01',
  });
  for (const [heldOn, title] of [
    ['2023-04-12', '加装电梯第一次协商会'],
    ['2023-05-20', '加装电梯分摊方案协商会'],
  ])
    await post('captain', `/api/v1/councils/${first.id}/meetings`, {
      heldOn,
      title,
      attendees: '刘珍贵、黄伯及12户业主代表',
      minutes: '讨论加装电梯事宜。',
    });
});
afterAll(() => t?.close());

const { get, post, sheetOf, audits, expectRefused } = exportKit(() => t, cookies);
const URL = '/api/v1/councils/export';
/** The first building's council as its row reads (the building is named at setup). */
const first = () => [
  '舜德路8号楼事会',
  a.building.name,
  '刘珍贵（楼长）、黄伯（业主代表）',
  2,
  '2023-05-20 加装电梯分摊方案协商会\n2023-04-12 加装电梯第一次协商会',
];

describe('楼事会: export', () => {
  it('writes the councils the tab lists, in its order, and audits it', async () => {
    const s = await sheetOf('staff', URL);
    expect(s.name).toBe('楼事会');
    expect(s.header).toEqual(['楼事会', '楼栋 / 小区', '成员', '会议次数', '会议纪要']);
    const listed = (await get('staff', '/api/v1/councils')).json().items;
    expect(s.body.map((r) => r[0])).toEqual(listed.map((c: { name: string }) => c.name));
    expect([...s.body].sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual(
      [first(), ['舜德路10号楼事会', '舜德路10号', null, 0, null]].sort((x, y) =>
        String(x[0]).localeCompare(String(y[0])),
      ),
    );

    const en = await sheetOf('staff', URL, 'en');
    expect(en.name).toBe('Councils');
    expect(en.header).toEqual(['Council', 'Building / estate', 'Members', 'Meetings', 'Minutes']);
    expect(en.body.find((r) => r[0] === '舜德路8号楼事会')?.[2]).toBe('刘珍贵 (Captain), 黄伯 (Owner representative)');
    expect((await audits('council.export')).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([
      [ids.staff, 2],
      [ids.staff, 2],
    ]);
  });

  it('gives the captain, a resident and another street only the councils they see; refuses someone with no role', async () => {
    expect((await sheetOf('captain', URL)).body).toEqual([first()]);
    expect((await sheetOf('resident', URL)).body).toEqual([first()]);
    expect((await sheetOf('otherStaff', URL)).body).toEqual([['外街楼事会', b.building.name, null, 0, null]]);
    await expectRefused('nobody', [URL], ['council.export']);
    expect((await audits('council.export')).slice(2).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([
      [ids.captain, 1],
      [ids.resident, 1],
      [ids.otherStaff, 1],
    ]);
  });
});
