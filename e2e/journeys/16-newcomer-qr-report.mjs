// A newcomer's first report from the stairwell: a phone number the system has never seen opens the
// building's QR link signed out, reads the building and its captain, files 楼道灯不亮 with a photo,
// signs in inline with the SMS code (read from the outbox, as nothing leaves the machine), and the
// captain sees the report in 待我处理 marked 未核实住户 and confirms the reporter as living in room 302.
import assert from 'node:assert/strict';
import { apiSession, phoneLogin, testPhoto } from '../lib/phone.mjs';

/** A mainland mobile number nobody holds yet (the demo uses 1370000xxxx). */
const freshPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export default [
  {
    name: 'a new phone reports 楼道灯不亮 from the QR link signed out; the captain confirms them into room 302',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const captainLogin = demoUser('captain'); // 福宁街5号's captain
      const captainApi = await apiSession(browser, baseUrl, captainLogin.phone);
      const adminApi = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const building = captainApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');
      const { token } = await captainApi.get(`/buildings/${building.orgUnitId}/report-token`);
      const newcomer = freshPhone();

      // Scanned in the stairwell: no sign-in wall, the building and its captain are named.
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/r/${token}`);
      await page.getByText(building.orgUnitName).waitFor();
      await page.getByText(`楼长：${captainApi.me.name}`).waitFor();
      assert.doesNotMatch(page.url(), /\/login/, 'the QR page opens without signing in');
      await page.getByRole('button', { name: '设施维修' }).click();
      await page.getByRole('button', { name: '楼道灯' }).click();
      await page.locator('[data-testid=photo-input]').setInputFiles(testPhoto(21));
      await page.locator('.m-photo img').waitFor();
      await page.getByLabel('③ 简单说说（可不填）').fill('楼道灯不亮');

      // The SMS step is inline, under the form.
      await page.getByText('④ 验证手机号后提交').waitFor();
      await page.locator('input[name=phone]').fill(newcomer);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await page.getByText('验证码已发送').waitFor();
      const { items } = await adminApi.get('/admin/sms-outbox');
      const code = /\d{6}/.exec(items.find((m) => m.phone === newcomer)?.text ?? '')?.[0];
      assert.ok(code, 'the code is in the local SMS outbox');
      await page.locator('input[name=code]').fill(code);
      await screenshot(page, 'm-qr-newcomer-360x640', { fullPage: true });
      await page.getByRole('button', { name: '验证并提交' }).click();
      await page.waitForURL(/\/m\/reports\/\d+$/, { timeout: 30_000 });
      const reportId = Number(page.url().split('/').pop());
      await page.getByText('楼道灯不亮').first().waitFor();
      await page.locator('.m-photo img').first().waitFor();

      const filed = await captainApi.get(`/reports/${reportId}`);
      assert.equal(filed.channel, 'qr');
      assert.equal(filed.photos.length, 1, 'the photo went with the report');
      assert.equal(filed.reporter.residentVerified, false);

      // The captain: 待我处理 → the report, marked 未核实住户 → room 302 → confirmed.
      const captain = await newPage({ width: 360, height: 640, mobile: true });
      await captain.goto(`${baseUrl}/m/login`);
      await phoneLogin(captain, captainLogin.phone);
      await captain.getByText('楼长专区').waitFor();
      await captain.getByRole('link', { name: '待我处理' }).click();
      await captain.locator('a', { hasText: '楼道灯不亮' }).first().click();
      await captain.waitForURL(new RegExp(`/m/reports/${reportId}$`));
      await captain.getByTestId('reporter-unverified').getByText('未核实住户').waitFor();
      const card = captain.getByTestId(`claim-${filed.reporter.residencyClaimId}`);
      await card.getByLabel('门牌号').fill('302');
      await screenshot(captain, 'm-captain-confirm-resident-360x640', { fullPage: true });
      await card.getByRole('button', { name: '确认为本楼住户' }).click();
      await captain.getByTestId('reporter-unverified').waitFor({ state: 'detached', timeout: 20_000 });

      const after = await captainApi.get(`/reports/${reportId}`);
      assert.equal(after.reporter.residentVerified, true);
      const home = await page.evaluate(async () => (await fetch('/api/v1/households/mine')).json());
      assert.equal(home.room, '302');
      assert.equal(home.buildingId, building.orgUnitId);
      await page.goto(`${baseUrl}/m/household`);
      await page.getByText('302').first().waitFor();
      await captainApi.close();
      await adminApi.close();
    },
  },
];
