import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

let t: TestApp;
let a: Tree;
let otherBuilding: Awaited<ReturnType<typeof child>>;
let managedBuilding: Awaited<ReturnType<typeof child>>;
let managedEstate: Awaited<ReturnType<typeof child>>;
let dept: Awaited<ReturnType<typeof child>>;
let otherDept: Awaited<ReturnType<typeof child>>;
let cookies: Record<string, string>;
let names: Record<string, string>;
let cat: Record<string, number>;

const HOUR = 3_600_000;

beforeAll(async () => {
  // The SLA clocks move the fake clock by days: sessions must outlive that.
  t = await startTestApp({
    SESSION_IDLE_MINUTES: '1000000',
    SESSION_STAFF_IDLE_MINUTES: '1000000',
    SESSION_ABSOLUTE_HOURS: '100000',
  });
  const db = t.database.db;
  a = await buildTree(db);
  otherBuilding = await child(db, a.estate, 'building');
  managedEstate = await child(db, a.grid, 'estate', undefined, { management: 'managed' });
  managedBuilding = await child(db, managedEstate, 'building');
  dept = await child(db, a.district, 'department', `城管局-${a.district.id}`);
  const otherDistrict = await child(db, a.city, 'district');
  otherDept = await child(db, otherDistrict, 'department');
  const users = {
    reporter: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }], '李桂英'),
    neighbour: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }], '张伟'),
    captain: await buildUser(db, t.cipher, [
      { role: 'captain', unit: a.building },
      { role: 'resident', unit: a.building },
    ]),
    otherCaptain: await buildUser(db, t.cipher, [{ role: 'captain', unit: otherBuilding }]),
    grid: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }]),
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    dept: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: dept }]),
    otherDept: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: otherDept }]),
    admin: await buildUser(db, t.cipher, [{ role: 'admin', unit: a.city }]),
    window: await buildUser(db, t.cipher, [{ role: 'property_window', unit: managedEstate }], '物业窗口'),
    managedResident: await buildUser(db, t.cipher, [{ role: 'resident', unit: managedBuilding }]),
    outsider: await buildUser(db, t.cipher, [{ role: 'resident', unit: otherBuilding }]),
  };
  cookies = {};
  names = {};
  for (const [k, u] of Object.entries(users)) {
    cookies[k] = await login(t.app, u.phone);
    names[k] = u.name;
  }
  const cats = (await get('reporter', '/api/v1/report-categories')).json().items as { id: number; code: string }[];
  cat = Object.fromEntries(cats.map((c) => [c.code, c.id]));
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });
const post = (who: string, url: string, payload: unknown = {}, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, ...headers } });

