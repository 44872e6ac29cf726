import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, idNumber, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * 导出任务 with the households list: the streamed export's cap lowered to 10 (EXPORT_SYNC_MAX_ROWS) so a
 * building of 30 households (the first 10 with a second resident: 40 file rows) goes to the background job.
 * A second community's staff member and a resident of the building must never get the file.
 */
const CAP = 10;
const HOUSEHOLDS = 30;
let t: TestApp;
let tree: Tree;
let otherTree: Tree;
let staff: { id: number; phone: string };
let cookie: string;
let otherCookie: string;
let colleagueCookie: string;
/** What the file must hold, worked out from the fixture: one line per resident, in household order. */
let expected: { householdId: number; name: string; phone: string; idNumber: string }[] = [];
const rawPhones: string[] = [];
const rawIds: string[] = [];

/** 13912345678 → 139****5678 and 440783195001010011 → 4407**********0011, as the list shows them. */
const maskedPhone = (p: string) => `${p.slice(0, 3)}****${p.slice(7)}`;
const maskedId = (id: string) => `${id.slice(0, 4)}**********${id.slice(14)}`;

beforeAll(async () => {
  t = await startTestApp({ EXPORT_SYNC_MAX_ROWS: String(CAP), EXPORT_KEEP_DAYS: '7' });
  const db = t.database.db;
  tree = await buildTree(db);
  otherTree = await buildTree(db, { city: tree.city, district: tree.district, street: tree.street });
  staff = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
  cookie = await login(t.app, staff.phone);
  const colleague = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
  colleagueCookie = await login(t.app, colleague.phone);
  const outsider = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: otherTree.community }]);
  otherCookie = await login(t.app, outsider.phone);
  expected = [];
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const members = [{ name: `户主${i}`, idNumber: idNumber(1950) }];
    if (i < 10) members.push({ name: `子女${i}`, idNumber: idNumber(1980) });
    const { household, residents } = await buildHousehold(db, t.services.households, tree.building, members);
    residents.forEach((r, k) => {
      const phone = t.cipher.decrypt(r.phoneEnc as string);
      const id = members[k]?.idNumber as string;
      rawPhones.push(phone);
      rawIds.push(id);
      expected.push({ householdId: household.id, name: members[k]?.name as string, phone, idNumber: id });
    });
  }
  // The other community's registry must not leak into the file.
  await buildHousehold(db, t.services.households, otherTree.building, [{ name: '外社区居民' }]);
});
afterAll(() => t.close());

const as = (c: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url, headers: { cookie: c }, ...(payload === undefined ? {} : { payload }) });

async function readSheet(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return { header: out[0] as string[], body: out.slice(1) };
}

