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

      // 大字: the whole page grows 1.25×, still fits a 360 px screen without sideways scrolling, and the
      // choice survives a reload.
      const tileHeight = box.height;
      await page.getByRole('button', { name: '大字' }).click();
      assert.equal(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed'), 'true');
      const larger = await page.getByRole('link', { name: '我要报事' }).boundingBox();
      assert.ok(larger.height >= tileHeight * 1.2, `the tile grows: ${tileHeight} → ${larger.height}`);
      const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      assert.ok(await fits(), 'no sideways scrolling at 大字');
      await screenshot(page, 'm-home-captain-large-text-360x640');
      await page.reload();
      await page.getByText('楼长专区').waitFor();
      assert.equal(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed'), 'true');
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).zoom), '1.25');
      await page.getByRole('button', { name: '大字' }).click();
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).zoom), '1');

      // 退出登录 is small and asks first; 取消 keeps the captain signed in.
      const signOut = page.getByRole('button', { name: '退出登录' });
      const signOutBox = await signOut.boundingBox();
      assert.ok(signOutBox.height < tileHeight, 'signing out is not the biggest button on the screen');
      await signOut.click();
      await page.getByText('确定退出登录吗？').waitFor();
      await screenshot(page, 'm-home-sign-out-question-360x640');
      await page.getByRole('button', { name: '取消' }).click();
      await page.getByText('楼长专区').waitFor();
      assert.equal(page.url().endsWith('/m/login'), false);
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('region').getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(/\/m\/login/);
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
