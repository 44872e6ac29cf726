import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * A department sends a dispatched report back to the street (退回/申请改派, docs/rules.md#reports): the
 * street's inbox has it again, it dispatches it to another department; residents see that it is being
 * reassigned, never the department's reason.
 */
let t: TestApp;
let a: Tree;
let lights: Awaited<ReturnType<typeof child>>;
let housing: Awaited<ReturnType<typeof child>>;
let cookies: Record<string, string>;
let categoryId: number;

const HOUR = 3_600_000;
/** The SLA targets this file sets for its category (hours): the street has 6 hours to dispatch again. */
const SLAS = [
  { level: 'building', ackHours: 4, resolveHours: 24 },
  { level: 'grid', ackHours: 4, resolveHours: 24 },
  { level: 'community', ackHours: 8, resolveHours: 48 },
  { level: 'street', ackHours: 6, resolveHours: 48 },
  { level: 'department', ackHours: 24, resolveHours: 96 },
];
const REASON = '不属于本部门职责：小区内路灯归物业维修';

beforeAll(async () => {
  t = await startTestApp({
    SESSION_IDLE_MINUTES: '1000000',
    SESSION_STAFF_IDLE_MINUTES: '1000000',
    SESSION_ABSOLUTE_HOURS: '100000',
  });
  const db = t.database.db;
  a = await buildTree(db);
  lights = await child(db, a.district, 'department', `城管局-${a.district.id}`);
  housing = await child(db, a.district, 'department', `住建局-${a.district.id}`);
  // No captain and no grid worker: a new report goes straight to the community.
  const users = {
    reporter: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }], '李桂英'),
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    lights: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: lights }]),
    housing: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: housing }]),
    admin: await buildUser(db, t.cipher, [{ role: 'admin', unit: a.city }]),
  };
  cookies = {};
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  const cats = (await get('reporter', '/api/v1/report-categories')).json().items as { id: number; code: string }[];
  categoryId = cats.find((c) => c.code === 'repair.street_light')?.id as number;
  // The category's default department is the one that will send it back.
  const patched = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/report-categories/${categoryId}`,
    payload: { slas: SLAS, defaultDepartmentId: lights.id },
    headers: { cookie: cookies.admin! },
  });
  expect(patched.statusCode, patched.body).toBe(200);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
const post = (who: string, url: string, payload: unknown = {}, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, ...headers } });
const sendBack = (who: string, id: number, payload: unknown = { reason: REASON }, key?: string) =>
  post(who, `/api/v1/reports/${id}/return`, payload, key ? { 'idempotency-key': key } : {});

/** A report filed by the resident, passed by the community to the street and dispatched to 城管局; accepted when asked. */
async function dispatched(accept = true): Promise<number> {
  const res = await post('reporter', '/api/v1/reports', {
    buildingId: a.building.id,
    categoryId,
    description: '小区3号楼门前路灯不亮',
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  expect(res.json().level).toBe('community');
  expect((await post('community', `/api/v1/reports/${id}/escalate`, { reason: '需街道派单' })).statusCode).toBe(200);
  const d = await post('street', `/api/v1/reports/${id}/escalate`, { reason: '派单至城管局', departmentId: lights.id });
  expect(d.json()).toMatchObject({ level: 'department', departmentId: lights.id });
  if (accept) expect((await post('lights', `/api/v1/reports/${id}/accept`)).json().status).toBe('accepted');
  return id;
}

const state = async (id: number) =>
  (
    await rows<{ version: number; level: number; status: string; events: number }>(
      t.database.db,
      sql`select r.version, r.level, r.status,
                 (select count(*) from report_events e where e.report_id = r.id)::int as events
            from reports r where r.id = ${id}`,
    )
  )[0];

describe('a department sends a report back to the street (退回/申请改派)', () => {
  it('puts it in the street’s inbox with a fresh clock; the street dispatches it to another department', async () => {
    const id = await dispatched();
    const sentAt = t.clock.now().getTime();
    const res = await sendBack('lights', id, { reason: REASON }, 'return-0001');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    // At the street, waiting to be dispatched again; the department's clock stopped, the street's runs 6 h.
    expect(r).toMatchObject({ level: 'street', status: 'submitted', handlerOrgUnitId: a.street.id, isOverdue: false });
    expect(new Date(r.dueAt).getTime()).toBe(sentAt + 6 * HOUR);
    expect(r.can.return).toBe(false);
    expect(r.can.accept).toBe(false);
    expect(r.timeline.at(-1)).toMatchObject({
      type: 'returned',
      note: REASON,
      fromLevel: 'department',
      toLevel: 'street',
    });

    // The same key again answers the same, and changes nothing more.
    const before = await state(id);
    const again = await sendBack('lights', id, { reason: REASON }, 'return-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json().version).toBe(r.version);
    expect(await state(id)).toEqual(before);
    // A second return (another key) is refused with its own code; nothing changed.
    const twice = await sendBack('lights', id, { reason: REASON }, 'return-0002');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('REPORT_NOT_AT_DEPARTMENT');
    expect(await state(id)).toEqual(before);

    // The street sees the reason and has the report in its inbox; the department no longer does.
    const street = (await get('street', `/api/v1/reports/${id}`)).json();
    expect(street.can.escalate).toBe(true);
    expect(street.timeline.at(-1).note).toBe(REASON);
    const inbox = (await get('street', '/api/v1/reports?view=handling&limit=50')).json().items as { id: number }[];
    expect(inbox.map((i) => i.id)).toContain(id);
    const theirs = (await get('lights', '/api/v1/reports?view=handling&limit=50')).json().items as { id: number }[];
    expect(theirs.map((i) => i.id)).not.toContain(id);
    // The resident sees that it is being reassigned, not why.
    const mine = (await get('reporter', `/api/v1/reports/${id}`)).json();
    expect(mine.timeline.at(-1)).toMatchObject({ type: 'returned', note: null });

    // The street is told; the resident is not (nothing for them to do), and the return is audited.
    const told = (await get('street', '/api/v1/notifications')).json().items as { kind: string; objectId: number }[];
    expect(told.filter((n) => n.kind === 'report.returned' && n.objectId === id)).toHaveLength(1);
    const residentTold = (await get('reporter', '/api/v1/notifications')).json().items as {
      kind: string;
      objectId: number;
      body: string;
    }[];
    expect(residentTold.some((n) => n.kind === 'report.returned' || n.body.includes('物业维修'))).toBe(false);
    const audited = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'report.returned' and object_id = ${String(id)}`,
    );
    expect(audited[0]?.n).toBe(1);

    // Dispatching again, the street names the department (the default is the one that sent it back).
    const unnamed = await post('street', `/api/v1/reports/${id}/escalate`, { reason: '重新派单' });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.code).toBe('REPORT_DEPARTMENT_REQUIRED');
    const d = await post('street', `/api/v1/reports/${id}/escalate`, {
      reason: '改派住建局',
      departmentId: housing.id,
    });
    expect(d.json()).toMatchObject({ level: 'department', status: 'submitted', departmentId: housing.id });
    expect((await post('housing', `/api/v1/reports/${id}/accept`)).json().status).toBe('accepted');
    // Departments read only what is dispatched to them: reassigned, it is gone from 城管局's view.
    expect((await get('lights', `/api/v1/reports/${id}`)).statusCode).toBe(404);
    expect((await sendBack('lights', id)).statusCode).toBe(404);
  });

  it('refuses bad input with a code and changes nothing', async () => {
    const id = await dispatched(false);
    const before = await state(id);
    const expectRefused = async (res: Awaited<ReturnType<typeof post>>, status: number, code: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(await state(id)).toEqual(before);
    };
    await expectRefused(await sendBack('lights', id, {}), 400, 'VALIDATION_FAILED');
    await expectRefused(await sendBack('lights', id, { reason: ' ' }), 400, 'VALIDATION_FAILED');
    // The street holds no department's queue; another department does not even see it.
    await expectRefused(await sendBack('street', id), 403, 'REPORT_NOT_HANDLER');
    await expectRefused(await sendBack('housing', id), 404, 'NOT_FOUND');
    // Before 报到 a department may send it back too.
    expect((await sendBack('lights', id)).json()).toMatchObject({ level: 'street', status: 'submitted' });

    // A closed report cannot be sent back.
    const done = await dispatched();
    await post('lights', `/api/v1/reports/${done}/resolve`, { message: '已修复' });
    const resolved = await state(done);
    const late = await sendBack('lights', done);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('REPORT_BAD_STATE');
    expect(await state(done)).toEqual(resolved);
    const rejected = await dispatched();
    await post('lights', `/api/v1/reports/${rejected}/reject`, { reason: '重复反映' });
    expect((await sendBack('lights', rejected)).json().error.code).toBe('REPORT_BAD_STATE');
  });

  it('does not let the clock dispatch it back to the department that returned it: overdue at the street', async () => {
    const id = await dispatched();
    await sendBack('lights', id);
    t.clock.advance(6 * HOUR - 1000);
    await t.services.reports.runClocks(t.clock.now());
    expect((await get('street', `/api/v1/reports/${id}`)).json()).toMatchObject({ level: 'street', isOverdue: false });
    t.clock.advance(2000);
    await t.services.reports.runClocks(t.clock.now());
    const after = (await get('street', `/api/v1/reports/${id}`)).json();
    expect(after).toMatchObject({ level: 'street', status: 'submitted', isOverdue: true, dueAt: null });
    expect(after.timeline.at(-1).type).toBe('overdue');
    // The street still dispatches it by hand.
    const d = await post('street', `/api/v1/reports/${id}/escalate`, { reason: '改派', departmentId: housing.id });
    expect(d.json()).toMatchObject({ level: 'department', departmentId: housing.id, isOverdue: false });
  });

  it('lets exactly one of a return and a resolve racing on the same report win', async () => {
    for (let i = 0; i < 4; i++) {
      const id = await dispatched();
      const [ret, res] = await Promise.all([
        sendBack('lights', id),
        post('lights', `/api/v1/reports/${id}/resolve`, { message: '灯已修好' }),
      ]);
      const won = [ret, res].filter((x) => x.statusCode === 200);
      expect(won, `${ret.statusCode} ${res.statusCode}`).toHaveLength(1);
      const lost = ret.statusCode === 200 ? res : ret;
      expect([403, 409]).toContain(lost.statusCode);
      expect(['REPORT_NOT_HANDLER', 'REPORT_BAD_STATE', 'CONFLICT']).toContain(lost.json().error.code);
      const types = await rows<{ type: string }>(
        t.database.db,
        sql`select type from report_events where report_id = ${id} and type in ('returned','resolved')`,
      );
      expect(types.map((x) => x.type)).toEqual([ret.statusCode === 200 ? 'returned' : 'resolved']);
      const s = await state(id);
      expect(s?.status).toBe(ret.statusCode === 200 ? 'submitted' : 'resolved');
      expect(s?.level).toBe(ret.statusCode === 200 ? 4 : 5);
    }
  });
});
