import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../platform/db';
import {
  a,
  cat,
  cookies,
  dept,
  file,
  get,
  HOUR,
  otherDept,
  post,
  t,
  timelineTypes,
  useReportsApp,
} from './reports-fixture';

/* Reports: the handlers' actions up the levels to a department, the SLA clocks, the rating, the inbox and the figures of that flow. */
useReportsApp();

describe('routing and escalation', () => {
  it('walks a report from the captain up to a department and back (社区吹哨、部门报到)', async () => {
    const r = await file();
    const up = (who: string, body: object) => post(who, `/api/v1/reports/${r.id}/escalate`, body);
    // The captain acknowledges, then cannot fix it.
    expect((await post('captain', `/api/v1/reports/${r.id}/accept`)).json().status).toBe('accepted');
    expect((await up('grid', { reason: '试试' })).json().error.code).toBe('REPORT_NOT_HANDLER');
    const g = await up('captain', { reason: '灯座损坏，需要电工' });
    expect(g.json()).toMatchObject({ level: 'grid', status: 'submitted' });
    expect((await post('captain', `/api/v1/reports/${r.id}/answer`, { message: 'x' })).statusCode).toBe(403);
    // Grid worker answers, then passes it on; community passes it to the street.
    const ans = await post('grid', `/api/v1/reports/${r.id}/answer`, { message: '已联系物业电工，明天上门' });
    expect(ans.json().status).toBe('in_progress');
    expect((await up('grid', { reason: '线路老化，需社区协调' })).json().level).toBe('community');
    expect((await up('community', { reason: '需街道统筹' })).json().level).toBe('street');
    // The street must name a department (no default for this category), in its own district.
    const none = await up('street', { reason: '线路改造属住建' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('REPORT_DEPARTMENT_REQUIRED');
    expect((await up('street', { reason: '派单', departmentId: otherDept.id })).statusCode).toBe(400);
    expect((await get('dept', `/api/v1/reports/${r.id}`)).statusCode).toBe(404);
    const d = await up('street', { reason: '派单至城管局', departmentId: dept.id });
    expect(d.json()).toMatchObject({ level: 'department', status: 'submitted', departmentId: dept.id });
    // The department sees it now, must accept (报到) before answering, then answers and resolves.
    expect((await get('dept', `/api/v1/reports/${r.id}`)).statusCode).toBe(200);
    expect((await get('otherDept', `/api/v1/reports/${r.id}`)).statusCode).toBe(404);
    const early = await post('dept', `/api/v1/reports/${r.id}/answer`, { message: '收到' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('REPORT_NOT_ACCEPTED');
    expect((await post('dept', `/api/v1/reports/${r.id}/accept`, { message: '城管局报到' })).json().status).toBe(
      'accepted',
    );
    expect((await post('dept', `/api/v1/reports/${r.id}/escalate`, { reason: '再上报' })).json().error.code).toBe(
      'REPORT_TOP_LEVEL',
    );
    expect((await post('dept', `/api/v1/reports/${r.id}/answer`, { message: '已安排施工队' })).json().status).toBe(
      'in_progress',
    );
    expect(
      (await post('dept', `/api/v1/reports/${r.id}/resolve`, { message: '线路已更换，灯已亮' })).json().status,
    ).toBe('resolved');
    // The reporter confirms: closed with the rating.
    expect((await post('neighbour', `/api/v1/reports/${r.id}/rate`, { rating: 5, solved: true })).statusCode).toBe(404);
    const rated = await post('reporter', `/api/v1/reports/${r.id}/rate`, { rating: 5, solved: true });
    expect(rated.json()).toMatchObject({ status: 'closed', rating: 5 });
    expect(await timelineTypes('reporter', r.id)).toEqual([
      'submitted',
      'accepted',
      'escalated',
      'answered',
      'escalated',
      'escalated',
      'escalated',
      'accepted',
      'answered',
      'resolved',
      'rated',
    ]);
    // The timeline is append-only at the database.
    await expect(
      t.database.db.execute(sql`update report_events set note = 'x' where report_id = ${r.id}`),
    ).rejects.toThrow();
  });

  it('escalates by itself when the acknowledge clock runs out, once, even run twice at once', async () => {
    const r = await file();
    // Street light: the captain has 4 hours to acknowledge.
    t.clock.advance(3 * HOUR);
    await t.jobs.runOnce('reports.clocks');
    expect((await get('reporter', `/api/v1/reports/${r.id}`)).json().level).toBe('building');
    t.clock.advance(1 * HOUR + 1000);
    const autoEvents = async () =>
      (
        await rows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from report_events where type in ('auto_escalated','auto_closed','overdue')`,
        )
      )[0]?.n ?? 0;
    const before = await autoEvents();
    const moved = await Promise.all([
      t.services.reports.runClocks(t.clock.now()),
      t.services.reports.runClocks(t.clock.now()),
    ]);
    // Two runners at once (several instances): every due report moved exactly once between them.
    expect(moved[0]! + moved[1]!).toBe((await autoEvents()) - before);
    expect(moved[0]! + moved[1]!).toBeGreaterThanOrEqual(1);
    const after = (await get('reporter', `/api/v1/reports/${r.id}`)).json();
    expect(after).toMatchObject({ level: 'grid', status: 'submitted' });
    expect(after.timeline.filter((e: { type: string }) => e.type === 'auto_escalated')).toHaveLength(1);
    expect(await t.services.reports.runClocks(t.clock.now())).toBe(0);
    // The grid worker acknowledges; the resolve clock (72 h from reaching the grid) then runs out too.
    await post('grid', `/api/v1/reports/${r.id}/accept`);
    t.clock.advance(72 * HOUR + 1000);
    await t.jobs.runOnce('reports.clocks');
    const later = (await get('reporter', `/api/v1/reports/${r.id}`)).json();
    expect(later).toMatchObject({ level: 'community', status: 'submitted' });
  });

  it('moves each of many due reports exactly once when three runners race', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await t.services.reports.createFromSystem(
        { actor: null, ip: 'test' },
        {
          buildingId: a.building.id,
          categoryId: cat.sanitation!,
          description: `楼道卫生 ${i}`,
          externalId: `race-${i}`,
        },
      );
      ids.push(r.id);
    }
    t.clock.advance(4 * HOUR + 1000);
    await Promise.all([1, 2, 3].map(() => t.services.reports.runClocks(t.clock.now())));
    const counts = await rows<{ id: number; version: number; level: number; autos: number }>(
      t.database.db,
      sql`select r.id, r.version, r.level,
                 (select count(*) from report_events e where e.report_id = r.id and e.type = 'auto_escalated')::int as autos
            from reports r where r.id in ${ids}`,
    );
    expect(counts).toHaveLength(20);
    for (const c of counts) expect(c).toMatchObject({ version: 2, level: 2, autos: 1 });
  });

  it('marks a department that does not accept in time overdue and tells the street', async () => {
    const r = await file();
    for (const [who, body] of [
      ['captain', { reason: '需要上报处理' }],
      ['grid', { reason: '需要上报处理' }],
      ['community', { reason: '需要上报处理' }],
      ['street', { reason: '派单至城管局', departmentId: dept.id }],
    ] as const) {
      expect((await post(who, `/api/v1/reports/${r.id}/escalate`, body)).statusCode).toBe(200);
    }
    // Street light at a department: 24 hours to accept (报到).
    t.clock.advance(24 * HOUR + 1000);
    await t.jobs.runOnce('reports.clocks');
    const after = (await get('dept', `/api/v1/reports/${r.id}`)).json();
    expect(after).toMatchObject({ level: 'department', status: 'submitted', isOverdue: true, dueAt: null });
    expect(after.timeline.at(-1).type).toBe('overdue');
    const street = (await get('street', '/api/v1/notifications')).json().items as { kind: string; objectId: number }[];
    expect(street.some((n) => n.kind === 'report.overdue' && n.objectId === r.id)).toBe(true);
    // Accepting late still works.
    expect((await post('dept', `/api/v1/reports/${r.id}/accept`)).json().status).toBe('accepted');
  });

  it('reopens one level up when the reporter says "not solved", and closes resolved ones after 7 days', async () => {
    const r = await file();
    await post('captain', `/api/v1/reports/${r.id}/resolve`, { message: '已换灯泡' });
    const reopened = await post('reporter', `/api/v1/reports/${r.id}/rate`, {
      rating: 2,
      solved: false,
      comment: '还是不亮',
    });
    expect(reopened.json()).toMatchObject({ status: 'reopened', level: 'grid', rating: 2 });
    expect((await post('reporter', `/api/v1/reports/${r.id}/rate`, { rating: 2, solved: false })).statusCode).toBe(409);
    await post('grid', `/api/v1/reports/${r.id}/resolve`, { message: '已换灯座' });
    t.clock.advance(7 * 24 * HOUR + 1000);
    await t.jobs.runOnce('reports.clocks');
    expect((await get('reporter', `/api/v1/reports/${r.id}`)).json().status).toBe('closed');
  });

  it('accepts an action without a body, and refuses malformed ones with 400', async () => {
    const r = await file();
    const bare = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${r.id}/accept`,
      headers: { cookie: cookies.captain! },
    });
    expect(bare.statusCode, bare.body).toBe(200);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${r.id}/answer`,
      payload: '{"message":',
      headers: { cookie: cookies.captain!, 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await post('captain', `/api/v1/reports/${r.id}/rate`, { rating: 9, solved: true })).statusCode).toBe(400);
    expect((await post('captain', '/api/v1/reports/abc/accept')).statusCode).toBe(400);
    expect((await get('captain', '/api/v1/reports?cursor=zzzz')).statusCode).toBe(400);
    expect((await get('captain', '/api/v1/reports/999999999')).statusCode).toBe(404);
  });

  it('lets a handler reject with a reason', async () => {
    const r = await file();
    const res = await post('captain', `/api/v1/reports/${r.id}/reject`, { reason: '不属于本楼问题' });
    expect(res.json().status).toBe('rejected');
    expect((await post('captain', `/api/v1/reports/${r.id}/answer`, { message: 'x' })).statusCode).toBe(409);
  });
});

describe('inbox', () => {
  it('notifies the handler of a new report and the reporter of the answer; marks read', async () => {
    const before = (await get('captain', '/api/v1/notifications')).json().unreadCount as number;
    const r = await file();
    const inbox = (await get('captain', '/api/v1/notifications?unread=1')).json();
    expect(inbox.unreadCount).toBe(before + 1);
    expect(inbox.items[0]).toMatchObject({ kind: 'report.submitted', objectType: 'report', objectId: r.id });
    await post('captain', `/api/v1/reports/${r.id}/answer`, { message: '马上来看' });
    const mine = (await get('reporter', '/api/v1/notifications')).json();
    const n = mine.items.find(
      (i: { kind: string; objectId: number }) => i.kind === 'report.answered' && i.objectId === r.id,
    );
    expect(n.title).toBe('诉求有新答复');
    expect(n.body).toBe('马上来看');
    const read = await post('reporter', `/api/v1/notifications/${n.id}/read`);
    expect(read.json().updated).toBe(1);
    expect(read.json().unreadCount).toBe(mine.unreadCount - 1);
    expect((await post('captain', `/api/v1/notifications/${n.id}/read`)).json().updated).toBe(0);
    const all = await post('reporter', '/api/v1/notifications/read-all');
    expect(all.json().unreadCount).toBe(0);
    const [outbox] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notification_outbox where channel = 'sms'`,
    );
    expect(outbox?.n).toBeGreaterThan(0);
  });
});

describe('figures', () => {
  it('counts received, answered, resolved and the share solved within the community', async () => {
    const res = await get('community', `/api/v1/reports/figures?orgUnitId=${a.community.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    // Exact numbers against a hand-worked fixture: report-figures.int.test.ts. Here: the shape over a real flow.
    expect(f.total.escalatedBeyondCommunity).toBeGreaterThanOrEqual(1);
    expect(f.byLevel.map((l: { level: string }) => l.level)).toContain('department');
    expect(f.byCategory.find((c: { categoryId: number }) => c.categoryId === cat.repair).received).toBeGreaterThan(0);
    expect(f.total.avgRating).not.toBeNull();
    expect(f.byDay.reduce((n: number, d: { received: number }) => n + d.received, 0)).toBe(f.total.received);
    const windowed = await get(
      'community',
      `/api/v1/reports/figures?orgUnitId=${a.community.id}&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00%2B08:00`,
    );
    expect(windowed.statusCode, windowed.body).toBe(200);
    expect(windowed.json().total.received).toBe(0);
    expect((await get('community', '/api/v1/reports/figures?from=yesterday')).statusCode).toBe(400);
    expect((await get('reporter', '/api/v1/reports/figures')).statusCode).toBe(403);
    expect((await get('community', `/api/v1/reports/figures?orgUnitId=${otherDept.id}`)).statusCode).toBe(404);
  });
});
