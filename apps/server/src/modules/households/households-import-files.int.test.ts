import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories';
import { login } from '../../../test/harness';
import { largeRegistry } from '../../../test/xlsx-fixture';
import { rows } from '../../platform/db';
import { TEMPLATE_HEADERS } from './households-excel';
import {
  count,
  importOf,
  person,
  post,
  staff,
  t,
  tree,
  upload,
  useImportFixture,
  workbook,
} from './households-import-fixture';

useImportFixture();

describe('Excel import: error files, access, retries, limits and export', () => {
  it('hands the upload back with each error marked where it is, to the importer only, for seven days', async () => {
    const file = await workbook([
      person({ 房号: '201' }),
      person({ 房号: '202', 手机号: '12345' }),
      person({ 房号: '203', 楼栋: '不存在的楼' }),
    ]);
    const dry = await upload(file, true);
    expect(dry.result.errors).toHaveLength(2);
    const errorsFile = (cookie = staff) =>
      t.app.inject({ method: 'GET', url: `/api/v1/households/imports/${dry.id}/errors.xlsx`, headers: { cookie } });
    const res = await errorsFile();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const data = wb.worksheets[0] as ExcelJS.Worksheet;
    const col = (header: string) => TEMPLATE_HEADERS.findIndex((c) => c.header === header) + 1;
    const noteCol = TEMPLATE_HEADERS.length + 1;
    // Row 3 (phone 12345): the phone cell filled red with the reason as its comment, and 错误说明 at the end.
    const phoneCell = data.getRow(3).getCell(col('手机号'));
    expect(phoneCell.text).toBe('12345');
    expect((phoneCell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFCCCC');
    expect(String(phoneCell.note)).toMatch(/手机号/);
    expect(data.getRow(1).getCell(noteCol).text).toBe('错误说明');
    expect(data.getRow(3).getCell(noteCol).text).toMatch(/^手机号：/);
    expect(data.getRow(4).getCell(noteCol).text).toMatch(/^楼栋：楼栋不存在/);
    expect(data.getRow(2).getCell(noteCol).text).toBe(''); // the good row is untouched
    // 错误清单 quotes what was typed.
    const list = wb.getWorksheet('错误清单') as ExcelJS.Worksheet;
    expect(list.getRow(2).values).toEqual([undefined, 3, '手机号', '12345', expect.stringMatching(/手机号/)]);
    expect(list.getRow(3).values).toEqual([undefined, 4, '楼栋', '不存在的楼', '楼栋不存在或不在您的管辖范围内']);

    // Nobody else's; none for a clean file.
    const colleague = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }])).phone,
    );
    expect((await errorsFile(colleague)).statusCode).toBe(404);
    const clean = await upload(await workbook([person({ 房号: '204' })]), true);
    const none = await t.app.inject({
      method: 'GET',
      url: `/api/v1/households/imports/${clean.id}/errors.xlsx`,
      headers: { cookie: staff },
    });
    expect(none.statusCode).toBe(404);

    // Seven days on, the purge removes the file (the import itself stays its 30 days).
    await t.services.householdsExcel.purge(new Date(t.clock.now().getTime() + 8 * 86_400_000));
    expect((await errorsFile()).statusCode).toBe(404);
    expect((await importOf(dry.id)).statusCode).toBe(200);
  });

  it('shows an import to its importer only, and keeps no file once it ran', async () => {
    const job = await upload(await workbook([person({ 房号: '401' })]), true);
    const colleague = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }])).phone,
    );
    expect((await importOf(job.id, colleague)).statusCode).toBe(404);
    const [row] = await rows<{ file: boolean }>(
      t.database.db,
      sql`select file_key is not null as file from household_imports where id = ${job.id}`,
    );
    expect(row?.file).toBe(false);
  });

  it('returns the same import for a retried upload with one Idempotency-Key, and refuses the key for another file', async () => {
    const file = await workbook([person({ 房号: '501' })]);
    const key = { 'idempotency-key': `import-${Date.now()}` };
    const first = await post(file, true, key);
    const retry = await post(file, true, key);
    expect(first.statusCode).toBe(202);
    expect(retry.statusCode).toBe(202);
    expect(retry.json().id).toBe(first.json().id);
    const other = await post(await workbook([person({ 房号: '502' })]), true, key);
    expect(other.statusCode).toBe(409);
    await t.jobs.runOnce('households.imports');
  });

  it('refuses a 300,000-row sheet at the row limit with memory bounded, answering other requests meanwhile', async () => {
    // 9.7 MB, under the 10 MB upload limit; loading it whole took ~1 GB and 15 s.
    const file = await largeRegistry(300_000, tree.building.name);
    const before = [await count('households'), await count('residents')];
    const queued = await post(file, true);
    expect(queued.statusCode).toBe(202);
    const id = queued.json().id as number;

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    let finished = false;
    const run = t.jobs.runOnce('households.imports').finally(() => {
      finished = true;
    });
    // While the sheet is being read (progress recorded, not finished), the server answers.
    let seen = (await importOf(id)).json();
    while (!finished && !(seen.status === 'running' && seen.rowsRead > 0)) {
      await new Promise((r) => setTimeout(r, 2));
      seen = (await importOf(id)).json();
    }
    const health = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    const answeredWhileRunning = !finished;
    await run;
    clearInterval(sampler);
    expect(health.statusCode).toBe(200);
    expect(seen).toMatchObject({ status: 'running', rowsEstimated: 300_001 });
    expect(answeredWhileRunning).toBe(true);

    const done = (await importOf(id)).json();
    expect(done).toMatchObject({ status: 'failed', error: { code: 'TOO_MANY_ROWS' }, result: null });
    // Reading stopped at the limit: 20,000 filled rows (+1 allowed for an example row) below the header in row 1.
    expect(done.rowsRead).toBeGreaterThan(20_000);
    expect(done.rowsRead).toBeLessThanOrEqual(20_003);
    expect(peak - rssBefore).toBeLessThan(250 * 1024 * 1024);
    expect([await count('households'), await count('residents')]).toEqual(before);
  });

  it('exports the registry with numbers masked', async () => {
    // A registered household of its own: this file's other imports are dry runs, refusals or gone.
    expect(await upload(await workbook([person({ 房号: '1802' })]), false)).toMatchObject({ status: 'done' });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/households/export', headers: { cookie: staff } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toMatch(/\d{3}\*{4}\d{4}/);
    expect(text).not.toMatch(/"1\d{10}"/);
  });
});
