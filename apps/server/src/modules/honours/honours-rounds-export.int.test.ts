import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { honoursFixture, type Street } from '../../../test/honours-fixture';

/**
 * A street's 评选列表 exported as the console lists it (newest period first), audited before the first byte, and
 * only for the street asked about when the caller reaches it. Three captains with chore points in 2026-Q3 — 甲 100,
 * 乙 60, 丙 20 — no ratings: the 2026-Q3 star round (30 %) has 3 eligible, a quota of ⌈3 × 30 / 100⌉ = 1 and 甲
 * alone honoured; it is reviewed. A 2025 最美楼长 round (5 %) stays a draft. Another street has its own round.
 */
let t: TestApp;
let f: ReturnType<typeof honoursFixture>;
let s: Street;
let other: Street;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  f = honoursFixture(t);
  s = await f.street();
  other = await f.street();
  for (const [name, pts] of [
    ['甲', 100],
    ['乙', 60],
    ['丙', 20],
  ] as const) {
    const c = await f.captain(s, name);
    await f.chorePoints(s, c.id, pts, `${s.tree.street.id}-${name}`);
    if (name === '甲') cookies.captain = await login(t.app, c.phone);
  }
  const star = await f.draft(s, 'star', '2026-Q3');
  expect(star.statusCode, star.body).toBe(201);
  const reviewed = await f.call(s.staff, 'POST', `/api/v1/honours/rounds/${star.json().id}/review`);
  expect(reviewed.statusCode, reviewed.body).toBe(200);
  const beauty = await f.draft(s, 'beauty', '2025');
  expect(beauty.statusCode, beauty.body).toBe(201);
  expect((await f.draft(other, 'star', '2026-Q3')).statusCode).toBe(201);
  cookies.staff = s.staff;
  cookies.community = s.community;
  cookies.otherStaff = other.staff;
});
afterAll(() => t?.close());

const { get, sheetOf, audits } = exportKit(() => t, cookies);
const exportsOf = () => audits('honour_round.list_export');

describe('评选列表: export', () => {
  it('writes the street’s rounds as the list shows them, in its order, and audits it', async () => {
    const url = `/api/v1/honours/rounds/export?streetId=${s.tree.street.id}`;
    const sheet = await sheetOf('staff', url);
    expect(sheet.name).toBe('评选列表');
    expect(sheet.header).toEqual(['评选类型', '评选周期', '状态', '名额', '比例（%）', '参评人数', '入选人数']);
    expect(sheet.body[0]).toEqual(['星级楼长（季度）', '2026-Q3', '已审核', 1, 30, 3, 1]);
    expect(sheet.body[1]!.slice(0, 3)).toEqual(['最美楼长（年度）', '2025', '草稿']);
    expect(sheet.body[1]![4]).toBe(5);
    expect(sheet.body).toHaveLength(2);
    // Row for row what the list answers.
    const listed = (await get('staff', `/api/v1/honours/rounds?streetId=${s.tree.street.id}`)).json().items;
    expect(sheet.body.map((r) => [r[1], r[3], r[5], r[6]])).toEqual(
      listed.map((r: { period: string; quota: number; eligible: number; honoured: number }) => [
        r.period,
        r.quota,
        r.eligible,
        r.honoured,
      ]),
    );
    // Community staff read the same list; without a street, the caller's own street.
    expect((await sheetOf('community', url)).body).toEqual(sheet.body);
    expect((await sheetOf('staff', '/api/v1/honours/rounds/export')).body).toEqual(sheet.body);

    const en = await sheetOf('staff', url, 'en');
    expect(en.name).toBe('Honour rounds');
    expect(en.header).toEqual(['Kind', 'Period', 'Status', 'Quota', 'Share (%)', 'Eligible', 'Honoured']);
    expect(en.body[0]).toEqual(['Star captains (quarter)', '2026-Q3', 'Reviewed', 1, 30, 3, 1]);

    const logged = await exportsOf();
    expect(logged.map((x) => [x.detail.rows, x.detail.filters])).toEqual([
      [2, { streetId: s.tree.street.id }],
      [2, { streetId: s.tree.street.id }],
      [2, { streetId: s.tree.street.id }],
      [2, { streetId: s.tree.street.id }],
    ]);
  });

  it('gives another street’s staff only their own rounds and refuses them this street’s, writing nothing', async () => {
    const before = (await exportsOf()).length;
    const own = await sheetOf('otherStaff', '/api/v1/honours/rounds/export');
    expect(own.body).toEqual([['星级楼长（季度）', '2026-Q3', '草稿', 0, 30, 0, 0]]);
    const refused = await get('otherStaff', `/api/v1/honours/rounds/export?streetId=${s.tree.street.id}`);
    expect([403, 404]).toContain(refused.statusCode);
    expect((await get('captain', `/api/v1/honours/rounds/export?streetId=${s.tree.street.id}`)).statusCode).toBe(403);
    expect((await exportsOf()).length).toBe(before + 1);
  });
});
