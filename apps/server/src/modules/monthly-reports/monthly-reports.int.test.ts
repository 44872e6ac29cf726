import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, PASSWORD, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readPdf } from '../../../test/pdf-text';
import { type Db, rows } from '../../platform/db';
import { insertReport } from '../reports/reports.repository';
import type { Figure } from './monthly-report-pdf';

/**
 * 月度报告 against a fixture with known numbers in November and October 2026 (Asia/Shanghai), worked out
 * by hand from the definitions in docs/glossary.md:
 *  reports  Nov: 4 received (a 5th merged, not counted), 3 answered after 1, 3 and 2 h, 2 resolved after
 *                2 and 4 h, rated 5 and 4, both resolved within the community; categories A ×2, B ×2.
 *           Oct: 1 received (A), not answered.
 *  chores   Nov: submitted 3, approved 3 (5 + 8 + 8 = 21 points; one was submitted on 31 Oct), rejected 1.
 *           Oct: submitted 2 (the one of 31 Oct included), approved 1 (5 points), rejected 0.
 *           A point is 0.5 yuan: 10.5 and 2.5 yuan.
 *  care     Nov: 3 visits of 2 people, one raised a report. Oct: 1 visit of 1 person.
 *  coverage one building, no captain.
 */
let t: TestApp;
let tree: Tree;
let cookies: Record<'community' | 'street' | 'other', string>;
const H = 3_600_000;
/** 10:00 in Shanghai on a day of 2026. */
const sh = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

beforeAll(async () => {
  t = await startTestApp();
  t.clock.set('2026-12-03T01:00:00Z');
  const db = t.database.db;
  tree = await buildTree(db);
  const other = await buildTree(db);
  const staff = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
  const street = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: tree.street }]);
  const outsider = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: other.street }]);
  cookies = {
    community: await login(t.app, staff.phone, PASSWORD),
    street: await login(t.app, street.phone, PASSWORD),
    other: await login(t.app, outsider.phone, PASSWORD),
  };
  const captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: tree.building }]);
  // The captain leaves the building: coverage counts it uncovered (the fixture's captain only submits chores).
  await db.execute(sql`delete from role_bindings where user_id = ${captain.id} and role = 'captain'`);
  await db.execute(sql`insert into point_settings (street_id, yuan_per_point) values (${tree.street.id}, 0.5)
                       on conflict (street_id) do update set yuan_per_point = 0.5`);

  const cats = await rows<{ id: number }>(
    db,
    sql`select id from report_categories where parent_id is null and is_active order by id limit 2`,
  );
  const [catA, catB] = cats.map((c) => Number(c.id)) as [number, number];
  const report = (created: Date, categoryId: number, v: Partial<Parameters<typeof insertReport>[1]> = {}) =>
    insertReport(db, {
      streetId: tree.street.id,
      buildingId: tree.building.id,
      path: tree.building.path,
      categoryId,
      description: '楼道灯不亮',
      channel: 'app',
      handlerOrgUnitId: tree.building.id,
      levelEnteredAt: created,
      createdAt: created,
      updatedAt: created,
      status: 'submitted',
      level: 1,
      peakLevel: 1,
      ...v,
    });
  const nov = sh('2026-11-10');
  const at = (h: number) => new Date(nov.getTime() + h * H);
  const first = await report(nov, catA, { status: 'closed', firstAnsweredAt: at(1), resolvedAt: at(2), rating: 5 });
  await report(nov, catA, {
    status: 'resolved',
    level: 3,
    peakLevel: 3,
    firstAnsweredAt: at(3),
    resolvedAt: at(4),
    rating: 4,
  });
  const later = sh('2026-11-20');
  await report(later, catB, {
    status: 'in_progress',
    level: 5,
    peakLevel: 5,
    firstAnsweredAt: new Date(later.getTime() + 2 * H),
  });
  const unanswered = await report(sh('2026-11-20'), catB);
  await report(nov, catA, { status: 'merged', mergedIntoId: first.id, firstAnsweredAt: at(1) });
  await report(sh('2026-10-15'), catA);

  const chore = await choreMaker(db, t, tree, captain.id, street.id);
  await chore({ points: 5, submitted: sh('2026-11-03'), reviewed: sh('2026-11-04'), status: 'approved' });
  await chore({ points: 8, submitted: sh('2026-11-05'), reviewed: sh('2026-11-06'), status: 'approved' });
  await chore({ points: 8, submitted: sh('2026-10-31', 15), reviewed: sh('2026-11-01', 9), status: 'approved' });
  await chore({ points: 5, submitted: sh('2026-11-07'), reviewed: sh('2026-11-08'), status: 'rejected' });
  await chore({ points: 5, submitted: sh('2026-10-08'), reviewed: sh('2026-10-09'), status: 'approved' });
  // Before the period and after it: counted in neither month.
  await chore({ points: 3, submitted: sh('2026-09-30'), reviewed: sh('2026-09-30', 12), status: 'approved' });
  await chore({ points: 3, submitted: sh('2026-12-01'), reviewed: sh('2026-12-02'), status: 'approved' });

  const { residents } = await buildHousehold(db, t.services.households, tree.building, [{}, {}]);
  const [p1, p2] = residents.map((r) => Number(r.id)) as [number, number];
  const visit = (residentId: number, at: Date, reportId: number | null = null) =>
    db.execute(sql`insert into care_visits (street_id, resident_id, path, visitor_user_id, visited_at, visited_on, report_id, created_at)
                   values (${tree.street.id}, ${residentId}, ${tree.building.path}, ${staff.id}, ${at}, ${at.toISOString().slice(0, 10)}, ${reportId}, ${at})`);
  await visit(p1, sh('2026-11-02'));
  await visit(p1, sh('2026-11-16'), unanswered.id);
  await visit(p2, sh('2026-11-30', 23));
  await visit(p2, sh('2026-10-30'));
});
afterAll(() => t.close());

