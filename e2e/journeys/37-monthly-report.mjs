// 月度报告: street staff pick a community by typing its name, make last month's report, see it listed as
// theirs and download the PDF; the PDF names the community and the month, and its count of reports
// received is the dashboard's for the same month.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';
import { readPdf } from '../lib/pdf.mjs';

/** Last month in Asia/Shanghai: YYYY-MM, and its bounds as ISO instants. */
function lastMonth() {
  const wall = new Date(Date.now() + 8 * 3_600_000);
  const y = wall.getUTCFullYear();
  const m = wall.getUTCMonth(); // 0-based: this month's index is last month's number
  const [py, pm] = m === 0 ? [y - 1, 12] : [y, m];
  const pad = (n) => String(n).padStart(2, '0');
  return {
    month: `${py}-${pad(pm)}`,
    label: `${py}年${pm}月`,
    from: `${py}-${pad(pm)}-01T00:00:00+08:00`,
    to: `${y}-${pad(m + 1)}-01T00:00:00+08:00`,
  };
}

export default [
  {
    name: 'street staff make last month’s report of a community and download it; its figures are the dashboard’s',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000003', 'street_staff');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/');
      const api = apiOf(page, baseUrl);
      const me = (await api.get('/auth/me')).user;
      await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '月度报告' }).click();
      await page.getByRole('heading', { name: '月度报告' }).waitFor();

      const unit = page.getByLabel('单位');
      await unit.click();
      await unit.fill('幕沙');
      await page
        .locator('.ant-select-tree-title', { hasText: /^幕沙社区（社区/ })
        .first()
        .click();
      const { month, label, from, to } = lastMonth();
      assert.equal(await page.getByLabel('月份').inputValue(), month, 'the month picker opens on last month');
      await page.getByRole('button', { name: '生成报告' }).click();
      await page.getByText('报告已生成').waitFor();
      const row = page.locator('.ant-table-row', { hasText: '幕沙社区' }).filter({ hasText: month });
      await row.getByText(me.name).waitFor();
      await screenshot(page, 'console-monthly-reports-1366x768');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('button', { name: /下载/ }).click(),
      ]);
      assert.match(download.suggestedFilename(), new RegExp(`幕沙社区-${month}-月度报告\\.pdf$`));
      const { pages } = await readPdf(await readFile(await download.path()));
      const text = pages.map((p) => p.text).join('');
      assert.ok(text.includes(`幕沙社区 ${label}`), 'the report names the community and the month');
      for (const section of ['一、诉求办理', '二、楼长任务与积分', '三、关爱走访'])
        assert.ok(text.includes(section), section);

      // The dashboard's count of reports received in that month, in that community.
      const units = (await api.get(`/org-units/search?q=${encodeURIComponent('幕沙社区')}`)).items;
      const community = units.find((u) => u.name === '幕沙社区');
      const figures = await api.get(
        `/reports/figures?orgUnitId=${community.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      const received = text.match(/收到诉求（件） (\d+) /)?.[1];
      assert.equal(Number(received), figures.total.received, 'the PDF’s reports received are the dashboard’s');
    },
  },
];
