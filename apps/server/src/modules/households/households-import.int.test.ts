import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, idNumber, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { buildHouseholdTemplate, TEMPLATE_HEADERS } from './households-excel';

let t: TestApp;
let tree: Tree;
let other: Tree;
let staff: string;

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

async function workbook(people: Record<string, ExcelJS.CellValue>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildHouseholdTemplate()) as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  ws.spliceRows(2, 1); // the example row
  for (const p of people) ws.addRow(TEMPLATE_HEADERS.map((c) => p[c.header] ?? null));
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const person = (over: Record<string, ExcelJS.CellValue> = {}) => ({
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

const count = async (table: 'households' | 'residents') =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

const upload = (file: Buffer, dryRun: boolean) => {
  const mp = multipartFile('file', 'registry.xlsx', file);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/households/import?dryRun=${dryRun}`,
    payload: mp.payload,
    headers: { ...mp.headers, cookie: staff },
  });
};

describe('Excel import', () => {
  it('serves the template with Chinese headers', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/households/import-template',
      headers: { cookie: staff },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual(expect.arrayContaining(['楼栋', '姓名', '身份证号']));
  });

  it('reports each bad row of a mixed file in a dry run, and a commit of it writes nothing', async () => {
    const file = await workbook([
      person({ 房号: '101' }),
      person({ 房号: '102', 手机号: '12345' }), // bad phone
      person({ 房号: '103', 身份证号: '440783195001010011' }), // bad checksum (valid ends in 0)
      person({ 房号: '104', 楼栋: other.building.name }), // outside the jurisdiction
      person({ 房号: '105', 楼栋: '不存在的楼' }),
      person({ 房号: '106' }),
    ]);
    const before = [await count('households'), await count('residents')];
    const dry = await upload(file, true);
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ dryRun: true, total: 6, valid: 2, householdsCreated: 0 });
    expect(report.errors.map((e: { rowNumber: number; code: string }) => [e.rowNumber, e.code])).toEqual([
      [3, 'BAD_PHONE'],
      [4, 'BAD_ID_NUMBER'],
      [5, 'UNKNOWN_BUILDING'],
      [6, 'UNKNOWN_BUILDING'],
    ]);
    expect(report.errors[0].column).toBe('手机号');

    const commit = await upload(file, false);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe('IMPORT_HAS_ERRORS');
    expect([await count('households'), await count('residents')]).toEqual(before);
  });

  it('commits a clean file all at once, grouping members by address', async () => {
    const file = await workbook([
      person({ 房号: '201' }),
      person({ 房号: '201', 与户主关系: '配偶', 姓名: '关玉梅', 性别: '女', 身份证号: idNumber(1952) }),
      person({ 房号: '202', 关怀标签: null }),
    ]);
    const res = await upload(file, false);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      dryRun: false,
      valid: 3,
      householdsCreated: 2,
      residentsCreated: 3,
      errors: [],
    });
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/households?q=201&orgUnitId=${tree.building.id}`,
      headers: { cookie: staff },
    });
    expect(list.json().items[0]).toMatchObject({ room: '201', memberCount: 2, careTags: ['elderly_alone'] });
  });

  it('flags an ID number already in the registry as a duplicate', async () => {
    const id = idNumber(1948);
    expect((await upload(await workbook([person({ 房号: '301', 身份证号: id })]), false)).statusCode).toBe(200);
    const again = await upload(await workbook([person({ 房号: '302', 身份证号: id })]), true);
    expect(again.json().errors.map((e: { code: string }) => e.code)).toEqual(['DUPLICATE']);
  });

  it('answers a file that is not a workbook with BAD_FILE', async () => {
    const res = await upload(Buffer.from('not a spreadsheet'), true);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_FILE');
  });

  it('exports the registry with numbers masked', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/households/export', headers: { cookie: staff } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toMatch(/\d{3}\*{4}\d{4}/);
    expect(text).not.toMatch(/"1\d{10}"/);
  });
});