/** Makes an approved or rejected chore of `points` for the captain, credited through the ledger when approved. */
async function choreMaker(db: Db, t: TestApp, tree: Tree, captainId: number, reviewerId: number) {
  const street = tree.street;
  let n = 0;
  return async (c: { points: number; submitted: Date; reviewed: Date; status: 'approved' | 'rejected' }) => {
    n++;
    const [tpl] = await rows<{ id: number }>(
      db,
      sql`insert into chore_templates (street_id, name, category, points, min_photos, before_after, claim_ttl_hours, created_at)
          values (${street.id}, ${`扫楼梯${n}`}, 'cleaning', ${c.points}, 0, false, 24, now()) returning id`,
    );
    const [pub] = await rows<{ id: number }>(
      db,
      sql`insert into chore_publications (street_id, template_id, org_unit_id, org_path, recurrence, starts_on, created_by_user_id, created_at)
          values (${street.id}, ${tpl?.id}, ${street.id}, ${street.path}, 'once', '2026-09-01', ${reviewerId}, now()) returning id`,
    );
    const [task] = await rows<{ id: number }>(
      db,
      sql`insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at,
                                   status, claimed_by_user_id, claimed_at, created_at)
          values (${street.id}, ${pub?.id}, ${tpl?.id}, ${tree.building.id}, ${tree.building.path}, '2026-09-01',
                  ${c.submitted}, 'submitted', ${captainId}, ${c.submitted}, ${c.submitted}) returning id`,
    );
    let entryId: number | null = null;
    if (c.status === 'approved') {
      const credit = await t.services.ledger.credit(db, {
        streetId: street.id,
        userId: captainId,
        points: c.points,
        causeKey: `fixture-chore:${task?.id}`,
        memo: '扫楼梯',
        actorUserId: reviewerId,
      });
      entryId = credit.entryId;
    }
    await db.execute(sql`
      insert into chore_submissions (street_id, task_id, submitter_user_id, done_at, status, reviewer_user_id, reviewed_at,
                                     reject_reason, ledger_entry_id, created_at)
      values (${street.id}, ${task?.id}, ${captainId}, ${c.submitted}, ${c.status}, ${reviewerId}, ${c.reviewed},
              ${c.status === 'rejected' ? '照片不清楚' : null}, ${entryId}, ${c.submitted})`);
  };
}

const call = (who: keyof typeof cookies, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who] }, ...(payload ? { payload } : {}) });
const count = async () =>
  Number((await rows<{ n: string }>(t.database.db, sql`select count(*) as n from monthly_reports`))[0]?.n);
const figure = (figures: Figure[], label: string) => {
  const f = figures.find((x) => x.label === label);
  if (!f) throw new Error(`no figure ${label}`);
  return [f.now, f.before];
};

