// Journey 1 (issue #5): a resident scans the building's QR link and reports with a photo, the captain
// answers on the phone app, and the resident rates the answer. All on 360×640 phones, in Chinese.
import assert from 'node:assert/strict';
import { apiSession, phoneLogin, testPhoto } from '../lib/phone.mjs';

export default [
  {
    name: 'resident reports from the building QR link with a photo → captain answers → resident rates',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const captainLogin = demoUser('captain'); // 福宁街5号's captain
      const residentLogin = { phone: '13700000009', password: 'louzhang123' }; // a resident of 福宁街5号
      const captainApi = await apiSession(browser, baseUrl, captainLogin.phone);
      const building = captainApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');
      assert.ok(building, 'the demo captain looks after a building');
      const { url } = await captainApi.get(`/buildings/${building.orgUnitId}/report-token`);
      assert.match(url, /\/m\/report\?b=[A-Za-z0-9_-]{16,64}$/);

      // The resident scans the QR code: it opens signed out; they choose to sign in with their password
      // and come back to the report.
      const resident = await newPage({ width: 360, height: 640, mobile: true });
      await resident.goto(new URL(url, baseUrl).href);
      await resident.getByText(building.orgUnitName).waitFor();
      await resident.getByRole('button', { name: '设施维修' }).click();
      await resident.getByRole('button', { name: '楼道灯' }).click();
      await resident.getByRole('link', { name: '已有账号？用密码登录' }).click();
      await resident.waitForURL(/\/m\/login\?next=/);
      await phoneLogin(resident, residentLogin.phone);
      await resident.waitForURL(/\/m\/report\?b=/);
      await resident.getByText(building.orgUnitName).waitFor();
      await resident.getByRole('button', { name: '设施维修' }).click();
      await resident.getByRole('button', { name: '楼道灯' }).click();
      await resident.locator('[data-testid=photo-input]').setInputFiles(testPhoto(11));
      await resident.locator('.m-photo img').waitFor();
      await resident.getByLabel('③ 简单说说（可不填）').fill('3楼楼道灯不亮，晚上看不见台阶');
      await screenshot(resident, 'm-report-form-360x640', { fullPage: true });
      await resident.getByRole('button', { name: '提交' }).click();
      await resident.waitForURL(/\/m\/reports\/\d+$/, { timeout: 20_000 });
      const reportId = Number(resident.url().split('/').pop());
      await resident.getByText('3楼楼道灯不亮').waitFor();
      await resident.locator('.m-photo img').first().waitFor();
      await screenshot(resident, 'm-report-submitted-360x640');

      // The server has it with the photo, routed to the captain.
      const filed = await captainApi.get(`/reports/${reportId}`);
      assert.equal(filed.photos.length, 1, 'the photo went with the report');
      assert.equal(filed.level, 'building');
      assert.ok(filed.photos[0].width <= 1600 && filed.photos[0].height <= 1600, 'downscaled on the phone');

      // The captain answers on the phone: 待我处理 → the report → 答复并办结.
      const captain = await newPage({ width: 360, height: 640, mobile: true });
      await captain.goto(`${baseUrl}/m/login`);
      await phoneLogin(captain, captainLogin.phone);
      await captain.getByText('楼长专区').waitFor();
      await captain.getByRole('link', { name: '待我处理' }).click();
      await captain.getByText('3楼楼道灯不亮').first().click();
      await captain.waitForURL(new RegExp(`/m/reports/${reportId}$`));
      await captain.getByPlaceholder(/答复居民/).fill('已更换楼道灯泡，请查看');
      await captain.getByRole('button', { name: '答复并办结' }).click();
      await captain.getByTestId('report-status').getByText('已办结').waitFor();
      await screenshot(captain, 'm-report-captain-answered-360x640', { fullPage: true });

      // The resident is told (通知 shows an unread count), opens the notice and lands on the report.
      await resident.goto(`${baseUrl}/m/`);
      const noticesTile = resident.getByRole('link', { name: /通知/ });
      await noticesTile.locator('.m-tile-badge').waitFor();
      await screenshot(resident, 'm-home-unread-360x640');
      await noticesTile.click();
      await resident.locator('.m-notice-unread', { hasText: '已更换楼道灯泡，请查看' }).first().click();
      await resident.waitForURL(new RegExp(`/m/reports/${reportId}$`));

      // The resident sees the answer and rates it 4 stars, solved.
      await resident.getByText('已更换楼道灯泡，请查看').first().waitFor();
      await resident.getByText('给这次处理打个分').waitFor();
      await resident.getByRole('button', { name: '4 星' }).click();
      await resident.getByText('满意', { exact: true }).waitFor();
      await screenshot(resident, 'm-report-rate-360x640', { fullPage: true });
      await resident.getByRole('button', { name: '已解决', exact: true }).click();
      await resident.getByTestId('report-status').getByText('已结案').waitFor();

      const closed = await captainApi.get(`/reports/${reportId}`);
      assert.equal(closed.status, 'closed');
      assert.equal(closed.rating, 4);
      const mine = await resident.evaluate(async () => (await fetch('/api/v1/reports?view=mine')).json());
      assert.ok(
        mine.items.some((r) => r.id === reportId),
        'the report is in the resident’s list',
      );
      await captainApi.close();
    },
  },
  {
    name: 'a neighbour sees the open report of the same kind before sending and joins it (我也遇到了)',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      // The captain of 福宁街5号 also lives there (demo data), so here they act as a second resident.
      const neighbourLogin = demoUser('captain');
      const neighbourApi = await apiSession(browser, baseUrl, neighbourLogin.phone);
      const residentApi = await apiSession(browser, baseUrl, '13700000009');
      const building = neighbourApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');
      const { url } = await neighbourApi.get(`/buildings/${building.orgUnitId}/report-token`);
      const categories = (await residentApi.get('/report-categories')).items;
      const sewer = categories.find((c) => c.nameZh === '下水道');
      const token = new URL(url, baseUrl).searchParams.get('b');
      const filed = await residentApi.post(
        '/reports',
        { buildingToken: token, categoryId: sewer.id, description: '一楼下水道堵了，污水倒灌' },
        { 'Idempotency-Key': `e2e-join-${Date.now()}` },
      );

      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, neighbourLogin.phone);
      await page.getByText('楼长专区').waitFor();
      await page.goto(new URL(url, baseUrl).href);
      await page.getByRole('button', { name: '设施维修' }).click();
      await page.getByRole('button', { name: '下水道' }).click();
      const similar = page.locator('.m-similar');
      await similar.getByText('本楼已有人反映同类问题').waitFor();
      await similar.getByText('一楼下水道堵了，污水倒灌').waitFor();
      await screenshot(page, 'm-report-similar-360x640');
      await similar.getByRole('button', { name: '我也遇到了' }).click();
      await page.waitForURL(new RegExp(`/m/reports/${filed.id}$`));

      const after = await neighbourApi.get(`/reports/${filed.id}`);
      assert.equal(after.isFollowing, true, 'the neighbour follows the report');
      assert.equal(after.followerCount, filed.followerCount + 1);
      const mine = await neighbourApi.get('/reports?view=mine');
      assert.ok(
        mine.items.some((r) => r.id === filed.id),
        'it is in the neighbour’s 我的诉求',
      );
      const inBuilding = (await residentApi.get('/reports?view=mine')).items.filter((r) => r.categoryId === sewer.id);
      assert.equal(inBuilding.length, 1, 'no duplicate report was filed');
      await neighbourApi.close();
      await residentApi.close();
    },
  },
  {
    name: 'the captain escalates a report from the phone with a reason; it goes to the grid worker',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const captainLogin = demoUser('captain');
      const captainApi = await apiSession(browser, baseUrl, captainLogin.phone);
      const residentApi = await apiSession(browser, baseUrl, '13700000009');
      const building = captainApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');
      const { url } = await captainApi.get(`/buildings/${building.orgUnitId}/report-token`);
      const token = new URL(url, baseUrl).searchParams.get('b');
      const categories = (await residentApi.get('/report-categories')).items;
      const wire = categories.find((c) => c.nameZh === '飞线充电');
      const filed = await residentApi.post(
        '/reports',
        { buildingToken: token, categoryId: wire.id, description: '二楼有人从窗户拉电线给电动车充电' },
        { 'Idempotency-Key': `e2e-escalate-${Date.now()}` },
      );

      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, captainLogin.phone);
      await page.getByRole('link', { name: '待我处理' }).click();
      await page.getByText('二楼有人从窗户拉电线').first().click();
      await page.waitForURL(new RegExp(`/m/reports/${filed.id}$`));
      await page.getByPlaceholder(/答复居民/).fill('劝说无效，需社区和消防协助');
      await page.getByRole('button', { name: '上报' }).click();
      await page.getByText('已上报上一级').waitFor();
      await page.locator('.m-timeline').getByText('劝说无效，需社区和消防协助').waitFor();
      await screenshot(page, 'm-report-escalated-360x640', { fullPage: true });

      const after = await residentApi.get(`/reports/${filed.id}`);
      assert.equal(after.level, 'grid', 'the next level up is the grid worker');
      assert.ok(after.timeline.some((e) => e.type === 'escalated' && e.note === '劝说无效，需社区和消防协助'));
      await captainApi.close();
      await residentApi.close();
    },
  },
];
