import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, PASSWORD } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { insertReport } from './reports.repository';

/**
 * The figures against a fixture with known numbers, worked out by hand from the definitions in
 * docs/glossary.md (received by creation, answered = has a first answer, resolved = resolved or closed
 * with a resolution time, within the community = peak level ≤ 3, merged reports not counted).
 */
let t: TestApp;
let cookie: string;
let communityId: number;
const H = 3_600_000;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const tree = await buildTree(db);
  communityId = tree.community.id;
  const staff = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
  cookie = await login(t.app, staff.phone, PASSWORD);
  const [cat] = await rows<{ id: number }>(
    db,
    sql`select id from report_categories where parent_id is null and is_active order by id limit 1`,
  );
  const created = new Date('2026-11-10T02:00:00Z');
  const at = (h: number) => new Date(created.getTime() + h * H);
  const base = {
    streetId: tree.street.id as number,
    buildingId: tree.building.id,
    path: tree.building.path,
    categoryId: cat?.id as number,
    description: '楼道灯不亮',
    channel: 'app',
    handlerOrgUnitId: tree.building.id,
    levelEnteredAt: created,
    createdAt: created,
    updatedAt: created,
  };
  const r = (v: Partial<Parameters<typeof insertReport>[1]>) =>
    insertReport(db, { ...base, status: 'submitted', level: 1, peakLevel: 1, ...v });
  // 1: answered after 1 h, closed after 2 h at the building, rated 5.
  const first = await r({ status: 'closed', firstAnsweredAt: at(1), resolvedAt: at(2), rating: 5 });
  // 2: answered after 3 h, resolved after 4 h at the community (peak 3), rated 4.
  await r({ status: 'resolved', level: 3, peakLevel: 3, firstAnsweredAt: at(3), resolvedAt: at(4), rating: 4 });
  // 3: went to a department (peak 5), answered after 2 h, still in progress.
  await r({ status: 'in_progress', level: 5, peakLevel: 5, firstAnsweredAt: at(2) });
  // 4: not answered yet.
  await r({});
  // 5: merged into the first: not counted.
  await r({ status: 'merged', mergedIntoId: first.id, firstAnsweredAt: at(1) });
});
afterAll(() => t.close());

describe('report figures', () => {
  it('match the hand-worked numbers of the fixture', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/figures?orgUnitId=${communityId}`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toEqual({
      received: 4,
      answered: 3,
      resolved: 2,
      responseRate: 0.75,
      avgFirstAnswerHours: 2, // (1 + 3 + 2) / 3
      avgResolutionHours: 3, // (2 + 4) / 2
      avgRating: 4.5,
      rated: 2,
      resolvedWithinCommunity: 2,
      escalatedBeyondCommunity: 1,
      shareResolvedWithinCommunity: 1,
    });
    const byDay = res.json().byDay;
    // 02:00 UTC is 10:00 in Shanghai, the same day.
    expect(byDay).toEqual([expect.objectContaining({ day: '2026-11-10', received: 4 })]);
    const levels = Object.fromEntries(
      res.json().byLevel.map((l: { level: string; received: number }) => [l.level, l.received]),
    );
    expect(Object.values(levels).reduce((a, b) => Number(a) + Number(b), 0)).toBe(4);
  });
});
