// Staff and captains sign in with the demo logins the server printed, and land where they work.
import assert from 'node:assert/strict';

export default [
  {
    name: 'community staff signs in to the console and sees the household registry',
    async run({ baseUrl, newPage, screenshot, demoUser }) {
      const staff = demoUser('community_staff');
      const page = await newPage({ width: 1366, height: 768 });
      await page.goto(`${baseUrl}/console/households`);
      await page.waitForURL(/\/console\/login\?next=/);
      await page.getByLabel('手机号').fill(staff.phone);
      await page.getByLabel('密码', { exact: true }).fill(staff.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(/\/console\/households/);
      await page.getByRole('heading', { name: '住户台账' }).waitFor();
      await page.locator('.ant-table-row').first().waitFor({ timeout: 15_000 });
      // Phone numbers stay masked in lists and details.
      await page.getByRole('button', { name: '详情' }).first().click();
      await page.getByText('家庭成员').waitFor();
      const phones = await page.locator('.ant-drawer .lz-masked').allTextContents();
      assert.ok(phones.length > 0, 'the household shows masked numbers');
      for (const p of phones) assert.match(p, /\*{4}/, `"${p}" is masked`);
      await screenshot(page, 'console-households-1366x768');
    },
  },
  {
    name: 'a captain signs in on the phone and sees the captain tiles',
    async run({ baseUrl, newPage, screenshot, demoUser }) {
      const captain = demoUser('captain');
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/`);
      await page.waitForURL(/\/m\/login/);
      await page.getByRole('tab', { name: '密码登录' }).click();
      await page.locator('input[name=phone]').fill(captain.phone);
      await page.locator('input[name=password]').fill(captain.password);
      await page.locator('button[type=submit]').click();
      await page.getByText('楼长专区').waitFor();
      for (const tile of ['我要报事', '我的诉求', '通知', '我的楼栋', '领任务', '我的积分', '积分商城']) {
        await page.getByRole('link', { name: tile }).waitFor();
      }
      const box = await page.getByRole('link', { name: '我要报事' }).boundingBox();
      assert.ok(box && box.height >= 96 && box.width >= 140, `tile is ${box?.width}×${box?.height}`);
      await screenshot(page, 'm-home-captain-360x640');
    },
  },
  {
    name: 'a wrong password is refused in Chinese on the phone',
    async run({ baseUrl, newPage, demoUser }) {
      const resident = demoUser('resident');
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await page.getByRole('tab', { name: '密码登录' }).click();
      await page.locator('input[name=phone]').fill(resident.phone);
      await page.locator('input[name=password]').fill('not-the-password');
      await page.locator('button[type=submit]').click();
      await page.getByRole('alert').getByText('手机号或密码错误').waitFor();
    },
  },
];
