import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';
import { rows } from '../../platform/db';

/**
 * 关爱走访's export: the sheet holds the rows the list shows for the same filters, in its order, care tags as
 * labels, audited before the first byte; refused (and nothing written) for those who may not read care data.
 *
 * On 1 December the grid worker 网格员甲 is named visitor of 关秀英 (独居老人, weekly) and 张阿姨 (高龄 + 残疾:
 * the shorter cycle, 14 days), and visits 关秀英 that day; 李伯 (高龄) has no visitor. Read on 10 December:
 *   关秀英 due 12-08, overdue · 李伯 unassigned, no date · 张阿姨 due 12-15, on schedule.
 */
let t: TestApp;
let a: Tree;
const cookies: Record<string, string> = {};
const users: Record<string, { id: number; phone: string }> = {};
const room: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  t.clock.set('2026-12-01T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  const hh = t.services.households;
  const ids: Record<string, number> = {};
  for (const [name, tags, r] of [
    ['关秀英', ['elderly_alone'], '101'],
    ['李伯', ['aged'], '102'],
    ['张阿姨', ['aged', 'disabled'], '103'],
  ] as const) {
    const h = await buildHousehold(db, hh, a.building, [{ name, birthYear: 1940, careTags: [...tags] }], { room: r });
    ids[name] = h.residents[0]!.id;
    room[name] = r;
  }
  Object.assign(users, {
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    grid: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }], '网格员甲'),
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
  });
  await signIn();
  for (const name of ['关秀英', '张阿姨']) {
    const res = await call('community', `/api/v1/care/people/${ids[name]}/visitor`, 'PUT', {
      visitorUserId: users.grid!.id,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const visit = await call('grid', '/api/v1/care/visits', 'POST', { residentId: ids.关秀英, findings: '身体尚好' });
  expect(visit.statusCode, visit.body).toBe(201);
  t.clock.set('2026-12-10T02:00:00Z');
  await signIn();
});
afterAll(() => t?.close());

async function signIn() {
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
}
const call = (who: string, url: string, method: 'GET' | 'PUT' | 'POST' = 'GET', payload?: object, lang = 'zh-CN') =>
  t.app.inject({ method, url, headers: { cookie: cookies[who]!, 'accept-language': lang }, payload });
const exportsBy = async (userId: number) =>
  rows<{ detail: { rows: number; filters: { view?: string } } }>(
    t.database.db,
    sql`select detail from audit_log where action = 'care.export' and actor_user_id = ${userId} order by id`,
  );

describe('关爱走访: export', () => {
  it('writes the rows the list shows for the same filters, in its order, and audits it', async () => {
    const list = (await call('community', '/api/v1/care/people?view=all')).json();
    expect(list.items.map((p: { name: string }) => p.name)).toEqual(['关秀英', '李伯', '张阿姨']);
    const res = await call('community', '/api/v1/care/people/export?view=all');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('关爱走访'));
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('关爱走访');
    expect(s.header).toEqual(['姓名', '住址', '关爱标签', '走访周期（天）', '走访人', '上次走访', '应访日期', '状态']);
    const at = (name: string) => `${a.building.name}${room[name]}室`;
    expect(s.body).toEqual([
      ['关秀英', at('关秀英'), '独居老人', 7, '网格员甲', '2026-12-01', '2026-12-08', '已逾期'],
      ['李伯', at('李伯'), '高龄', 14, null, null, null, '未分配'],
      ['张阿姨', at('张阿姨'), '高龄、残疾', 14, '网格员甲', null, '2026-12-15', '按期'],
    ]);
    const due = await readSheet(
      (await call('community', '/api/v1/care/people/export?view=due', 'GET', undefined, 'en')).rawPayload,
    );
    expect(due.name).toBe('Care visits');
    expect(due.body).toEqual([
      ['关秀英', at('关秀英'), 'Elderly living alone', 7, '网格员甲', '2026-12-01', '2026-12-08', 'Overdue'],
    ]);
    expect((await exportsBy(users.community!.id)).map((x) => [x.detail.rows, x.detail.filters.view])).toEqual([
      [3, 'all'],
      [1, 'due'],
    ]);
  });

  it('refuses street staff, and writes nothing', async () => {
    const res = await call('street', '/api/v1/care/people/export?view=all');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(await exportsBy(users.street!.id)).toEqual([]);
  });
});
