// 导出任务: street staff export the registry of their whole street, more rows than an export may stream
// (the e2e server's cap is lowered to 300; in production it is 10,000). The 导出 button starts a background
// export and opens 导出任务, which shows its progress (a progress bar) until 下载 appears; the downloaded file
// holds every resident of every household the list shows, numbers masked. Nobody else sees the export.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';
import { E2E_EXPORT_CAP } from '../lib/server.mjs';

/** Every household of the list, following the cursors, as the API gives them. */
async function allHouseholds(api) {
  const out = [];
  let cursor = null;
  do {
    const page = await api.get(`/households?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export default [
  {
    name: 'street staff export a registry too big to stream: a background export with progress, then 下载',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/households');
      const api = apiOf(page, baseUrl);
      const households = await allHouseholds(api);
      assert.ok(households.length > E2E_EXPORT_CAP, `the demo street has more than ${E2E_EXPORT_CAP} households`);
      await page.getByText(/^共 [\d,]+ 条$|^超过 [\d,]+ 条$/).waitFor();

      // 导出: too many to stream, so the console starts a background export and opens 导出任务.
      await page.getByRole('button', { name: '导出' }).click();
      await page.waitForURL(/\/console\/exports$/, { timeout: 20_000 });
      await page.getByRole('heading', { name: '导出任务' }).waitFor();
      await page.getByRole('progressbar').first().waitFor();
      const first = (await api.get('/exports')).items[0];
      assert.equal(first.kind, 'households');
      assert.equal(first.rowsTotal, households.length);
      await screenshot(page, 'export-jobs-progress-1366x768');

      // The page follows the job until its file is ready.
      const download = page.getByRole('button', { name: '下载' }).first();
      await download.waitFor({ timeout: 90_000 });
      await page.getByText('已完成').first().waitFor();
      await screenshot(page, 'export-jobs-done-1366x768');
      const job = (await api.get('/exports')).items[0];
      assert.equal(job.id, first.id);
      assert.equal(job.status, 'done');
      assert.equal(job.rowsDone, households.length);

      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      assert.equal(file.suggestedFilename(), '住户台账.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await readFile(await file.path()));
      const rows = [];
      wb.worksheets[0].eachRow((r) => rows.push(r.values.slice(1)));
      const [header, ...body] = rows;
      assert.equal(header[0], '户号');
      // One line per resident of every household the list shows, in the list's order.
      const expected = households.flatMap((h) => Array.from({ length: h.memberCount }, () => h.id));
      assert.deepEqual(
        body.map((r) => r[0]),
        expected,
      );
      const phoneCol = header.indexOf('手机号');
      const idCol = header.indexOf('身份证号');
      for (const r of body) {
        if (r[phoneCol]) assert.match(String(r[phoneCol]), /^\d{3}\*{4}\d{4}$/);
        if (r[idCol]) assert.match(String(r[idCol]), /^\w{4}\*{10}\w{4}$/);
      }

      // Another member of staff does not get it.
      const other = await newPage();
      const otherApi = apiOf(other, baseUrl);
      await otherApi.login(who(ctx, '13700000004', 'community_staff'));
      await assert.rejects(otherApi.get(`/exports/${job.id}/file`), /→ 404/);
    },
  },
];
