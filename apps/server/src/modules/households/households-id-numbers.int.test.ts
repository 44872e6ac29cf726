import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, idNumber, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { buildHouseholdTemplate, TEMPLATE_HEADERS } from './households-excel';

/** Whether an ID number is registered is personal data too: nobody learns it beyond their jurisdiction. */

let t: TestApp;
let a: Tree;
let b: Tree; // another community of the same street
let registered: string;
const cookies: Record<string, string> = {};
const users: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  b = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  registered = idNumber(1948);
  await buildHousehold(db, t.services.households, a.building, [{ name: '关秀英', idNumber: registered }]);
  for (const [k, roles] of Object.entries({
    communityA: [{ role: 'community_staff' as const, unit: a.community }],
    communityB: [{ role: 'community_staff' as const, unit: b.community }],
  })) {
    const u = await buildUser(db, t.cipher, roles);
    users[k] = u.id;
    cookies[k] = await login(t.app, u.phone);
  }
});
afterAll(() => t.close());

const create = (who: string, buildingId: number, id: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/households',
    payload: {
      buildingId,
      floor: 2,
      room: `2${Math.floor(Math.random() * 1e6)}`,
      residents: [{ name: '谭伟明', relation: '户主', idNumber: id }],
    },
    headers: { cookie: cookies[who] as string },
  });

async function workbook(id: string, building: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildHouseholdTemplate()) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  ws.spliceRows(2, 1);
  const p: Record<string, ExcelJS.CellValue> = {
    楼栋: building,
    楼层: 3,
    房号: `3${Math.floor(Math.random() * 1e5)}`,
    与户主关系: '户主',
    姓名: '司徒志强',
    身份证号: id,
  };
  ws.addRow(TEMPLATE_HEADERS.map((c) => p[c.header] ?? null));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
/** A dry-run import, run to its end by the import job: the finished import. */
const dryRun = async (who: string, file: Buffer) => {
  const mp = multipartFile('file', 'registry.xlsx', file);
  const cookie = cookies[who] as string;
  const queued = await t.app.inject({
    method: 'POST',
    url: '/api/v1/households/import?dryRun=true',
    payload: mp.payload,
    headers: { ...mp.headers, cookie },
  });
  expect(queued.statusCode, queued.body).toBe(202);
  await t.jobs.runOnce('households.imports');
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/households/imports/${queued.json().id}`,
    headers: { cookie },
  });
  expect(res.json()).toMatchObject({ status: 'done' });
  return res.json().result;
};

const idChecks = async (userId: number) =>
  rows<{ action: string; detail: { checked: number; inScope: number } }>(
    t.database.db,
    sql`select action, detail from audit_log where action = 'resident.id_number_check' and actor_user_id = ${userId} order by id`,
  );

describe('duplicate ID numbers', () => {
  it('tells staff an ID number is already registered in their own jurisdiction, with a code', async () => {
    const res = await create('communityA', a.building.id, registered);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ID_NUMBER_REGISTERED');
    const imp = await dryRun('communityA', await workbook(registered, a.building.name));
    expect(imp.errors.map((e: { code: string }) => e.code)).toEqual(['DUPLICATE']);
  });

  it('does not tell staff of another community whether it is registered there', async () => {
    const fresh = idNumber(1948);
    const unknown = await dryRun('communityB', await workbook(fresh, b.building.name));
    const known = await dryRun('communityB', await workbook(registered, b.building.name));
    // The same answer for a registered and an unregistered number.
    expect(known).toEqual(unknown);
    expect(known.errors).toEqual([]);
    const created = await create('communityB', b.building.id, registered);
    expect(created.statusCode, created.body).toBe(201);
  });

  it('registers a new number once when two staff of the jurisdiction enter it at the same time', async () => {
    const fresh = idNumber(1950);
    const results = await Promise.all([
      create('communityA', a.building.id, fresh),
      create('communityA', a.building.id, fresh),
      create('communityA', a.building.id, fresh),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    const hash = t.cipher.blindIndex('id', fresh);
    const n = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from residents where id_number_hash = ${hash}`,
    );
    expect(n[0]?.n).toBe(1);
  });

  it('audits every duplicate check with how many numbers were checked', async () => {
    const checks = await idChecks(users.communityB as number);
    expect(checks.length).toBeGreaterThanOrEqual(3);
    expect(checks.every((c) => c.detail.checked === 1)).toBe(true);
    expect(checks.map((c) => c.detail.inScope)).toEqual(checks.map(() => 0));
  });

  it('slows down someone checking many numbers (rate limit per person)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 65; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/households',
        payload: {},
        headers: { cookie: cookies.communityA as string },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429 && s !== 400)).toEqual([]);
  });
});
