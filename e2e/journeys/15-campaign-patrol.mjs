// Campaigns (专项整治): a patrol logs three clutter sites (乱堆乱放) on the phone; the community assigns them
// to 城管; 城管 (demo department account 13700000010) accepts each (报到) and clears it with an after photo in
// the console; the campaign then shows 已清理乱堆乱放 3 处, on the console and on the patrol's phone.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, makeJpeg, shanghaiToday, who } from '../lib/console-helpers.mjs';
import { phoneLogin, testPhoto } from '../lib/phone.mjs';

/** Waits for the console's success message `text`; fails with the error message if one shows instead. */
async function toast(page, text) {
  const ok = page.locator('.ant-message-notice-success', { hasText: text }).last();
  const bad = page.locator('.ant-message-notice-error');
  await ok.or(bad).first().waitFor({ timeout: 30_000 });
  if (await bad.count()) throw new Error(`the console said: ${await bad.first().textContent()}`);
}

export default [
  {
    name: 'a patrol logs three clutter sites on the phone, 城管 accepts and clears them, the campaign shows 已清理 3',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const gridUser = who(ctx, '13700000006', 'grid_worker');
      const communityUser = who(ctx, '13700000004', 'community_staff');
      const deptUser = who(ctx, '13700000010', 'department_staff');

      // The community opens a campaign over itself led by 城管 (through the API: the console form is its own test).
      const communityPage = await newPage();
      const community = apiOf(communityPage, baseUrl);
      const communityMe = await community.login(communityUser);
      const deptPage = await newPage();
      const dept = apiOf(deptPage, baseUrl);
      const deptMe = await dept.login(deptUser);
      const chengguan = deptMe.roles.find((r) => r.role === 'department_staff').orgUnitId;
      const today = shanghaiToday();
      const title = `背街小巷乱堆乱放整治 ${String(Date.now() % 100000)}`;
      const campaign = await community.post('/campaigns', {
        scopeOrgUnitId: communityMe.roles.find((r) => r.role === 'community_staff').orgUnitId,
        title,
        startsOn: today,
        endsOn: new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10),
        problemTypes: ['clutter', 'abandoned_vehicle'],
        leadDepartmentId: chengguan,
      });

      // The grid worker logs three clutter sites on the phone, each with a photo.
      const phone = await newPage({ width: 360, height: 640, mobile: true });
      await phone.goto(`${baseUrl}/m/login`);
      await phoneLogin(phone, gridUser.phone);
      await phone.getByRole('link', { name: '专项整治' }).click();
      const card = phone.getByTestId(`m-campaign-${campaign.id}`);
      await card.getByRole('button', { name: '上报点位' }).click();
      await phone.getByRole('button', { name: '乱堆乱放' }).waitFor();
      const options = phone.locator('#m-site-place option');
      await options.nth(1).waitFor({ state: 'attached' });
      const where = ['3号楼东侧', '车棚旁', '垃圾房门口'];
      for (let i = 0; i < where.length; i++) {
        await phone.getByRole('button', { name: '乱堆乱放' }).click();
        await phone.locator('#m-site-place').selectOption({ index: 1 + i });
        await phone.getByRole('textbox', { name: '具体位置（选填）' }).fill(where[i]);
        await phone.locator('[data-testid=photo-input]').setInputFiles(testPhoto(40 + i, 800, 600));
        await phone.locator('.m-photo img').waitFor();
        if (i === 0) await screenshot(phone, 'm-campaign-log-site-360x640');
        await phone.getByRole('button', { name: '提交' }).click();
        await phone.getByText('点位已上报').waitFor({ timeout: 20_000 });
        await phone.locator('.m-photo img').waitFor({ state: 'detached' });
      }
      // The phone sends each site through its outbox (kept on the phone on a weak signal): wait for all three.
      let logged = [];
      for (let i = 0; i < 40 && logged.length < 3; i++) {
        logged = (await community.get(`/campaigns/${campaign.id}/sites`)).items;
        if (logged.length < 3) await phone.waitForTimeout(500);
      }
      assert.equal(logged.length, 3, 'three sites logged');
      assert.ok(logged.every((s) => s.problemType === 'clutter' && s.photo && s.status === 'open'));

      // The community assigns them to 城管, which is told.
      for (const s of logged) await community.post(`/campaign-sites/${s.id}/assign`, { departmentId: chengguan });
      const inbox = await dept.get('/notifications');
      assert.ok(
        inbox.items.some((n) => n.title.startsWith('【专项整治】交办点位：乱堆乱放')),
        'site assigned notification',
      );

      // 城管 accepts (报到) and clears each with a photo taken after, in the console.
      await consoleSignIn(deptPage, baseUrl, deptUser, '/campaigns');
      await deptPage.getByRole('heading', { name: '专项整治' }).waitFor();
      for (const [i, s] of logged.entries()) {
        const row = deptPage.getByTestId(`site-${s.id}`);
        await row.getByRole('button', { name: '报到' }).click();
        await toast(deptPage, '操作成功');
        await row.getByRole('button', { name: '清理完成' }).click();
        const dialog = deptPage.getByRole('dialog', { name: '清理完成' });
        await dialog
          .locator('[data-testid=after-photo]')
          .setInputFiles({ name: `after-${i}.jpg`, mimeType: 'image/jpeg', buffer: await makeJpeg(deptPage, 150 + i) });
        await dialog.locator('img').waitFor({ timeout: 20_000 });
        if (i === 0) await screenshot(deptPage, 'console-campaign-clear-site-1366x768');
        await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
        await dialog.waitFor({ state: 'detached', timeout: 30_000 });
        await row.getByText('已清理').waitFor({ timeout: 20_000 });
      }

      // The campaign shows 已清理乱堆乱放 3 处, and the counts are the three cleared sites.
      await deptPage.getByTestId(`campaign-${campaign.id}`).click();
      await deptPage.getByTestId('campaign-progress').getByText('已清理乱堆乱放 3 处').waitFor({ timeout: 20_000 });
      await screenshot(deptPage, 'console-campaign-progress-1366x768');
      const progress = await community.get(`/campaigns/${campaign.id}/progress`);
      assert.deepEqual(
        progress.byType.map((t) => [t.type, t.cleared, t.logged]),
        [['clutter', 3, 3]],
      );
      const sites = (await community.get(`/campaigns/${campaign.id}/sites`)).items;
      assert.ok(
        sites.every((s) => s.status === 'cleared' && s.afterPhoto),
        'each cleared with its after photo',
      );

      // The patrol's phone shows it too.
      await phone.goto(`${baseUrl}/m/campaigns`);
      await phone
        .getByTestId(`m-campaign-${campaign.id}`)
        .getByText('已清理 3 处 · 共 3 处')
        .waitFor({ timeout: 20_000 });
      await screenshot(phone, 'm-campaigns-progress-360x640');
    },
  },
];
