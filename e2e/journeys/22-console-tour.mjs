// Every console section loads for the street office at 1366×768 in Chinese: no error state, no
// uncaught page error, the expected heading and content; the dashboard draws its charts (ECharts,
// loaded lazily); the menu of a department account shows only what a department does.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';

const SECTIONS = [
  { path: '/captains', heading: '楼长', see: '梁家俊' },
  { path: '/chores', heading: '任务', see: '新建模板' },
  { path: '/chores?tab=publications', heading: '任务', see: '发布任务' },
  { path: '/reviews', heading: '任务审核', see: '待审核' },
  { path: '/mall', heading: '积分商城', see: '新增商品' },
  { path: '/mall?tab=orders', heading: '积分商城', see: '订单号' },
  { path: '/mall?tab=report', heading: '积分商城', see: '消耗积分' },
  { path: '/reports?view=all', heading: '诉求', see: '待我处理' },
  { path: '/recruitment', heading: '楼长招募', see: '三埠街道2026年志愿楼长招募' },
  { path: '/coverage', heading: '楼长覆盖', see: '无楼长楼栋' },
  { path: '/honours', heading: '评选表彰', see: '星级楼长（季度）' },
  { path: '/training', heading: '培训与带教', see: '老带新结对' },
  { path: '/settings', heading: '设置', see: '积分商城兑换时间' },
  { path: '/settings?tab=open311', heading: '设置', see: '发放密钥' },
  { path: '/settings?tab=boards', heading: '设置', see: '社区、网格或小区' },
  { path: '/adjustments', heading: '积分调整', see: '申请调整' },
];

