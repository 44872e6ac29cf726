import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree, uniq } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { jpeg } from '../../../test/world';
import { insertHousehold } from '../households/households.repository';

/**
 * 楼栋集资 exported as the funds tab lists them, amounts in yuan, audited before the first byte. The building has
 * three households: the captain opens 疏通下水道 (300 元, equal: 100 元 each) and records one household's payment,
 * then opens 更换楼道灯 (90 元). Another street's building has its own fund; its staff never get these rows.
 */
let t: TestApp;
let a: Tree;
let b: Tree;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
const homes: number[] = [];

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  t.clock.set('2026-12-20T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  b = await buildTree(db);
  for (const [tree, n] of [
    [a, 3],
    [b, 1],
  ] as const)
    for (let i = 1; i <= n; i++) {
      const h = await insertHousehold(db, {
        streetId: tree.building.streetId as number,
        buildingId: tree.building.id,
        path: tree.building.path,
        unitLabel: null,
        floor: i,
        room: `${i}01`,
        floorArea: 60,
      });
      if (tree === a) homes.push(h.id);
    }
  for (const [k, role, unit] of [
    ['captain', 'captain', a.building],
    ['staff', 'community_staff', a.community],
    ['otherStaff', 'community_staff', b.community],
  ] as const) {
    const u = await buildUser(db, t.cipher, [{ role, unit }], `${k}${uniq()}`);
    ids[k] = u.id;
    cookies[k] = await login(t.app, u.phone);
  }
  const sewer = await post('captain', '/api/v1/funds', {
    buildingId: a.building.id,
    title: '疏通下水道',
    notice: '一楼下水道堵塞，报价300元，按户平均分摊，每户100元。',
    totalFen: 30000,
    split: 'equal',
  });
  const mp = multipartFile('file', 'receipt.jpg', await jpeg(40), 'image/jpeg');
  const photo = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie: cookies.captain! },
  });
  expect(photo.statusCode, photo.body).toBe(201);
  await post('captain', `/api/v1/funds/${sewer.id}/payments`, {
    householdId: homes[0],
    receiptPhotoId: photo.json().id,
  });
  await post('captain', '/api/v1/funds', {
    buildingId: a.building.id,
    title: '更换楼道灯',
    notice: '楼道灯损坏，更换三盏，共90元。',
    totalFen: 9000,
    split: 'equal',
  });
  await post('otherStaff', '/api/v1/funds', {
    buildingId: b.building.id,
    title: '外街集资',
    notice: '外街楼栋维修。',
    totalFen: 5000,
    split: 'equal',
  });
});
afterAll(() => t?.close());

const { get, post, sheetOf, audits } = exportKit(() => t, cookies);
const URL = '/api/v1/funds/export';
const HEADER = ['标题', '楼栋', '总额（元）', '已缴（元）', '已缴户数', '应缴户数', '支出（元）', '结余（元）', '状态'];

describe('楼栋集资: export', () => {
  it('writes the funds the tab lists, in its order, amounts in yuan, and audits it', async () => {
    const s = await sheetOf('captain', URL);
    expect(s.name).toBe('楼栋集资');
    expect(s.header).toEqual(HEADER);
    const rowsByTitle = {
      疏通下水道: ['疏通下水道', a.building.name, 300, 100, 1, 3, 0, 100, '收费中'],
      更换楼道灯: ['更换楼道灯', a.building.name, 90, 0, 0, 3, 0, 0, '收费中'],
    };
    const listed = (await get('captain', '/api/v1/funds')).json().items as { title: keyof typeof rowsByTitle }[];
    expect(listed).toHaveLength(2);
    expect(s.body).toEqual(listed.map((f) => rowsByTitle[f.title]));
    // Community staff over the building see the same list.
    expect((await sheetOf('staff', URL)).body).toEqual(s.body);

    const en = await sheetOf('captain', URL, 'en');
    expect(en.name).toBe('Shared funds');
    expect(en.header).toEqual([
      'Title',
      'Building',
      'Total (¥)',
      'Paid (¥)',
      'Households paid',
      'Households',
      'Spent (¥)',
      'Balance (¥)',
      'Status',
    ]);
    expect(en.body.map((r) => r[8])).toEqual(['Collecting', 'Collecting']);
    expect((await audits('fund.export')).map((x) => [x.actor_user_id, x.detail.rows])).toEqual([
      [ids.captain, 2],
      [ids.staff, 2],
      [ids.captain, 2],
    ]);
  });

  it('gives another street’s staff only their own building’s fund', async () => {
    expect((await sheetOf('otherStaff', URL)).body).toEqual([
      ['外街集资', b.building.name, 50, 0, 0, 1, 0, 0, '收费中'],
    ]);
    expect((await audits('fund.export')).at(-1)).toMatchObject({ actor_user_id: ids.otherStaff, detail: { rows: 1 } });
  });
});
