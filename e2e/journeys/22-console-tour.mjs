// Every console section loads for the street office at 1366×768 in Chinese: no error state, no
// uncaught page error, the expected heading and content; the dashboard draws its charts (ECharts,
// loaded lazily); the menu of a department account shows only what a department does.
import assert from 'node:assert/strict';
import { consoleSignIn, who } from '../lib/console-helpers.mjs';

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
      await page.getByText('受理总数').waitFor({ timeout: 15_000 });
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
      const menu = (await page.locator('.ant-menu-item').allTextContents()).map((m) => m.replace(/\d+$/, ''));
      assert.ok(menu.includes('诉求') && menu.includes('数据看板'), `menu: ${menu.join(' ')}`);
      for (const hidden of ['住户台账', '任务', '审核', '积分商城'])
        assert.ok(!menu.includes(hidden), `menu shows ${hidden}`);
    },
  },
];