describe('monthly reports', () => {
  it('count the month and the month before as the fixture says', async () => {
    const unit = { ...tree.community, kind: 'community', streetId: tree.street.id };
    const c = await t.services.monthlyReports.content(unit, '2026-11');
    expect(c.previousMonth).toBe('2026-10');
    const [reports, chores, care, coverage] = c.sections;
    expect(c.sections.map((s) => s.title)).toEqual([
      '一、诉求办理',
      '二、楼长任务与积分',
      '三、关爱走访',
      '四、楼长覆盖',
    ]);
    const r = reports?.figures ?? [];
    expect(figure(r, '收到诉求（件）')).toEqual([4, 1]);
    expect(figure(r, '已答复（件）')).toEqual([3, 0]);
    expect(figure(r, '已办结（件）')).toEqual([2, 0]);
    expect(figure(r, '答复率')).toEqual([0.75, 0]);
    expect(figure(r, '平均首次答复（小时）')).toEqual([2, null]);
    expect(figure(r, '平均办结（小时）')).toEqual([3, null]);
    expect(figure(r, '平均满意度（星）')).toEqual([4.5, null]);
    expect(figure(r, '小事不出社区（办结中社区内解决）')).toEqual([1, null]);
    const ch = chores?.figures ?? [];
    expect(figure(ch, '提交任务（次）')).toEqual([3, 2]);
    expect(figure(ch, '审核通过（次）')).toEqual([3, 1]);
    expect(figure(ch, '退回（次）')).toEqual([1, 0]);
    expect(figure(ch, '发放积分（分）')).toEqual([21, 5]);
    expect(figure(ch, '积分折合（元）')).toEqual([10.5, 2.5]);
    const ca = care?.figures ?? [];
    expect(figure(ca, '走访（次）')).toEqual([3, 1]);
    expect(figure(ca, '走访对象（人）')).toEqual([2, 1]);
    expect(figure(ca, '走访中发现并转为诉求（件）')).toEqual([1, 0]);
    const co = coverage?.figures ?? [];
    expect(figure(co, '楼栋（栋）')).toEqual([1, null]);
    expect(figure(co, '覆盖率')).toEqual([0, null]);
    expect(c.receivedByDay).toHaveLength(30);
    expect(c.receivedByDay[9]).toBe(2);
    expect(c.receivedByDay[19]).toBe(2);
    expect(c.receivedByDay.reduce((a, b) => a + b, 0)).toBe(4);
    expect(c.byCategory.map((x) => [x.now, x.before])).toEqual([
      [2, 1],
      [2, 0],
    ]);
  });

  it('print the figures and the charts in a PDF that staff of the community download', async () => {
    const res = await call('community', 'POST', '/api/v1/monthly-reports', {
      orgUnitId: tree.community.id,
      month: '2026-11',
    });
    expect(res.statusCode, res.body).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ orgUnitId: tree.community.id, month: '2026-11', orgUnitName: tree.community.name });
    const file = await call('community', 'GET', `/api/v1/monthly-reports/${made.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const { pages } = await readPdf(file.rawPayload);
    const text = pages.map((p) => p.text).join('');
    expect(text).toContain(`${tree.community.name} 2026年11月`);
    // Each row: the label, this month, last month, the change.
    expect(text).toContain('收到诉求（件） 4 1 +3');
    expect(text).toContain('答复率 75.0% 0.0% +75.0 个百分点');
    expect(text).toContain('发放积分（分） 21 5 +16');
    expect(text).toContain('走访（次） 3 1 +2');
    expect(text).toContain('积分折合（元） 10.5 2.5 +8');
    // The coverage is today's, not a month's: its columns say so.
    expect(text).toContain('指标 当前楼栋（栋） 1');
    expect(text).toContain('每日收到诉求（件）');
    // The charts are drawn: the category names from the report categories appear as axis labels.
    expect(text).toContain('各类诉求（件）');
    expect(pages.some((p) => p.darkShare > 0.01)).toBe(true);

    const listed = (await call('street', 'GET', '/api/v1/monthly-reports')).json().items;
    expect(listed.map((x: { id: number }) => x.id)).toContain(made.id);
  });

  it('makes a street’s report with the mall, and again in place of the first', async () => {
    const first = (
      await call('street', 'POST', '/api/v1/monthly-reports', { orgUnitId: tree.street.id, month: '2026-11' })
    ).json();
    const [before] = await rows<{ file_key: string }>(
      t.database.db,
      sql`select file_key from monthly_reports where id = ${first.id}`,
    );
    const again = await call('street', 'POST', '/api/v1/monthly-reports', {
      orgUnitId: tree.street.id,
      month: '2026-11',
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.id);
    expect(await t.store.get(before?.file_key ?? '')).toBeNull();
    const { pages } = await readPdf(
      (await call('street', 'GET', `/api/v1/monthly-reports/${first.id}/file`)).rawPayload,
    );
    expect(pages.map((p) => p.text).join('')).toContain('四、积分商城');
  });

  it('refuses a month not ended, a unit that is not a street or community, and another street, changing nothing', async () => {
    const n = await count();
    const notEnded = await call('street', 'POST', '/api/v1/monthly-reports', {
      orgUnitId: tree.street.id,
      month: '2026-12',
    });
    expect(notEnded.statusCode).toBe(409);
    expect(notEnded.json().error.code).toBe('MONTH_NOT_ENDED');
    const building = await call('street', 'POST', '/api/v1/monthly-reports', {
      orgUnitId: tree.building.id,
      month: '2026-10',
    });
    expect(building.statusCode).toBe(400);
    expect(building.json().error.code).toBe('REPORT_SCOPE_UNSUPPORTED');
    const bad = await call('street', 'POST', '/api/v1/monthly-reports', {
      orgUnitId: tree.street.id,
      month: '2026-13',
    });
    expect(bad.statusCode).toBe(400);
    const other = await call('other', 'POST', '/api/v1/monthly-reports', {
      orgUnitId: tree.community.id,
      month: '2026-10',
    });
    expect(other.statusCode).toBe(404);
    const [some] = (await call('street', 'GET', '/api/v1/monthly-reports')).json().items;
    expect((await call('other', 'GET', `/api/v1/monthly-reports/${some.id}/file`)).statusCode).toBe(404);
    expect((await call('other', 'GET', '/api/v1/monthly-reports')).json().items).toEqual([]);
    expect(await count()).toBe(n);
  });

  it('the dashboard’s chores and points follow the period asked, all of them by default', async () => {
    const q = (from: string, to: string) =>
      `/api/v1/chores/figures?orgUnitId=${tree.community.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const nov = await call('community', 'GET', q('2026-11-01T00:00:00+08:00', '2026-12-01T00:00:00+08:00'));
    expect(nov.statusCode, nov.body).toBe(200);
    expect(nov.json()).toMatchObject({ submitted: 3, approved: 3, rejected: 1, points: 21, pointsYuan: 10.5 });
    expect(nov.json().byDay).toEqual([
      { day: '2026-11-01', approved: 1, points: 8 },
      { day: '2026-11-04', approved: 1, points: 5 },
      { day: '2026-11-06', approved: 1, points: 8 },
    ]);
    const all = (await call('street', 'GET', `/api/v1/chores/figures?orgUnitId=${tree.street.id}`)).json();
    // Every chore of the fixture: 7 submitted, 6 approved (5 + 8 + 8 + 5 + 3 + 3 points), 1 sent back.
    expect(all).toMatchObject({ submitted: 7, approved: 6, rejected: 1, points: 32, pointsYuan: 16 });
    expect((await call('other', 'GET', `/api/v1/chores/figures?orgUnitId=${tree.community.id}`)).statusCode).toBe(404);
    const backwards = await call('community', 'GET', q('2026-12-01T00:00:00+08:00', '2026-11-01T00:00:00+08:00'));
    expect(backwards.statusCode).toBe(400);
  });

  it('the monthly job writes last month’s once for every street and community, run twice at once', async () => {
    t.clock.set('2027-01-01T00:30:00Z'); // 1 January, 08:30 in Shanghai: December is done.
    const units = Number(
      (
        await rows<{ n: string }>(
          t.database.db,
          sql`select count(*) as n from org_units where kind in ('street','community')`,
        )
      )[0]?.n,
    );
    let made = 0;
    for (let i = 0; i < units; i++) {
      const [a, b] = await Promise.all([
        t.services.monthlyReports.runMonthly(),
        t.services.monthlyReports.runMonthly(),
      ]);
      made += a + b;
    }
    const dec = await rows<{ org_unit_id: number; file_key: string }>(
      t.database.db,
      sql`select org_unit_id, file_key from monthly_reports where month = '2026-12'`,
    );
    expect(dec).toHaveLength(units);
    expect(made).toBe(units);
    expect(new Set(dec.map((d) => Number(d.org_unit_id))).size).toBe(units);
    for (const d of dec) expect(await t.store.get(d.file_key)).not.toBeNull();
    expect(await t.services.monthlyReports.runMonthly()).toBe(0);
  });
});
