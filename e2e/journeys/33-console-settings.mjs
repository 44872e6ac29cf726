// Settings in the console (设置, 积分调整) and where each one shows: street staff close and reopen the mall's
// window and the captain's phone mall follows; change what a point is worth and the phone's yuan figure
// follows; set the approval threshold, ask for an adjustment above it, are refused approving their own, and
// the admin approves it in the console before the balance moves; delegate chore review and the community's
// 审核 opens (and closes again); issue an Open311 key that works against /open311/v2 and stops after revoking;
// the admin shortens a category's time limit and a new report's deadline follows; community staff download
// their buildings' boards one by one and all at once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { consoleSignIn, who } from '../lib/console-helpers.mjs';
import { readPdf } from '../lib/pdf.mjs';
import { apiSession, phoneLogin } from '../lib/phone.mjs';

/** Waits for the console's success message `text`; fails with the error message if one shows instead. */
async function toast(page, text) {
  const ok = page.locator('.ant-message-notice-success', { hasText: text });
  const bad = page.locator('.ant-message-notice-error');
  await ok.or(bad).first().waitFor({ timeout: 30_000 });
  if (await bad.count()) throw new Error(`the console said: ${await bad.first().textContent()}`);
  await ok
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
}

/** Today's day of the month in Asia/Shanghai, the clock the window counts in. */
const shanghaiDayOfMonth = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(new Date()));

const card = (page, title) =>
  page.locator('.lz-settings-card', { has: page.locator('.ant-card-head-title', { hasText: title }) });

