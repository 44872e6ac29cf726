// Volunteering: a resident (13700000009) registers as a volunteer on the phone, signs up for a 义诊, checks in by
// opening the activity's QR link on the phone; the community confirms the hours in the console; the resident's
// 我的服务时长 shows them, with the activity's points.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';
import { phoneLogin } from '../lib/phone.mjs';

export default [
  {
    name: 'a resident signs up for a 义诊, checks in by QR on the phone, and sees the confirmed hours',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const residentUser = who(ctx, '13700000009', 'resident');
      const communityUser = who(ctx, '13700000004', 'community_staff');

      // The community publishes a 义诊 starting in 10 minutes, two hours long (check-in opens 30 minutes before).
      const staffPage = await newPage();
      const staff = apiOf(staffPage, baseUrl);
      const me = await staff.login(communityUser);
      const community = me.roles.find((r) => r.role === 'community_staff').orgUnitId;
      const start = Date.now() + 10 * 60_000;
      const title = `社区健康义诊 ${String(Date.now() % 100000)}`;
      const activity = await staff.post('/activities', {
        orgUnitId: community,
        kind: 'clinic',
        title,
        place: '新兴社区党群服务中心',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 2 * 3_600_000).toISOString(),
        capacity: 10,
        roles: ['量血压', '秩序引导'],
        points: 10,
      });

      // On the phone: 志愿服务 → register at 新兴社区 → 查看志愿活动 → the 义诊 → 我要报名.
      const phone = await newPage({ width: 360, height: 640, mobile: true });
      await phone.goto(`${baseUrl}/m/login`);
      await phoneLogin(phone, residentUser.phone);
      await phone.getByRole('link', { name: '志愿服务' }).click();
      await phone.getByTestId('m-volunteer-register').waitFor();
      const option = phone.locator('[data-testid=m-volunteer-community] option', { hasText: '新兴社区' });
      await option.first().waitFor({ state: 'attached' });
      await phone.getByTestId('m-volunteer-community').selectOption({ label: await option.first().textContent() });
      await phone.getByPlaceholder('如：急救、书法、调解（用逗号分隔）').fill('量血压、急救');
      await screenshot(phone, 'm-volunteer-register-360x640');
      await phone.getByRole('button', { name: '提交登记' }).click();
      await phone.getByTestId('m-volunteer-hours').waitFor({ timeout: 20_000 });
      await phone.getByRole('link', { name: '查看志愿活动 ›' }).click();
      await phone.getByTestId(`m-activity-${activity.id}`).click();
      await phone.getByRole('button', { name: '我要报名' }).click();
      await phone.getByTestId('m-activity-status').filter({ hasText: '已报名' }).waitFor({ timeout: 20_000 });
      await screenshot(phone, 'm-activity-signed-up-360x640');

      // At the venue the resident scans the activity's QR code: it opens the check-in page on the phone.
      const qr = await staff.get(`/activities/${activity.id}/checkin-qr`);
      assert.match(qr.url, /^\/m\/checkin\?t=[A-Za-z0-9_-]{16,}$/);
      await phone.goto(`${baseUrl}${qr.url}`);
      await phone.getByTestId('m-checkin').waitFor();
      await phone.getByRole('button', { name: '签到' }).click();
      await phone.getByTestId('m-checkin-status').filter({ hasText: '已签到' }).waitFor({ timeout: 20_000 });
      await screenshot(phone, 'm-checkin-360x640');
      // Scanning again does not count twice.
      const again = await phone.request.post(`${baseUrl}/api/v1/activity-checkin`, {
        data: { token: qr.url.split('t=')[1], action: 'in' },
        headers: { Origin: baseUrl },
      });
      assert.equal(again.status(), 409);
      assert.equal((await again.json()).error.code, 'ALREADY_CHECKED_IN');

      // The community confirms the hours in the console: from the start to the end, 2 hours.
      const consolePage = await newPage();
      await consoleSignIn(consolePage, baseUrl, communityUser, '/volunteering');
      await consolePage.getByTestId(`attendance-${activity.id}`).click();
      // The drawer shows the QR code to print or show at the venue, encoding the same link.
      await consolePage.getByTestId('checkin-qr').waitFor();
      assert.ok((await consolePage.getByTestId('checkin-link').textContent()).endsWith(qr.url));
      const row = consolePage.locator('.ant-drawer tr', { hasText: '已到' });
      await row.getByRole('button', { name: '确认时长' }).click();
      await consolePage.locator('.ant-drawer td', { hasText: /^2$/ }).first().waitFor({ timeout: 20_000 });
      await screenshot(consolePage, 'c-volunteer-attendance');

      // 我的服务时长 on the phone.
      await phone.goto(`${baseUrl}/m/volunteer`);
      const hours = phone.getByTestId('m-volunteer-hours');
      await hours.filter({ hasText: '2 小时' }).waitFor({ timeout: 20_000 });
      assert.match(await hours.textContent(), /获得积分 10/);
      await screenshot(phone, 'm-volunteer-hours-360x640');
    },
  },
  {
    name: 'the community changes then cancels an activity: the volunteer signed up is told; the volunteer keeps a diary',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const residentUser = who(ctx, '13700000009', 'resident');
      const communityUser = who(ctx, '13700000004', 'community_staff');
      const staffPage = await newPage();
      const staff = apiOf(staffPage, baseUrl);
      const me = await staff.login(communityUser);
      const community = me.roles.find((r) => r.role === 'community_staff').orgUnitId;
      const start = Date.now() + 26 * 3_600_000;
      const title = `四点半课堂 ${String(Date.now() % 100000)}`;
      const activity = await staff.post('/activities', {
        orgUnitId: community,
        kind: 'after_school',
        title,
        place: '新兴社区活动室',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 2 * 3_600_000).toISOString(),
        capacity: 5,
      });

      // The volunteer (registered in the journey before) signs up on the phone.
      const phone = await newPage({ width: 360, height: 640, mobile: true });
      await phone.goto(`${baseUrl}/m/login?next=${encodeURIComponent(`/activities/${activity.id}`)}`);
      await phoneLogin(phone, residentUser.phone);
      await phone.getByRole('button', { name: '我要报名' }).click();
      await phone.getByTestId('m-activity-status').filter({ hasText: '已报名' }).waitFor({ timeout: 20_000 });

      // In the console: more places, then the activity is cancelled with a reason.
      const consolePage = await newPage();
      await consoleSignIn(consolePage, baseUrl, communityUser, '/volunteering');
      await consolePage.getByTestId(`attendance-${activity.id}`).click();
      await consolePage.getByLabel('名额').fill('8');
      await consolePage.getByRole('button', { name: '修改名额' }).click();
      await consolePage.getByText('已保存').first().waitFor();
      assert.equal((await staff.get(`/activities/${activity.id}`)).capacity, 8);
      await consolePage.getByTestId('cancel-activity').click();
      const dialog = consolePage.getByRole('dialog', { name: '取消活动' });
      await dialog.getByLabel('取消原因（将通知已报名的志愿者）').fill('活动室维修，改期另行通知');
      await screenshot(consolePage, 'c-activity-cancel');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await consolePage.getByText('活动已取消，已通知报名者').waitFor();
      const cancelled = await staff.get(`/activities/${activity.id}`);
      assert.equal(cancelled.status, 'cancelled');
      // A second cancel is refused with a code.
      const again = await staffPage.request.post(`${baseUrl}/api/v1/activities/${activity.id}/cancel`, {
        data: { reason: '再次取消' },
        headers: { Origin: baseUrl },
      });
      assert.equal(again.status(), 409);
      assert.equal((await again.json()).error.code, 'ACTIVITY_CANCELLED');

      // The volunteer's phone: the activity shows cancelled and the inbox has the reason.
      await phone.goto(`${baseUrl}/m/activities/${activity.id}`);
      await phone.getByTestId('m-activity-cancelled').waitFor();
      await screenshot(phone, 'm-activity-cancelled-360x640');
      const inbox = await phone.request.get(`${baseUrl}/api/v1/notifications`);
      const note = (await inbox.json()).items.find((n) => n.title.includes(`活动取消：${title}`));
      assert.ok(note, 'the volunteer is told of the cancellation');

      // 志愿日记: a mediation record with a party, shown masked.
      await phone.goto(`${baseUrl}/m/volunteer`);
      await phone.getByTestId('m-diary-link').click();
      await phone.getByTestId('m-diary-write').click();
      const form = phone.getByTestId('m-diary-form');
      await form.getByLabel('标题').fill('楼上漏水调解');
      await form.getByLabel('经过与结果').fill('上门查看漏水点，双方约定由楼上住户请师傅维修，费用楼上承担。');
      await form.getByLabel('当事人姓名').fill('曾秀香');
      await form.getByLabel('当事人手机号（可选）').fill('13812345678');
      await form.getByLabel('身份（如：楼上住户）').fill('楼上住户');
      await screenshot(phone, 'm-diary-new-360x640', { fullPage: true });
      await phone.getByRole('button', { name: '保存日记' }).click();
      await phone.waitForURL(/\/m\/diary$/);
      const entry = phone.locator('section', { hasText: '楼上漏水调解' });
      await entry.getByTestId('m-diary-parties').filter({ hasText: '曾*香 138****5678' }).waitFor();
      await screenshot(phone, 'm-diary-360x640', { fullPage: true });
    },
  },
];
