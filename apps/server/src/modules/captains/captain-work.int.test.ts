import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { insertReport } from '../reports/reports.repository';

/**
 * Cadres' work per employer unit against a hand-counted fixture for October 2026: 甲 and 乙 of 开平市教育局
 * with 2 and 1 approved chores of 10 points (甲's September chore is outside the period) and 甲's 2.5 hours
 * of fire training, 丙 with no unit who resolved one report.
 */
let t: TestApp;
let a: Tree;
let community: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await buildTree(t.database.db);
  community = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
});
afterAll(() => t.close());

async function captain(name: string, unit: string | null) {
  const b = await child(t.database.db, a.estate, 'building', `${name}楼`);
  const u = await buildUser(t.database.db, t.cipher, [], name);
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/buildings/${b.id}/captains`,
    headers: { cookie: community },
    payload: { userId: u.id },
  });
  expect(r.statusCode, r.body).toBe(200);
  if (unit) {
    const p = await t.app.inject({
      method: 'POST',
      url: `/api/v1/captains/${u.id}/profile`,
      headers: { cookie: community },
      payload: { employerUnit: unit, tags: ['机关干部'], version: 1 },
    });
    expect(p.statusCode, p.body).toBe(200);
  }
  return { ...u, building: b };
}

async function chore(userId: number, at: string, key: string) {
  t.clock.set(at);
  await t.database.db.transaction((tx) =>
    t.services.ledger.credit(tx as never, {
      streetId: a.street.id,
      userId,
      points: 10,
      causeKey: `chore_submission:work-${key}`,
      memo: '扫楼梯',
      actorUserId: null,
    }),
  );
  t.clock.set('2026-11-02T02:00:00Z');
}

let activityN = 0;
/** A volunteer record for the user and, per [start, hours, confirmed], a 2-hour-plus activity attended. */
async function volunteerHours(userId: number, sessions: [string, number, boolean][]) {
  const db = t.database.db;
  const [v] = await rows<{ id: number }>(
    db,
    sql`insert into volunteers (user_id, street_id, community_id, path, created_at)
        values (${userId}, ${a.street.id}, ${a.community.id}, ${a.community.path}, now()) returning id`,
  );
  for (const [start, hours, confirmed] of sessions) {
    const startsAt = new Date(start);
    const endsAt = new Date(startsAt.getTime() + 4 * 3_600_000);
    const [act] = await rows<{ id: number }>(
      db,
      sql`insert into volunteer_activities (street_id, org_unit_id, path, kind, title, place, starts_at, ends_at,
            capacity, checkin_token, created_by, created_at)
          values (${a.street.id}, ${a.community.id}, ${a.community.path}, 'clinic', '义诊', '社区', ${startsAt}, ${endsAt},
            10, ${`work-${++activityN}-${userId}`}, ${userId}, now()) returning id`,
    );
    await db.execute(
      sql`insert into activity_signups (activity_id, volunteer_id, street_id, status, created_at, checked_in_at,
            checked_in_by, hours, hours_confirmed_by, hours_confirmed_at)
          values (${act!.id}, ${v!.id}, ${a.street.id}, 'confirmed', now(), ${startsAt}, 'organiser',
            ${confirmed ? hours : null}, ${confirmed ? userId : null}, ${confirmed ? endsAt : null})`,
    );
  }
}

describe('cadres’ work export', () => {
  it('sums each unit’s chores, points and resolved reports in the period', async () => {
    const jia = await captain('甲', '开平市教育局');
    const yi = await captain('乙', '开平市教育局');
    const bing = await captain('丙', null);
    await chore(jia.id, '2026-10-05T02:00:00Z', 'j1');
    await chore(jia.id, '2026-10-25T02:00:00Z', 'j2');
    await chore(jia.id, '2026-09-15T02:00:00Z', 'j0');
    await chore(yi.id, '2026-10-31T15:00:00Z', 'y1'); // 23:00 in Shanghai on the 31st: inside
    const [cat] = await rows<{ id: number }>(t.database.db, sql`select id from report_categories order by id limit 1`);
    const at = new Date('2026-10-20T02:00:00Z');
    const r = await insertReport(t.database.db, {
      streetId: a.street.id,
      buildingId: bing.building.id,
      path: bing.building.path,
      categoryId: cat?.id as number,
      description: '楼道灯不亮',
      channel: 'app',
      status: 'resolved',
      level: 1,
      peakLevel: 1,
      handlerOrgUnitId: bing.building.id,
      levelEnteredAt: at,
      resolvedAt: at,
      createdAt: at,
      updatedAt: at,
    });
    await t.database.db.execute(sql`
      insert into report_events (report_id, street_id, version, type, actor_user_id, to_status, to_level, at)
      values (${r.id}, ${a.street.id}, 2, 'resolved', ${bing.id}, 'resolved', 1, ${at.toISOString()}::timestamptz)`);

    const fire = await t.app.inject({
      method: 'POST',
      url: '/api/v1/captain-sessions',
      headers: { cookie: community },
      payload: {
        orgUnitId: a.community.id,
        kind: 'training',
        topic: '消防',
        title: '消防培训',
        heldOn: '2026-10-12',
        hours: 2.5,
      },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/captain-sessions/${fire.json().id}/attendance`,
      headers: { cookie: community },
      payload: { userIds: [jia.id] },
    });
    // Volunteer service: 甲 3 h confirmed on 10-08 and 2 h on 09-20 (outside), 1 h attended but not confirmed on
    // 10-09; 乙 1.25 h confirmed on 10-31 at 23:30 Shanghai (inside). 开平市教育局: 3 + 1.25 = 4.25 h.
    await volunteerHours(jia.id, [
      ['2026-10-08T01:00:00Z', 3, true],
      ['2026-09-20T01:00:00Z', 2, true],
      ['2026-10-09T01:00:00Z', 1, false],
    ]);
    await volunteerHours(yi.id, [['2026-10-31T15:30:00Z', 1.25, true]]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/captains/work-export?orgUnitId=${a.community.id}&from=2026-10-01&to=2026-10-31`,
      headers: { cookie: community },
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const summary = wb.getWorksheet('按单位汇总');
    const units: unknown[][] = [];
    summary?.eachRow((row, n) => {
      if (n > 2) units.push((row.values as unknown[]).slice(1));
    });
    expect(units).toEqual([
      ['开平市教育局', 2, 3, 30, 0, 2.5, 4.25],
      ['（无工作单位）', 1, 0, 0, 1, 0, 0],
    ]);
    const detail = wb.getWorksheet('明细');
    const phones: string[] = [];
    detail?.eachRow((row, n) => {
      if (n > 1) phones.push(String(row.getCell(3).value));
    });
    for (const p of phones) expect(p).toMatch(/\*{4}/);
    const hoursByName = new Map<string, unknown>();
    detail?.eachRow((row, n) => {
      if (n > 1) hoursByName.set(String(row.getCell(2).value), row.getCell(10).value);
    });
    expect(Object.fromEntries(hoursByName)).toEqual({ 甲: 3, 乙: 1.25, 丙: 0 });
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/captains/work-export?from=2026-10-31&to=2026-10-01',
      headers: { cookie: community },
    });
    expect(bad.statusCode).toBe(400);
  });
});
