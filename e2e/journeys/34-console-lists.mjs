// The console's lists as Chinese admin consoles do them: street staff find a report by its number and by
// the reporter's mobile number (a captain files it for a neighbour without a phone app), see 共 N 条, export
// what the search shows and read the downloaded file (the phone masked), see where they are in the
// breadcrumbs, and find 新兴社区 in the scope picker by typing 新兴 before its branch is open. The
// department sorts its inbox by time left (overdue first) by the column header, and the order is checked
// against the API's due times; its export of that inbox has the same rows in the same order.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, exportSheet, who } from '../lib/console-helpers.mjs';

/** The report numbers in the table's rows, top to bottom. */
async function rowIds(page) {
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
  const cells = page.locator('.ant-table-tbody tr.ant-table-row td:first-child');
  return (await cells.allTextContents()).map((s) => Number(s.trim()));
}

/** Every report of a list query, following the cursors, as the API orders them. */
async function allOf(api, query) {
  const out = [];
  let cursor = null;
  do {
    const page = await api.get(`/reports?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export default [
  {
    name: 'street staff search reports by number and phone, export what they found, and pick a community by typing',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const captainUser = who(ctx, '13700000007', 'captain');

      // The captain files a report for a neighbour who has no app, with her mobile number.
      const capPage = await newPage();
      const cap = apiOf(capPage, baseUrl);
      const capMe = await cap.login(captainUser);
      const buildingId = capMe.roles.find((r) => r.role === 'captain')?.orgUnitId;
      assert.ok(buildingId, 'the demo captain has a building');
      const categories = (await cap.get('/report-categories')).items;
      const category = categories.find((c) => c.parentId !== null) ?? categories[0];
      const neighbourPhone = `139${String(Date.now()).slice(-8)}`;
      const masked = `${neighbourPhone.slice(0, 3)}****${neighbourPhone.slice(7)}`;
      const filed = await cap.post('/reports', {
        buildingId,
        categoryId: category.id,
        description: `楼道扶手松动，老人上下楼不安全 ${String(Date.now() % 100000)}`,
        onBehalfOf: { name: '关秀英', phone: neighbourPhone },
      });

      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/reports?view=all');
      // Where am I: 工作台 / 诉求.
      const crumbs = page.getByRole('navigation', { name: '当前位置' });
      await crumbs.getByText('诉求').waitFor();
      await crumbs.getByRole('link', { name: '工作台' }).waitFor();
      await page.getByText(/^共 [\d,]+ 条$|^超过 [\d,]+ 条$/).waitFor();
      await screenshot(page, 'console-lists-reports-all-1366x768');

      // By the reporter's mobile number (labelled 关键词): only the captain's report for her.
      const box = page.getByLabel('关键词');
      await box.fill(neighbourPhone);
      await box.press('Enter');
      await page.waitForURL(/q=139/);
      await page.getByText('共 1 条').waitFor();
      assert.deepEqual(await rowIds(page), [filed.id]);
      await screenshot(page, 'console-lists-reports-by-phone-1366x768');

      // The export holds exactly that row, the phone masked as on screen.
      const byPhone = await exportSheet(page, page, '导出');
      assert.equal(byPhone.fileName, '诉求.xlsx');
      assert.equal(byPhone.header[0], '编号');
      assert.deepEqual(
        byPhone.body.map((r) => r[0]),
        [filed.id],
      );
      const phoneCol = byPhone.header.indexOf('联系电话');
      assert.equal(byPhone.body[0][phoneCol], masked);
      assert.ok(!JSON.stringify(byPhone.body).includes(neighbourPhone), 'the full number is not in the file');

      // By its number: another report of the street, found by typing its number.
      const api = apiOf(page, baseUrl);
      const other = (await api.get('/reports?view=all&limit=5')).items.find((r) => r.id !== filed.id);
      assert.ok(other, 'the demo street has other reports');
      await box.fill(String(other.id));
      await box.press('Enter');
      await page.getByText('共 1 条').waitFor();
      await page.waitForFunction((id) => {
        const cell = document.querySelector('.ant-table-tbody tr.ant-table-row td:first-child');
        return cell?.textContent?.trim() === String(id);
      }, other.id);
      assert.deepEqual(await rowIds(page), [other.id]);

      // The scope picker finds 新兴社区 by typing, before its branch was ever opened.
      await box.fill('');
      await box.press('Enter');
      const scope = page.getByLabel('范围');
      await scope.click();
      await scope.fill('新兴');
      const option = page.locator('.ant-select-tree-title', { hasText: /^新兴社区（社区/ }).first();
      await option.waitFor({ timeout: 15_000 });
      await screenshot(page, 'console-lists-scope-search-1366x768');
      await option.click();
      await page.waitForURL(/orgUnitId=\d+/);
      const orgUnitId = Number(new URL(page.url()).searchParams.get('orgUnitId'));
      const unit = await api.get(`/org-units/${orgUnitId}`);
      assert.equal(unit.name, '新兴社区');
      // The list is now the community's: its first page is the community's newest, and the count is theirs.
      const inCommunity = await allOf(api, `view=all&orgUnitId=${orgUnitId}`);
      assert.ok(inCommunity.length > 0, 'the community has reports');
      await page.getByText(`共 ${inCommunity.length.toLocaleString('zh-CN')} 条`).waitFor();
      await page.waitForFunction((id) => {
        const cell = document.querySelector('.ant-table-tbody tr.ant-table-row td:first-child');
        return cell?.textContent?.trim() === String(id);
      }, inCommunity[0].id);
      assert.deepEqual(
        await rowIds(page),
        inCommunity.slice(0, 20).map((r) => r.id),
      );
      await capPage.context().close();
    },
  },
  {
    name: 'the department sorts its inbox by time left, overdue first, and exports it in that order',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const deptUser = who(ctx, '13700000010', 'department_staff');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, deptUser, '/reports');
      const api = apiOf(page, baseUrl);
      const inbox = await allOf(api, 'view=handling&sort=due');
      assert.ok(inbox.length >= 2, `the demo department has reports waiting (${inbox.length})`);
      // The order the API gives, checked on its own terms: overdue first, then the earliest due time.
      const key = (r) => [r.isOverdue ? 0 : 1, r.dueAt ? Date.parse(r.dueAt) : Number.POSITIVE_INFINITY, r.id];
      for (let i = 1; i < inbox.length; i++) {
        const [a, b] = [key(inbox[i - 1]), key(inbox[i])];
        assert.ok(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2]))), 'due order');
      }

      // Sorted by the 时限 column's header.
      await page.getByRole('columnheader', { name: /时限/ }).click();
      await page.waitForURL(/sort=due/);
      await page.getByText(/^共 [\d,]+ 条$/).waitFor();
      const firstPage = inbox.slice(0, 20).map((r) => r.id);
      await page.waitForFunction((id) => {
        const cell = document.querySelector('.ant-table-tbody tr.ant-table-row td:first-child');
        return cell?.textContent?.trim() === String(id);
      }, firstPage[0]);
      assert.deepEqual(await rowIds(page), firstPage);
      await page.getByText(`共 ${inbox.length.toLocaleString('zh-CN')} 条`).waitFor();
      await screenshot(page, 'console-lists-department-inbox-by-due-1366x768');

      // The export is the whole inbox in that order.
      const sheet = await exportSheet(page, page, '导出');
      assert.deepEqual(
        sheet.body.map((r) => r[0]),
        inbox.map((r) => r.id),
      );
    },
  },
];