export default [
  {
    name: 'street staff open every console section without an error',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const page = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(page, baseUrl, who(ctx, '13700000002', 'street_staff'));
      for (const s of SECTIONS) {
        await page.goto(`${baseUrl}/console${s.path}`);
        await page.getByRole('heading', { name: s.heading, exact: true }).waitFor();
        await page.getByText(s.see, { exact: false }).first().waitFor({ timeout: 15_000 });
        await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), undefined, { timeout: 15_000 });
        assert.equal(await page.locator('.ant-result-error').count(), 0, `${s.path} shows an error`);
        await screenshot(page, `console-${s.path.replace(/[/?=]+/g, '-').replace(/^-/, '')}-1366x768`);
      }

      await page.goto(`${baseUrl}/console/dashboard`);
      await page.getByRole('heading', { name: '数据看板' }).waitFor();
      await page.locator('.lz-kpi').getByText('收到诉求').waitFor({ timeout: 15_000 });
      await page.getByText('楼长持有积分').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('.ant-result-error').count(), 0, 'the dashboard shows an error');
      await screenshot(page, 'console-dashboard-1366x768');
    },
  },
  {
    name: 'a department account sees reports and the dashboard, not households, chores or the mall',
    async run(ctx) {
      const { baseUrl, newPage } = ctx;
      const page = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(page, baseUrl, who(ctx, '13700000010', 'department_staff'), '/reports');
      await page.getByRole('heading', { name: '诉求' }).waitFor();
      // An entry may carry its to-do count (诉求 7): compare the words only.
      const menu = await page.getByRole('navigation', { name: '主菜单' }).locator('.lz-menu-label').allTextContents();
      assert.ok(menu.includes('诉求') && menu.includes('数据看板'), `menu: ${menu.join(' ')}`);
      for (const hidden of ['住户台账', '任务', '审核', '积分商城'])
        assert.ok(!menu.includes(hidden), `menu shows ${hidden}`);
    },
  },
  {
    name: 'the dashboard opens on 本月, keeps counts and points on separate charts, and exports a chart’s numbers',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      // A report filed now, so this month has one at least.
      const resPage = await newPage({ width: 800, height: 600 });
      const res = apiOf(resPage, baseUrl);
      await res.login(who(ctx, '13700000009', 'resident'));
      const capPage = await newPage({ width: 800, height: 600 });
      const cap = apiOf(capPage, baseUrl);
      const me = await cap.login(who(ctx, '13700000007', 'captain'));
      const buildingId = me.roles.find((r) => r.role === 'captain')?.orgUnitId;
      const category = (await res.get('/report-categories')).items.find((c) => c.parentId !== null);
      await res.post('/reports', {
        buildingId,
        categoryId: category.id,
        description: `看板导出测试 ${Date.now() % 100000}`,
      });

      const street = who(ctx, '13700000002', 'street_staff');
      const page = await newPage({ width: 1366, height: 768 });
      // The figures the page is given (a report's level may move on meanwhile: the clocks job escalates).
      const given = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/v1/reports/figures' && r.status() === 200,
        { timeout: 30_000 },
      );
      await consoleSignIn(page, baseUrl, street, '/dashboard');
      await page.getByRole('heading', { name: '数据看板' }).waitFor();
      // 本月 is chosen and said, from the month's first day to today.
      const shown = (await page.getByTestId('dashboard-period').textContent()).trim();
      const m = shown.match(/^统计时间：本月（(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})）$/);
      assert.ok(m, `the period is shown as 本月 with its dates: ${shown}`);
      const [, from, to] = m;
      assert.ok(from.endsWith('-01') && from.slice(0, 7) === to.slice(0, 7), `本月 starts on the 1st: ${shown}`);
      await page.getByText('诉求 · 本月').waitFor();
      await page.locator('.lz-chart canvas').first().waitFor({ timeout: 20_000 });
      // Chores (次) and points (分) are drawn on two charts.
      await page.getByText('通过任务（累计，次）').waitFor({ timeout: 15_000 });
      await page.getByText('积分余额（当前，分）').waitFor();
      await screenshot(page, 'console-dashboard-this-month-1366x768');

      // 导出数据 of 按层级: the file holds the numbers of that chart, the server's figures for the period.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出数据：按层级' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `按层级_${from}_${to}.csv`);
      const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
      const lines = csv.trim().split('\r\n');
      assert.equal(lines[0], `按层级（${shown}）`);
      assert.equal(lines[1], '层级,收到诉求,已答复,已办结');
      const next = new Date(`${to}T00:00:00+08:00`);
      next.setUTCDate(next.getUTCDate() + 1);
      const st = apiOf(await newPage({ width: 800, height: 600 }), baseUrl);
      await st.login(street);
      const q = new URLSearchParams({ from: `${from}T00:00:00+08:00`, to: next.toISOString() });
      const asked = new URL((await given).url()).searchParams;
      assert.equal(new Date(asked.get('from')).getTime(), new Date(q.get('from')).getTime(), 'the month asked');
      assert.equal(new Date(asked.get('to')).getTime(), next.getTime(), 'up to today, whole');
      const figures = await (await given).json();
      const names = { building: '楼长', grid: '网格', community: '社区', street: '街道', department: '职能部门' };
      const expected = figures.byLevel.map((r) => `${names[r.level]},${r.received},${r.answered},${r.resolved}`);
      assert.deepEqual(lines.slice(2), expected);
      assert.ok(figures.total.received >= 1, 'this month has the report filed above');

      // 下级单位: each unit one level down with its count, as the server gives it for the period; a unit's
      // name opens its own figures (its total above, its own units below).
      const byUnit = await st.get(`/reports/figures/by-unit?${q}`);
      const table = page.getByTestId('dashboard-by-unit');
      await table.waitFor();
      const cell = (name, i) =>
        table
          .locator('tr')
          .filter({ has: page.getByRole('button', { name, exact: true }) })
          .locator('td')
          .nth(i);
      for (const u of byUnit.items) assert.equal((await cell(u.name, 1).textContent()).trim(), String(u.received));
      const busy = byUnit.items.find((u) => u.received > 0);
      assert.ok(busy, 'a unit of the street received the report filed above');
      await table.getByRole('button', { name: busy.name, exact: true }).click();
      q.set('orgUnitId', String(busy.orgUnitId));
      const below = await st.get(`/reports/figures/by-unit?${q}`);
      assert.ok(below.items.length >= 1, `${busy.name} has units below it`);
      await table.getByRole('button', { name: below.items[0].name, exact: true }).waitFor();
      const total = page.locator('.lz-kpi .ant-statistic-content-value').first();
      assert.equal((await total.textContent()).trim(), String(busy.received));
      // (after the export's notice, which names the file, has gone)
      await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
      await screenshot(page, 'console-dashboard-by-unit-1366x768');
    },
  },
];