export default [
  {
    name: 'street staff close the mall window and the captain’s phone mall says so, then reopen it',
    async run(ctx) {
      const { baseUrl, newPage, screenshot, browser } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const captain = who(ctx, '13700000007', 'captain');
      const office = await newPage();
      await consoleSignIn(office, baseUrl, street, '/');
      await office.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '设置' }).click();
      await office.waitForURL(/\/console\/settings/);
      const mall = card(office, '积分商城兑换时间');
      const setWindow = async (from, to) => {
        await mall.getByLabel('每月开始日').fill(String(from));
        await mall.getByLabel('每月结束日').fill(String(to));
        await mall.getByRole('button', { name: '保存' }).click();
        await toast(office, '已保存');
      };

      // A window that leaves today out: the days before today, or (on the 1st) from the 2nd on.
      const today = shanghaiDayOfMonth();
      const [from, to, phoneSays] = today > 1 ? [1, today - 1, '本月兑换已结束'] : [2, 28, '兑换尚未开始'];
      await setWindow(from, to);
      await mall.getByText('不在兑换时间内').waitFor();
      await screenshot(office, 'console-settings-street-1366x768');

      const phone = await newPage({ width: 360, height: 640, mobile: true });
      await phone.goto(`${baseUrl}/m/login`);
      await phoneLogin(phone, captain.phone);
      await phone.getByRole('link', { name: '我的积分' }).waitFor();
      await phone.goto(`${baseUrl}/m/mall`);
      const banner = phone.getByTestId('mall-window');
      await banner.getByText(phoneSays).waitFor();
      assert.equal(await phone.getByRole('button', { name: /^增加 / }).count(), 0, 'nothing can be added to a cart');
      await screenshot(phone, 'm-mall-window-closed-by-settings-360x640');
      // The server refuses an order too, whatever the phone shows.
      const captainApi = await apiSession(browser, baseUrl, captain.phone);
      const refused = await captainApi.call(
        'POST',
        '/mall/orders',
        { items: [{ productId: 1, quantity: 1 }] },
        {
          'Idempotency-Key': `e2e-closed-${Date.now()}`,
        },
      );
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'WINDOW_CLOSED');

      // Reopened for the whole month: the phone shows the window running.
      await setWindow(1, 31);
      await mall.getByText('在兑换时间内', { exact: true }).waitFor();
      await phone.reload();
      await banner.getByText('本月兑换进行中').waitFor();
      await captainApi.close();
    },
  },
  {
    name: 'a point’s yuan value and the approval threshold change; an adjustment above it waits for the admin',
    async run(ctx) {
      const { baseUrl, newPage, screenshot, browser } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const admin = who(ctx, '13700000001', 'admin');
      const captain = who(ctx, '13700000007', 'captain');
      const streetApi = await apiSession(browser, baseUrl, street.phone);
      const captainApi = await apiSession(browser, baseUrl, captain.phone);
      const before = await captainApi.get('/points/me?limit=1');
      const original = await streetApi.get(`/points/settings?streetId=${before.streetId}`);
      const rate = original.yuanPerPoint === 0.8 ? 0.9 : 0.8;

      const office = await newPage();
      await consoleSignIn(office, baseUrl, street, '/settings');
      const points = card(office, '积分价值与调整审批');
      await points.getByLabel('每积分折合（元）').fill(String(rate));
      await points.getByLabel('调整审批阈值（分）').fill('50');
      await points.getByRole('button', { name: '保存' }).click();
      await toast(office, '已保存');

      // The captain's phone shows the balance at the new value.
      const phone = await newPage({ width: 360, height: 640, mobile: true });
      await phone.goto(`${baseUrl}/m/login`);
      await phoneLogin(phone, captain.phone);
      await phone.getByRole('link', { name: '我的积分' }).click();
      const yuan = (before.balance * rate).toFixed(2);
      await phone.getByText(`约合 ${yuan} 元（1 分 = ${rate} 元）`).waitFor();
      await screenshot(phone, 'm-points-new-rate-360x640');

      // Street staff ask for 80 points (above 50): it waits, and they cannot approve it themselves.
      const reason = `补记春节慰问值守积分 ${Date.now() % 100000}`;
      await office.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '积分调整' }).click();
      await office.waitForURL(/\/console\/adjustments/);
      await office.getByRole('button', { name: '申请调整' }).click();
      const dialog = office.getByRole('dialog', { name: '申请积分调整' });
      await dialog.getByLabel('楼长', { exact: true }).click();
      await dialog.getByLabel('楼长', { exact: true }).fill(captainApi.me.name);
      await office.locator('.ant-select-item-option', { hasText: captainApi.me.name }).first().click();
      await dialog.getByLabel('调整分值（负数为扣减）').fill('80');
      await dialog.getByLabel('调整原因').fill(reason);
      await dialog.getByRole('button', { name: '申请调整' }).click();
      await toast(office, '已处理');
      const mine = office.locator('.ant-table-row', { hasText: reason });
      await mine.getByText('待审批').waitFor();
      await mine.getByText('本人申请，须由他人审批').waitFor();
      assert.equal(
        await mine.getByRole('button', { name: '批准' }).count(),
        0,
        'no approve button on one’s own request',
      );
      await screenshot(office, 'console-adjustments-own-request-1366x768');
      const pending = (await streetApi.get('/points/adjustments?status=pending')).items.find(
        (a) => a.reason === reason,
      );
      const self = await streetApi.call('POST', `/points/adjustments/${pending.id}/approve`, {});
      assert.equal(self.status, 403);
      assert.equal(self.body.error.code, 'SECOND_APPROVER_REQUIRED');
      assert.equal((await captainApi.get('/points/me?limit=1')).balance, before.balance, 'nothing credited yet');

      // The admin approves it in the console; the balance moves by 80.
      const second = await newPage();
      await consoleSignIn(second, baseUrl, admin, '/adjustments');
      const row = second.locator('.ant-table-row', { hasText: reason });
      await row.getByRole('button', { name: '批准' }).click();
      await second.locator('.ant-popconfirm').getByRole('button', { name: '批准' }).click();
      await toast(second, '已处理');
      await second.locator('.ant-segmented-item', { hasText: '已生效' }).click();
      await second.locator('.ant-table-row', { hasText: reason }).getByText('已生效').waitFor();
      await screenshot(second, 'console-adjustments-approved-1366x768');
      assert.equal((await captainApi.get('/points/me?limit=1')).balance, before.balance + 80);
      await phone.reload();
      await phone
        .getByTestId('points-balance')
        .getByText(String(before.balance + 80))
        .waitFor();

      await streetApi.put('/points/settings', {
        streetId: before.streetId,
        yuanPerPoint: original.yuanPerPoint,
        adjustmentThreshold: original.adjustmentThreshold,
      });
      await streetApi.close();
      await captainApi.close();
    },
  },
  {
    name: 'delegating chore review opens the community’s 审核, and withdrawing it closes it again',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const community = who(ctx, '13700000004', 'community_staff');
      const worker = await newPage();
      await consoleSignIn(worker, baseUrl, community, '/reviews');
      await worker.getByText('您没有权限执行此操作').waitFor();

      const office = await newPage();
      await consoleSignIn(office, baseUrl, street, '/settings');
      const toggle = office.getByRole('switch', { name: '委托社区工作者审核本社区的任务' });
      await toggle.click();
      await toast(office, '已保存');
      await card(office, '任务审核委托').getByText('已委托社区审核').waitFor();

      await worker.reload();
      await worker.locator('.ant-table').first().waitFor();
      assert.equal(await worker.getByText('您没有权限执行此操作').count(), 0);
      await screenshot(worker, 'console-reviews-delegated-1366x768');

      await toggle.click();
      await toast(office, '已保存');
      await card(office, '任务审核委托').getByText('仅街道审核').waitFor();
      await worker.reload();
      await worker.getByText('您没有权限执行此操作').waitFor();
    },
  },
  {
    name: 'an Open311 key is shown once, works against /open311/v2 and stops working when revoked',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const office = await newPage();
      await consoleSignIn(office, baseUrl, street, '/settings?tab=open311');
      const name = `市12345热线平台 ${Date.now() % 100000}`;
      await office.getByRole('button', { name: '发放密钥' }).click();
      const ask = office.getByRole('dialog', { name: '发放开放接口密钥' });
      await ask.getByLabel('接入方名称').fill(name);
      await ask.getByRole('button', { name: '发放密钥' }).click();
      const shown = office.getByRole('dialog', { name: '密钥已发放' });
      const key = (await shown.getByTestId('open311-key').locator('code').textContent()).trim();
      assert.match(key, /^lz311_/);
      await screenshot(office, 'console-open311-key-issued-1366x768');
      await shown.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

      // Reading the street's requests needs a key (the list of services is open to all).
      const requests = () =>
        office.request.get(`${baseUrl}/open311/v2/requests.json?api_key=${encodeURIComponent(key)}`);
      const ok = await requests();
      assert.equal(ok.status(), 200, await ok.text());
      assert.ok(Array.isArray(await ok.json()), 'the street’s requests are listed');

      const row = office.locator('.ant-table-row', { hasText: name });
      await row.getByText('有效').waitFor();
      await row.getByRole('button', { name: '吊销' }).click();
      await office.locator('.ant-popconfirm').getByRole('button', { name: '吊销' }).click();
      await toast(office, '已吊销');
      await row.getByText(/已于 .* 吊销/).waitFor();
      await screenshot(office, 'console-open311-key-revoked-1366x768');
      assert.equal((await requests()).status(), 403);
    },
  },
  {
    name: 'the admin shortens a category’s time limit and a new report’s deadline follows',
    async run(ctx) {
      const { baseUrl, newPage, screenshot, browser } = ctx;
      const admin = who(ctx, '13700000001', 'admin');
      const resident = who(ctx, '13700000009', 'resident');
      const captain = who(ctx, '13700000007', 'captain');
      const office = await newPage();
      await consoleSignIn(office, baseUrl, admin, '/settings?tab=categories');
      const residentApi = await apiSession(browser, baseUrl, resident.phone);
      const categories = (await residentApi.get('/report-categories')).items;
      const category = categories.find((c) => c.parentId !== null && c.slas.some((s) => s.level === 'building'));
      const parent = categories.find((c) => c.id === category.parentId);
      const full = `${parent.nameZh} / ${category.nameZh}`;
      const current = category.slas.find((s) => s.level === 'building');
      const ack = current.ackHours === 3 ? 5 : 3;

      await office.getByRole('button', { name: `修改时限 ${full}` }).click();
      const dialog = office.getByRole('dialog', { name: `修改时限：${full}` });
      await dialog.getByLabel('楼长受理时限（小时）').fill(String(ack));
      await dialog.getByLabel('楼长办结时限（小时）').fill(String(Math.max(ack, current.resolveHours)));
      await screenshot(office, 'console-settings-category-sla-1366x768');
      await dialog.getByRole('button', { name: '保存' }).click();
      await toast(office, '已保存');
      await office.locator('.ant-table-row', { hasText: full }).getByText(`楼长 ${ack} /`).waitFor();

      const captainApi = await apiSession(browser, baseUrl, captain.phone);
      const buildingId = captainApi.me.roles.find((r) => r.role === 'captain').orgUnitId;
      const report = await residentApi.post(
        '/reports',
        { buildingId, categoryId: category.id, description: `楼道灯坏了三天 ${Date.now() % 100000}` },
        { 'Idempotency-Key': `e2e-sla-${Date.now()}` },
      );
      assert.equal(report.level, 'building');
      const hours = (Date.parse(report.dueAt) - Date.parse(report.createdAt)) / 3_600_000;
      assert.equal(Math.round(hours * 100) / 100, ack, 'the deadline is the new time limit after filing');
      await residentApi.close();
      await captainApi.close();
    },
  },
  {
    name: 'community staff download one building’s board and the whole community’s',
    async run(ctx) {
      const { baseUrl, newPage, screenshot, browser } = ctx;
      const community = who(ctx, '13700000004', 'community_staff');
      const captain = who(ctx, '13700000007', 'captain');
      const captainApi = await apiSession(browser, baseUrl, captain.phone);
      const building = captainApi.me.roles.find((r) => r.role === 'captain');
      await captainApi.close();

      const office = await newPage();
      await consoleSignIn(office, baseUrl, community, '/');
      await office.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '设置' }).click();
      await office.getByRole('tab', { name: '公示牌打印' }).waitFor();
      const row = office.locator('.ant-table-row', { hasText: building.orgUnitName });
      await row.getByText(captainApi.me.name).waitFor();
      await screenshot(office, 'console-settings-boards-1366x768');

      const [one] = await Promise.all([
        office.waitForEvent('download'),
        row.getByRole('link', { name: `下载公示牌：${building.orgUnitName}` }).click(),
      ]);
      const { pages } = await readPdf(await readFile(await one.path()));
      assert.equal(pages.length, 1, 'a board is one A4 page, three notices and all');
      assert.ok(pages[0].text.includes(building.orgUnitName), 'the board names the building');
      assert.ok(pages[0].qr?.includes('/m/r/'), 'the board carries the report QR code');

      const all = office.getByRole('link', { name: /下载全部（\d+ 栋）$/ });
      const n = Number((await all.textContent()).match(/（(\d+) 栋）/)[1]);
      // The table shows 50 a page: every row listed is in the batch.
      assert.ok(n >= (await office.locator('.ant-table-row').count()) && n > 0);
      const [batch] = await Promise.all([office.waitForEvent('download'), all.click()]);
      const doc = await getDocument({
        data: new Uint8Array(await readFile(await batch.path())),
        isEvalSupported: false,
      }).promise;
      assert.equal(doc.numPages, n, 'one page per building listed');
      await doc.destroy();
    },
  },
];