async function file(who = 'reporter', extra: Record<string, unknown> = {}) {
  const res = await post('reporter' === who ? 'reporter' : who, '/api/v1/reports', {
    buildingId: a.building.id,
    categoryId: cat['repair.street_light'],
    description: '三楼楼道灯坏了，晚上看不见',
    location: '3楼楼梯口',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; status: string; level: string; version: number };
}
const timelineTypes = async (who: string, id: number) =>
  ((await get(who, `/api/v1/reports/${id}`)).json().timeline as { type: string }[]).map((e) => e.type);

describe('categories', () => {
  it('seeds the tree of docs/rules.md#reports with SLA targets per level, and only admins edit them', async () => {
    const items = (await get('reporter', '/api/v1/report-categories')).json().items as {
      code: string;
      parentId: number | null;
      slas: { level: string; ackHours: number }[];
    }[];
    expect(items.find((c) => c.code === 'safety.flying_wire')?.parentId).toBe(cat.safety);
    expect(items.find((c) => c.code === 'repair.sewer')?.slas.map((s) => s.level)).toEqual([
      'building',
      'grid',
      'community',
      'street',
      'department',
    ]);
    const body = { slas: [{ level: 'building', ackHours: 6, resolveHours: 60 }] };
    const refused = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/report-categories/${cat.policy}`,
      payload: body,
      headers: { cookie: cookies.street! },
    });
    expect(refused.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/report-categories/${cat.policy}`,
      payload: body,
      headers: { cookie: cookies.admin! },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().slas.find((s: { level: string }) => s.level === 'building')).toEqual({
      level: 'building',
      ackHours: 6,
      resolveHours: 60,
    });
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/report-categories/${cat.policy}`,
      payload: { slas: [{ level: 'grid', ackHours: 10, resolveHours: 5 }] },
      headers: { cookie: cookies.admin! },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('intake', () => {
  it('routes a resident’s report to the building’s captain, once per Idempotency-Key', async () => {
    const body = { buildingId: a.building.id, categoryId: cat['repair.door_lock'], description: '单元门锁坏了' };
    const h = { 'idempotency-key': 'report-create-0001' };
    const first = await post('reporter', '/api/v1/reports', body, h);
    const again = await post('reporter', '/api/v1/reports', body, h);
    expect(first.statusCode, first.body).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from reports where description = '单元门锁坏了'`,
    );
    expect(n?.n).toBe(1);
    expect(first.json()).toMatchObject({ status: 'submitted', level: 'building', handlerOrgUnitId: a.building.id });
    expect(first.json().reporter.name).toBe(names.reporter);
    const reused = await post('reporter', '/api/v1/reports', { ...body, description: '别的事情' }, h);
    expect(reused.statusCode).toBe(409);
  });

  it('files once under concurrent retries of one key, and replays it after what it read has changed', async () => {
    const body = { buildingId: a.building.id, categoryId: cat.policy, description: '八个人同时重试' };
    const h = { 'idempotency-key': 'report-race-0001' };
    const all = await Promise.all(Array.from({ length: 8 }, () => post('neighbour', '/api/v1/reports', body, h)));
    expect(all.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(all.map((r) => r.json().id)).size).toBe(1);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from reports where description = '八个人同时重试'`,
    );
    expect(n?.n).toBe(1);
    // The category is withdrawn: a new report is refused, the retry still gets its stored answer.
    await t.database.db.execute(sql`update report_categories set is_active = false where id = ${cat.policy}`);
    try {
      const retry = await post('neighbour', '/api/v1/reports', body, h);
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.json().id).toBe(all[0]?.json().id);
      const fresh = await post('neighbour', '/api/v1/reports', body, { 'idempotency-key': 'report-race-0002' });
      expect(fresh.statusCode).toBe(400);
    } finally {
      await t.database.db.execute(sql`update report_categories set is_active = true where id = ${cat.policy}`);
    }
  });

  it('refuses someone who does not live in the building, and unknown photos', async () => {
    const res = await post('outsider', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat.sanitation,
      description: '垃圾没人清',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('REPORT_NOT_RESIDENT');
    const photos = await post('reporter', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat.sanitation,
      description: '垃圾没人清',
      photoIds: [999999],
    });
    expect(photos.statusCode).toBe(400);
    const extra = await post('reporter', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat.sanitation,
      description: '垃圾没人清',
      status: 'closed',
    });
    expect(extra.statusCode).toBe(400);
  });

  it('sends a managed estate’s report to its property window first (业主吹哨、窗口报到)', async () => {
    const res = await post('managedResident', '/api/v1/reports', {
      buildingId: managedBuilding.id,
      categoryId: cat.property,
      description: '电梯经常停运',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ level: 'building', handlerOrgUnitId: managedEstate.id });
    const list = (await get('window', '/api/v1/reports?view=handling')).json().items as { id: number }[];
    expect(list.map((r) => r.id)).toContain(res.json().id);
  });

  it('takes a report by QR token (public building page), by proxy and by phone', async () => {
    const tok = await get('captain', `/api/v1/buildings/${a.building.id}/report-token`);
    expect(tok.statusCode, tok.body).toBe(200);
    const again = await get('captain', `/api/v1/buildings/${a.building.id}/report-token`);
    expect(again.json().token).toBe(tok.json().token);
    expect((await get('otherCaptain', `/api/v1/buildings/${a.building.id}/report-token`)).statusCode).toBe(404);
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/buildings/by-token/${tok.json().token}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ buildingId: a.building.id, buildingName: a.building.name });
    expect(page.json().captainName).toBeTruthy();
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/buildings/by-token/AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(404);
    const byQr = await post('reporter', '/api/v1/reports', {
      buildingToken: tok.json().token,
      categoryId: cat.clutter,
      description: '楼道堆满纸箱',
    });
    expect(byQr.statusCode, byQr.body).toBe(201);
    expect(byQr.json()).toMatchObject({ channel: 'qr', buildingId: a.building.id });
    const proxy = await post('captain', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat.errand,
      description: '独居老人需要代缴水费',
      onBehalfOf: { name: '关秀英', phone: '13812345678' },
    });
    expect(proxy.statusCode, proxy.body).toBe(201);
    expect(proxy.json()).toMatchObject({ channel: 'proxy', reporter: { name: '关秀英', phoneMasked: '138****5678' } });
    const phone = await post('community', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat.dispute,
      description: '楼上漏水到楼下，两户有争执',
      onBehalfOf: { name: '陈先生' },
      channel: 'phone',
    });
    expect(phone.statusCode, phone.body).toBe(201);
    expect(phone.json().channel).toBe('phone');
    const notAllowed = await post('otherCaptain', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat.errand,
      description: '代报',
      onBehalfOf: { name: '某人' },
    });
    expect(notAllowed.statusCode).toBe(404);
  });
});

describe('scope and identity', () => {
  it('hides a report from another building’s captain and from departments it was not dispatched to', async () => {
    const r = await file();
    expect((await get('captain', `/api/v1/reports/${r.id}`)).statusCode).toBe(200);
    expect((await get('otherCaptain', `/api/v1/reports/${r.id}`)).statusCode).toBe(404);
    expect((await get('dept', `/api/v1/reports/${r.id}`)).statusCode).toBe(404);
    expect((await get('outsider', `/api/v1/reports/${r.id}`)).statusCode).toBe(404);
    expect((await post('otherCaptain', `/api/v1/reports/${r.id}/accept`)).statusCode).toBe(404);
    const list = (await get('otherCaptain', '/api/v1/reports')).json().items as { id: number }[];
    expect(list.map((x) => x.id)).not.toContain(r.id);
  });

  it('shows the reporter’s identity to handlers only, not to a neighbour who joined', async () => {
    const r = await file();
    const byCaptain = (await get('captain', `/api/v1/reports/${r.id}`)).json();
    expect(byCaptain.reporter.name).toBe(names.reporter);
    expect(byCaptain.reporter.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    const joined = await post('neighbour', `/api/v1/reports/${r.id}/join`);
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json().reporter).toBeNull();
    expect(JSON.stringify(joined.json())).not.toContain(names.reporter);
    const admin = (await get('admin', `/api/v1/reports/${r.id}`)).json();
    expect(admin.reporter).toBeNull();
  });
});

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

describe('photos before and after', () => {
  const upload = async (who: string, hue: number) => {
    const bytes = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: hue, g: 255 - hue, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    const mp = multipartFile('file', 'p.jpg', bytes, 'image/jpeg');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      payload: mp.payload,
      headers: { ...mp.headers, cookie: cookies[who]! },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };

  it('answers a new report with what reading it back returns, photos, timeline and handlers included', async () => {
    const photo = await upload('reporter', 40);
    const res = await post(
      'reporter',
      '/api/v1/reports',
      { buildingId: a.building.id, categoryId: cat.sanitation, description: '垃圾桶满了没人清', photoIds: [photo] },
      { 'idempotency-key': 'report-answer-0001' },
    );
    expect(res.statusCode, res.body).toBe(201);
    const read = await get('reporter', `/api/v1/reports/${res.json().id}`);
    expect(read.statusCode).toBe(200);
    expect(res.json()).toEqual(read.json());
    expect(res.json().photos.map((p: { id: number }) => p.id)).toEqual([photo]);
    expect(res.json().handlerPeople).toEqual([{ name: names.captain, role: 'captain' }]);
    // Its rows: follower, first event, audit row, the captain's notification and SMS, the key's answer.
    const id = res.json().id as number;
    const [r] = await rows<Record<string, number>>(
      t.database.db,
      sql`select (select count(*)::int from report_followers where report_id = ${id}) as followers,
                 (select count(*)::int from report_events where report_id = ${id} and version = 1) as events,
                 (select count(*)::int from audit_log where object_type = 'report' and object_id = ${String(id)}
                    and action = 'report.submitted') as audits,
                 (select count(*)::int from notifications where object_type = 'report' and object_id = ${id}) as inbox,
                 (select count(*)::int from notification_outbox where payload->>'objectId' = ${String(id)}) as sms,
                 (select count(*)::int from idempotency_keys where key = 'report-answer-0001' and status_code = 200) as keys`,
    );
    expect(r).toEqual({ followers: 1, events: 1, audits: 1, inbox: 1, sms: 1, keys: 1 });
  });

  it('shows the reporter the handler’s "after" photo through the report, and nobody outside it', async () => {
    const before = await upload('reporter', 10);
    const r = await file('reporter', { photoIds: [before] });
    // Someone else's photo cannot be attached.
    expect(
      (await post('captain', `/api/v1/reports/${r.id}/answer`, { message: '看看', photoIds: [before] })).statusCode,
    ).toBe(400);
    const after = await upload('captain', 200);
    const resolved = await post('captain', `/api/v1/reports/${r.id}/resolve`, { message: '已修好', photoIds: [after] });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const detail = (await get('reporter', `/api/v1/reports/${r.id}`)).json();
    expect(detail.photos.map((p: { id: number }) => p.id)).toEqual([before]);
    const afterView = detail.timeline.at(-1).photos[0];
    expect(afterView.url).toBe(`/api/v1/reports/${r.id}/photos/${after}`);
    const img = await get('reporter', afterView.url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    // A photo follows what it is attached to: the reporter may see the report, so its photos by id too.
    expect((await get('reporter', `/api/v1/photos/${after}`)).statusCode).toBe(200);
    expect((await get('otherCaptain', afterView.url)).statusCode).toBe(404);
    expect((await get('otherCaptain', `/api/v1/photos/${after}`)).statusCode).toBe(404);
    const unrelated = await upload('captain', 120);
    expect((await get('reporter', `/api/v1/reports/${r.id}/photos/${unrelated}`)).statusCode).toBe(404);
  });
});

describe('duplicates', () => {
  it('shows open reports of the same kind before filing, joins one, and merges a duplicate', async () => {
    const first = await file('reporter', { categoryId: cat['repair.sewer'], description: '下水道堵了，一楼返水' });
    const similar = await get(
      'neighbour',
      `/api/v1/reports/similar?buildingId=${a.building.id}&categoryId=${cat['repair.sewer']}`,
    );
    expect(similar.statusCode).toBe(200);
    expect(similar.json().items.map((i: { id: number }) => i.id)).toContain(first.id);
    expect(
      (await get('outsider', `/api/v1/reports/similar?buildingId=${a.building.id}&categoryId=${cat['repair.sewer']}`))
        .statusCode,
    ).toBe(404);
    const j1 = await post('neighbour', `/api/v1/reports/${first.id}/join`);
    const j2 = await post('neighbour', `/api/v1/reports/${first.id}/join`);
    expect(j1.json().followerCount).toBe(2);
    expect(j2.json().followerCount).toBe(2);
    // The captain files the same problem again for someone; staff merge it into the first.
    const dup = await post('captain', '/api/v1/reports', {
      buildingId: a.building.id,
      categoryId: cat['repair.sewer'],
      description: '一楼下水道返水',
    });
    const dupId = dup.json().id as number;
    await post('captain', `/api/v1/reports/${dupId}/join`);
    expect((await post('otherCaptain', `/api/v1/reports/${dupId}/merge`, { intoReportId: first.id })).statusCode).toBe(
      404,
    );
    const merged = await post('captain', `/api/v1/reports/${dupId}/merge`, { intoReportId: first.id });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id: first.id, followerCount: 3 });
    const b = (await get('captain', `/api/v1/reports/${dupId}`)).json();
    expect(b).toMatchObject({ status: 'merged', mergedIntoId: first.id });
    expect((await post('captain', `/api/v1/reports/${dupId}/merge`, { intoReportId: first.id })).statusCode).toBe(409);
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

describe('for other systems (Open311)', () => {
  it('files a report idempotently by external id and lists it without anybody’s identity', async () => {
    const input = {
      buildingId: a.building.id,
      categoryId: cat.parking!,
      description: '消防通道被私家车占用',
      reporterName: '王女士',
      reporterPhone: '13912345678',
      externalId: 'ext-0001',
    };
    const who = { actor: null, ip: '10.0.0.1' };
    const first = await t.services.reports.createFromSystem(who, input);
    const again = await t.services.reports.createFromSystem(who, input);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const [pub] = await t.services.reportsPublic.getPublic([first.id]);
    expect(pub).toMatchObject({
      id: first.id,
      status: 'submitted',
      categoryCode: 'parking',
      buildingId: a.building.id,
    });
    expect(JSON.stringify(pub)).not.toContain('王女士');
    const listed = await t.services.reportsPublic.listPublic({ streetId: a.street.id, categoryIds: [cat.parking!] });
    expect(listed.map((x) => x.id)).toContain(first.id);
    const detail = (await get('captain', `/api/v1/reports/${first.id}`)).json();
    expect(detail).toMatchObject({ channel: 'open311', reporter: { name: '王女士', phoneMasked: '139****5678' } });
  });
});
