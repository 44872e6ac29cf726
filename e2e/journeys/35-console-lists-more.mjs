// More of the console's lists as Chinese admin consoles do them. Street staff find a captain on the roll
// (楼长名册) by the captain's mobile number, see 共 N 条, sort the roll, and export what they found (the phone
// masked in the file). In the review queue (任务审核) they see the oldest submission first, turn the order by
// the 提交时间 header, search by a captain's name and export that queue — every order checked against the
// API's, and every export against the rows the API lists for the same filters.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';

/** The row keys of the table's rows, top to bottom (antd writes the rowKey on each row). */
async function rowKeys(page) {
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
  return page
    .locator('.ant-table-tbody tr.ant-table-row')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row-key'))));
}

/** Waits until the table's first row is `key`. */
async function firstRowIs(page, key) {
  await page.waitForFunction(
    (k) => document.querySelector('.ant-table-tbody tr.ant-table-row')?.getAttribute('data-row-key') === String(k),
    key,
    { timeout: 15_000 },
  );
}

/** Clicks 导出 and reads the downloaded workbook's first sheet: its header row and its body rows. */
async function exportSheet(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    // The button's name is its icon's and its text's ("download 导出"); not 导出工作情况… beside it.
    page.getByRole('button', { name: /导出$/ }).click(),
  ]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await readFile(await download.path()));
  const rows = [];
  wb.worksheets[0].eachRow((r) => rows.push(r.values.slice(1)));
  return { fileName: download.suggestedFilename(), header: rows[0], body: rows.slice(1) };
}