describe('the streamed export and its cap', () => {
  it('streams the registry under the cap, masked', async () => {
    // A household of one (the first ten have two residents, and a household is exported whole).
    const one = expected.at(-1) as (typeof expected)[number];
    const res = await as(cookie, 'GET', `/api/v1/households/export?q=${one.phone}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const { header, body } = await readSheet(res.rawPayload);
    expect(body).toHaveLength(1);
    expect(body[0]?.[header.indexOf('姓名')]).toBe(one.name);
    expect(body[0]?.[header.indexOf('手机号')]).toBe(maskedPhone(one.phone));
    expect(body[0]?.[header.indexOf('身份证号')]).toBe(maskedId(one.idNumber));
  });

  it('refuses over the cap with a message pointing to the background export', async () => {
    const res = await as(cookie, 'GET', `/api/v1/households/export?orgUnitId=${tree.building.id}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('EXPORT_TOO_LARGE');
    expect(res.json().error.message).toContain('导出任务');
    const reports = await as(cookie, 'GET', '/api/v1/reports/export');
    expect(reports.statusCode).toBe(200); // no reports here: under the cap
  });
});

describe('a background export', () => {
  let id: number;

  it('is queued with the count, audited with its filters masked', async () => {
    const res = await as(cookie, 'POST', '/api/v1/exports', {
      kind: 'households',
      filters: { orgUnitId: String(tree.building.id) },
    });
    expect(res.statusCode, res.body).toBe(202);
    const job = res.json();
    expect(job).toMatchObject({ kind: 'households', status: 'queued', rowsDone: 0, rowsTotal: HOUSEHOLDS });
    id = job.id;
    const phone = rawPhones[3] as string;
    const searched = await as(cookie, 'POST', '/api/v1/exports', { kind: 'households', filters: { q: phone } });
    expect(searched.statusCode, searched.body).toBe(202);
    expect(searched.json().rowsTotal).toBe(1);
    const audit = await rows<{ object_id: string; detail: { kind: string; rows: number; filters: { q?: string } } }>(
      t.database.db,
      sql`select object_id, detail from audit_log where action = 'export.request' order by id`,
    );
    expect(audit.map((a) => [a.object_id, a.detail.kind, a.detail.rows])).toEqual([
      [String(id), 'households', HOUSEHOLDS],
      [String(searched.json().id), 'households', 1],
    ]);
    expect(audit[1]?.detail.filters.q).toBe(maskedPhone(phone));
    expect(JSON.stringify(audit)).not.toContain(phone);
  });

  it('refuses bad filters and lists no one else’s units (coded, nothing queued)', async () => {
    const before = (await rows<{ n: number }>(t.database.db, sql`select count(*)::int n from export_jobs`))[0]?.n;
    const bad = await as(cookie, 'POST', '/api/v1/exports', { kind: 'households', filters: { orgUnitId: 'abc' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const unknown = await as(cookie, 'POST', '/api/v1/exports', { kind: 'mall', filters: {} });
    expect(unknown.statusCode).toBe(400);
    const outside = await as(cookie, 'POST', '/api/v1/exports', {
      kind: 'households',
      filters: { orgUnitId: String(otherTree.building.id) },
    });
    expect([403, 404]).toContain(outside.statusCode);
    const after = (await rows<{ n: number }>(t.database.db, sql`select count(*)::int n from export_jobs`))[0]?.n;
    expect(after).toBe(before);
  });

  it('is not ready before it ran', async () => {
    const res = await as(cookie, 'GET', `/api/v1/exports/${id}/file`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('EXPORT_NOT_READY');
  });

  it('runs to the total and writes exactly the fixture’s rows, masked', async () => {
    expect(await t.services.exports.runQueued()).toBe(2);
    const job = (await as(cookie, 'GET', `/api/v1/exports/${id}`)).json();
    expect(job).toMatchObject({
      status: 'done',
      rowsDone: HOUSEHOLDS,
      rowsTotal: HOUSEHOLDS,
      fileName: '住户台账.xlsx',
    });
    expect(job.expiresAt).toBe(new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString());
    const res = await as(cookie, 'GET', `/api/v1/exports/${id}/file`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const { header, body } = await readSheet(res.rawPayload);
    expect(header.slice(0, 4)).toEqual(['户号', '社区', '网格', '地址']);
    const col = (h: string) => header.indexOf(h);
    expect(body.map((r) => [r[col('户号')], r[col('姓名')], r[col('手机号')], r[col('身份证号')]])).toEqual(
      expected.map((e) => [e.householdId, e.name, maskedPhone(e.phone), maskedId(e.idNumber)]),
    );
    const text = JSON.stringify(body);
    for (const p of rawPhones) expect(text).not.toContain(p);
    for (const n of rawIds) expect(text).not.toContain(n);
    expect(text).not.toContain('外社区居民');
    const audit = await rows<{ actor_user_id: string; detail: { rows: number } }>(
      t.database.db,
      sql`select actor_user_id, detail from audit_log where action = 'export.download' and object_id = ${String(id)}`,
    );
    expect(audit.map((a) => [Number(a.actor_user_id), a.detail.rows])).toEqual([[staff.id, HOUSEHOLDS]]);
  });

  it('is the asker’s alone: others get not found, and their lists do not show it', async () => {
    for (const c of [colleagueCookie, otherCookie]) {
      const file = await as(c, 'GET', `/api/v1/exports/${id}/file`);
      expect(file.statusCode).toBe(404);
      expect(file.json().error.code).toBe('NOT_FOUND');
      expect((await as(c, 'GET', `/api/v1/exports/${id}`)).statusCode).toBe(404);
      expect((await as(c, 'GET', '/api/v1/exports')).json().items).toEqual([]);
    }
    const mine = (await as(cookie, 'GET', '/api/v1/exports')).json().items as { id: number }[];
    expect(mine.map((j) => j.id)).toContain(id);
  });

  it('expires: the file is removed after the keeping time and the download answers 410', async () => {
    const [row] = await rows<{ file_key: string }>(
      t.database.db,
      sql`select file_key from export_jobs where id = ${id}`,
    );
    const key = row?.file_key as string;
    expect(await t.store.get(key)).not.toBeNull();
    t.clock.advance(6 * 86_400_000);
    expect(await t.services.exports.purge(t.clock.now())).toBe(0);
    t.clock.advance(1 * 86_400_000);
    expect(await t.services.exports.purge(t.clock.now())).toBe(2);
    expect(await t.store.get(key)).toBeNull();
    const fresh = await login(t.app, staff.phone);
    const job = (await as(fresh, 'GET', `/api/v1/exports/${id}`)).json();
    expect(job.status).toBe('expired');
    const res = await as(fresh, 'GET', `/api/v1/exports/${id}/file`);
    expect(res.statusCode).toBe(410);
    expect(res.json().error.code).toBe('EXPORT_EXPIRED');
  });
});
