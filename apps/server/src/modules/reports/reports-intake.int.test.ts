import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../platform/db';
import { a, cat, cookies, get, managedBuilding, managedEstate, names, post, t, useReportsApp } from './reports-fixture';

/* Reports: the categories and their SLAs, and intake from every door (app, QR token, proxy, phone, Open311). */
useReportsApp();

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
