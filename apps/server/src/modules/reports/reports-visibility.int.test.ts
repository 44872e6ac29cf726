import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { multipartFile } from '../../../test/harness';
import { rows } from '../../platform/db';
import { a, cat, cookies, file, get, names, post, t, useReportsApp } from './reports-fixture';

/* Reports: who sees a report and its reporter, and the photos attached before and after. */
useReportsApp();

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