/** Every row of a list query, following the cursors, as the API orders them; and the first page's count. */
async function allOf(api, path, query) {
  const out = [];
  let cursor = null;
  let total = null;
  do {
    const page = await api.get(`${path}?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.items);
    total ??= page.total;
    cursor = page.nextCursor;
  } while (cursor);
  return { items: out, total };
}

const n = (x) => x.toLocaleString('zh-CN');

export default [
  {
    name: 'street staff find a captain on the roll by phone, sort the roll and export what they found',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const captain = who(ctx, '13700000007', 'captain');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/captains');
      const api = apiOf(page, baseUrl);

      // Where am I, and how many: 工作台 / 楼长, 共 N 条 as the API counts the roll.
      const crumbs = page.getByRole('navigation', { name: '当前位置' });
      await crumbs.getByRole('link', { name: '工作台' }).waitFor();
      const roll = await allOf(api, '/captains', 'sort=name');
      assert.ok(roll.items.length >= 2, `the demo street has captains (${roll.items.length})`);
      assert.equal(roll.total, roll.items.length);
      await page.getByText(`共 ${n(roll.total)} 条`).waitFor();
      await firstRowIs(page, roll.items[0].userId);
      assert.deepEqual(
        await rowKeys(page),
        roll.items.slice(0, 20).map((c) => c.userId),
      );
      await screenshot(page, 'console-lists-captains-roll-1366x768');

      // Sorted newest first from 排序; the first page is the API's newest.
      const newest = await allOf(api, '/captains', 'sort=newest');
      await page.getByLabel('排序').click();
      await page.locator('.ant-select-item-option', { hasText: '最近加入在前' }).click();
      await page.waitForURL(/sort=newest/);
      await firstRowIs(page, newest.items[0].userId);
      assert.deepEqual(
        await rowKeys(page),
        newest.items.slice(0, 20).map((c) => c.userId),
      );
      // The 姓名 header puts it back in name order.
      await page.getByRole('columnheader', { name: /姓名/ }).click();
      await page.waitForURL((u) => !u.searchParams.has('sort'));
      await firstRowIs(page, roll.items[0].userId);

      // By the captain's mobile number (labelled 关键词): found through its blind index, 共 1 条.
      const me = await apiOf(await newPage(), baseUrl).login(captain);
      const box = page.getByLabel('关键词');
      await box.fill(captain.phone);
      await box.press('Enter');
      await page.waitForURL(/q=137/);
      await page.getByText('共 1 条').waitFor();
      await firstRowIs(page, me.id);
      assert.deepEqual(await rowKeys(page), [me.id]);
      await screenshot(page, 'console-lists-captains-by-phone-1366x768');

      // The export holds exactly that captain, the phone masked as on screen.
      const sheet = await exportSheet(page);
      assert.equal(sheet.fileName, '楼长名册.xlsx');
      assert.deepEqual(sheet.header.slice(0, 3), ['姓名', '手机号', '状态']);
      assert.equal(sheet.body.length, 1);
      assert.equal(sheet.body[0][0], me.name);
      assert.equal(sheet.body[0][1], `${captain.phone.slice(0, 3)}****${captain.phone.slice(7)}`);
      assert.ok(!JSON.stringify(sheet.body).includes(captain.phone), 'the full number is not in the file');

      // The whole roll's export is the roll in name order.
      await box.fill('');
      await box.press('Enter');
      await page.waitForURL((u) => !u.searchParams.has('q'));
      await page.getByText(`共 ${n(roll.total)} 条`).waitFor();
      const whole = await exportSheet(page);
      assert.deepEqual(
        whole.body.map((r) => r[0]),
        roll.items.map((c) => c.name),
      );
    },
  },
  {
    name: 'street staff review the oldest submission first, turn the order, search by captain and export the queue',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/reviews');
      const api = apiOf(page, baseUrl);
      const queue = await allOf(api, '/chores/review-queue', 'status=pending');
      assert.ok(queue.items.length >= 2, `the demo street has submissions waiting (${queue.items.length})`);
      // Oldest first by default: submission numbers rise.
      for (let i = 1; i < queue.items.length; i++) assert.ok(queue.items[i - 1].id < queue.items[i].id, 'oldest first');

      await page.getByRole('navigation', { name: '当前位置' }).getByText('审核', { exact: true }).waitFor();
      await page.getByText(`共 ${n(queue.total)} 条`).waitFor();
      await firstRowIs(page, queue.items[0].id);
      assert.deepEqual(
        await rowKeys(page),
        queue.items.slice(0, 20).map((s) => s.id),
      );

      // The 提交时间 header turns it newest first.
      await page.getByRole('columnheader', { name: /提交时间/ }).click();
      await page.waitForURL(/sort=newest/);
      const newest = [...queue.items].reverse();
      await firstRowIs(page, newest[0].id);
      assert.deepEqual(
        await rowKeys(page),
        newest.slice(0, 20).map((s) => s.id),
      );
      await screenshot(page, 'console-lists-reviews-newest-1366x768');

      // A captain's name in the search box: only their submissions, counted.
      const name = queue.items[0].submitterName;
      const theirs = await allOf(
        api,
        '/chores/review-queue',
        `status=pending&sort=newest&q=${encodeURIComponent(name)}`,
      );
      assert.ok(theirs.items.length >= 1);
      const box = page.getByLabel('关键词');
      await box.fill(name);
      await box.press('Enter');
      await page.waitForURL(/q=/);
      await page.getByText(`共 ${n(theirs.total)} 条`).waitFor();
      await firstRowIs(page, theirs.items[0].id);
      assert.deepEqual(
        await rowKeys(page),
        theirs.items.slice(0, 20).map((s) => s.id),
      );
      await screenshot(page, 'console-lists-reviews-by-captain-1366x768');

      // The export is exactly those rows, in that order.
      const sheet = await exportSheet(page);
      assert.equal(sheet.fileName, '任务审核.xlsx');
      assert.deepEqual(sheet.header.slice(0, 5), ['编号', '任务', '楼栋', '社区', '提交人']);
      assert.deepEqual(
        sheet.body.map((r) => r[0]),
        theirs.items.map((s) => s.id),
      );
      assert.ok(sheet.body.every((r) => r[4] === name || String(r[1]).includes(name) || String(r[2]).includes(name)));
    },
  },
];
