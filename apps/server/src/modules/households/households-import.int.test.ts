import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { idNumber } from '../../../test/factories';
import { multipartFile } from '../../../test/harness';
import { TEMPLATE_HEADERS } from './households-excel';
import {
  count,
  importOf,
  other,
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
    expect(dry).toMatchObject({ status: 'done', error: null });
    const report = dry.result;
    expect(report).toMatchObject({ dryRun: true, total: 6, valid: 2, householdsCreated: 0 });
    expect(report.errors.map((e: { rowNumber: number; code: string }) => [e.rowNumber, e.code])).toEqual([
      [3, 'BAD_PHONE'],
      [4, 'BAD_ID_NUMBER'],
      [5, 'UNKNOWN_BUILDING'],
      [6, 'UNKNOWN_BUILDING'],
    ]);
    expect(report.errors[0].column).toBe('手机号');

    const commit = await upload(file, false);
    expect(commit).toMatchObject({ status: 'failed', error: { code: 'IMPORT_HAS_ERRORS' } });
    expect(commit.result.errors.map((e: { rowNumber: number }) => e.rowNumber)).toEqual([3, 4, 5, 6]);
    expect([await count('households'), await count('residents')]).toEqual(before);
  });

  it('commits a clean file all at once, grouping members by address', async () => {
    const file = await workbook([
      person({ 房号: '201' }),
      person({ 房号: '201', 与户主关系: '配偶', 姓名: '关玉梅', 性别: '女', 身份证号: idNumber(1952) }),
      person({ 房号: '202', 关怀标签: null }),
    ]);
    const res = await upload(file, false);
    expect(res.status).toBe('done');
    expect(res.result).toMatchObject({
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

  it('imports the valid rows of a file with errors (导入有效行), once, with the bad rows still marked', async () => {
    const file = await workbook([
      person({ 房号: '701' }),
      person({ 房号: '702', 手机号: '12345' }), // bad phone
      person({ 房号: '703', 身份证号: null, 姓名: '伍淑芬', 性别: '女' }), // no ID number: still valid
      person({ 房号: '704', 楼栋: '不存在的楼' }),
      person({ 房号: '701', 与户主关系: '配偶', 姓名: '关玉梅', 性别: '女', 身份证号: idNumber(1953) }),
    ]);
    const before = { households: await count('households'), residents: await count('residents') };
    const dry = await upload(file, true);
    expect(dry.result).toMatchObject({ total: 5, valid: 3 });
    // Only a commit imports rows: a dry run that asks for it is refused.
    const mp = multipartFile('file', 'registry.xlsx', file);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/households/import?dryRun=true&validOnly=true',
      payload: mp.payload,
      headers: { ...mp.headers, cookie: staff },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');

    const commitValid = (key: string) => {
      const m = multipartFile('file', 'registry.xlsx', file);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/households/import?dryRun=false&validOnly=true',
        payload: m.payload,
        headers: { ...m.headers, cookie: staff, 'idempotency-key': key },
      });
    };
    const queued = await commitValid('valid-rows-0001');
    expect(queued.statusCode, queued.body).toBe(202);
    expect(queued.json()).toMatchObject({ dryRun: false, validOnly: true });
    await t.jobs.runOnce('households.imports');
    const done = (await importOf(queued.json().id)).json();
    // Rows 2, 4 and 6 go in: households 701 (two members) and 703; rows 3 and 5 are listed, not written.
    expect(done).toMatchObject({ status: 'done', error: null, validOnly: true });
    expect(done.result).toMatchObject({ dryRun: false, total: 5, valid: 3, householdsCreated: 2, residentsCreated: 3 });
    expect(done.result.errors.map((e: { rowNumber: number; code: string }) => [e.rowNumber, e.code])).toEqual([
      [3, 'BAD_PHONE'],
      [5, 'UNKNOWN_BUILDING'],
    ]);
    expect(await count('households')).toBe(before.households + 2);
    expect(await count('residents')).toBe(before.residents + 3);
    const registered = await t.app.inject({
      method: 'GET',
      url: `/api/v1/households?q=70&orgUnitId=${tree.building.id}`,
      headers: { cookie: staff },
    });
    expect(
      registered
        .json()
        .items.map((h: { room: string }) => h.room)
        .sort(),
    ).toEqual(['701', '703']);

    // The commit's own error file marks the rows left out.
    const errorsFile = await t.app.inject({
      method: 'GET',
      url: `/api/v1/households/imports/${done.id}/errors.xlsx`,
      headers: { cookie: staff },
    });
    expect(errorsFile.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(errorsFile.rawPayload as unknown as ExcelJS.Buffer);
    const noteCol = TEMPLATE_HEADERS.length + 1;
    const notes = [2, 3, 4, 5, 6].map((n) => wb.worksheets[0]!.getRow(n).getCell(noteCol).text);
    expect(notes.map((x) => x.length > 0)).toEqual([false, true, false, true, false]);

    // Committing it again does nothing again: the same key, another key, two at once, or the whole file.
    const imports = await count('household_imports');
    const again = await Promise.all([
      commitValid('valid-rows-0001'),
      commitValid('valid-rows-0002'),
      commitValid('valid-rows-0003'),
      post(file, false, { 'idempotency-key': 'valid-rows-0004' }),
    ]);
    for (const r of again) {
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json()).toMatchObject({ id: done.id, status: 'done' });
    }
    await t.jobs.runOnce('households.imports');
    expect(await count('household_imports')).toBe(imports);
    expect(await count('households')).toBe(before.households + 2);
    expect(await count('residents')).toBe(before.residents + 3);
  });

  it('commits the valid rows of a file whose whole commit was refused, once under racing requests', async () => {
    const file = await workbook([person({ 房号: '801' }), person({ 房号: '802', 楼栋: '不存在的楼' })]);
    const refused = await upload(file, false);
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'IMPORT_HAS_ERRORS' } });
    const before = await count('residents');
    const imports = await count('household_imports');
    const send = (key: string) => {
      const m = multipartFile('file', 'registry.xlsx', file);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/households/import?dryRun=false&validOnly=true',
        payload: m.payload,
        headers: { ...m.headers, cookie: staff, 'idempotency-key': key },
      });
    };
    const racing = await Promise.all([send('race-valid-0001'), send('race-valid-0002')]);
    expect(racing.map((r) => r.statusCode)).toEqual([202, 202]);
    expect(racing[0]!.json().id).toBe(racing[1]!.json().id);
    expect(await count('household_imports')).toBe(imports + 1);
    await t.jobs.runOnce('households.imports');
    expect((await importOf(racing[0]!.json().id)).json().result).toMatchObject({ residentsCreated: 1 });
    expect(await count('residents')).toBe(before + 1);
  });

  it('flags an ID number already in the registry as a duplicate', async () => {
    const id = idNumber(1948);
    expect((await upload(await workbook([person({ 房号: '301', 身份证号: id })]), false)).status).toBe('done');
    const again = await upload(await workbook([person({ 房号: '302', 身份证号: id })]), true);
    expect(again.result.errors.map((e: { code: string }) => e.code)).toEqual(['DUPLICATE']);
  });

  it('runs a queued import once when two job runs start at the same time', async () => {
    const file = await workbook([person({ 房号: '601' }), person({ 房号: '602' })]);
    const before = await count('residents');
    const excel = t.services.householdsExcel;
    excel.onQueued(() => {}); // queue without starting the job, to start two runs by hand
    const queued = await post(file, false);
    excel.onQueued(() => void t.jobs.runOnce('households.imports'));
    expect(queued.statusCode).toBe(202);
    // Straight at the service: the job runner would join the second call to the first.
    const ran = await Promise.all([excel.runQueued(), excel.runQueued()]);
    const job = (await importOf(queued.json().id)).json();
    expect(job).toMatchObject({ status: 'done', result: { residentsCreated: 2 } });
    expect(await count('residents')).toBe(before + 2);
    expect(ran.sort()).toEqual([0, 1]);
  });

  it('answers a file that is not a workbook with BAD_FILE at once, queueing nothing', async () => {
    const before = await count('household_imports');
    const res = await post(Buffer.from('not a spreadsheet'), true);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_FILE');
    expect(await count('household_imports')).toBe(before);
  });

  it("fails an import whose sheet lacks the template headers with BAD_TEMPLATE, in the asker's language", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').addRows([
      ['名字', '地址'],
      ['张三', '某处'],
    ]);
    const job = await upload(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer), true);
    expect(job).toMatchObject({ status: 'failed', result: null, error: { code: 'BAD_TEMPLATE' } });
    expect(job.error.message).toContain('楼栋');
    const en = await t.app.inject({
      method: 'GET',
      url: `/api/v1/households/imports/${job.id}`,
      headers: { cookie: staff, 'accept-language': 'en' },
    });
    expect(en.json().error.message).toMatch(/headers/);
  });
});
