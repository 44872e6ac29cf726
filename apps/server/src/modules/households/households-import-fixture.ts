import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildTree, buildUser, idNumber, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { buildHouseholdTemplate, TEMPLATE_HEADERS } from './households-excel';

/**
 * The Excel import tests' world, shared by households-import.int.test.ts and households-import-files.int.test.ts:
 * each file calls useImportFixture() for its own app, trees and staff, then reads the live bindings below.
 */
export let t: TestApp;
export let tree: Tree;
export let other: Tree;
export let staff: string;

export function useImportFixture(): void {
  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildTree(t.database.db);
    other = await buildTree(t.database.db, { city: tree.city, district: tree.district, street: tree.street });
    staff = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }])).phone,
    );
  });
  afterAll(() => t.close());
}

export async function workbook(people: Record<string, ExcelJS.CellValue>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildHouseholdTemplate()) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  ws.spliceRows(2, 1); // the example row
  for (const p of people) ws.addRow(TEMPLATE_HEADERS.map((c) => p[c.header] ?? null));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export const person = (over: Record<string, ExcelJS.CellValue> = {}) => ({
  楼栋: tree.building.name,
  楼层: 3,
  房号: '301',
  '建筑面积(㎡)': 89.5,
  与户主关系: '户主',
  姓名: '司徒志强',
  性别: '男',
  手机号: `1391${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
  身份证号: idNumber(1950),
  关怀标签: '独居老人',
  ...over,
});

export const count = async (table: 'households' | 'residents' | 'household_imports') =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

export const post = (file: Buffer, dryRun: boolean, headers: Record<string, string> = {}) => {
  const mp = multipartFile('file', 'registry.xlsx', file);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/households/import?dryRun=${dryRun}`,
    payload: mp.payload,
    headers: { ...mp.headers, cookie: staff, ...headers },
  });
};

export const importOf = async (id: number, cookie = staff) =>
  t.app.inject({ method: 'GET', url: `/api/v1/households/imports/${id}`, headers: { cookie } });

/** Uploads, lets the import job run, and answers the finished import. */
export const upload = async (file: Buffer, dryRun: boolean) => {
  const queued = await post(file, dryRun);
  expect(queued.statusCode, queued.body).toBe(202);
  expect(queued.json()).toMatchObject({ status: expect.stringMatching(/^(queued|running|done|failed)$/), dryRun });
  await t.jobs.runOnce('households.imports');
  const res = await importOf(queued.json().id);
  expect(res.statusCode).toBe(200);
  return res.json();
};
