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
    name: 'the console opens on the 工作台 without antd, brings antd with the next page, and signs out from the user menu',
    async run({ baseUrl, newPage, screenshot, demoUser }) {
      const staff = demoUser('street_staff');
      const page = await newPage({ width: 1366, height: 768 });
      const antdCss = [];
      page.on('request', (r) => {
        if (/\/assets\/antd-console-[\w-]+\.css$/.test(r.url())) antdCss.push(r.url());
      });
      await page.goto(`${baseUrl}/console/login`);
      await page.getByLabel('手机号').fill(staff.phone);
      await page.getByLabel('密码', { exact: true }).fill(staff.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByTestId('workbench').waitFor();
      await page.getByTestId('todo-handling').waitFor();
      // The 工作台 and the frame are drawn by the console's own stylesheet: no antd component in them, and
      // the page the server sends for it neither links nor preloads antd's stylesheet.
      assert.equal(await page.locator('.lz-shell [class*="ant-"]').count(), 0, 'no antd component on the 工作台');
      const html = await (await page.request.get(`${baseUrl}/console/`)).text();
      assert.ok(!/<link[^>]+antd-console/.test(html), "the 工作台 page does not link antd's stylesheet");
      assert.match(html, /<meta name="lz-antd-css" content="\/assets\/antd-console-[\w-]+\.css">/);
      await screenshot(page, 'console-workbench-1366x768');

      // The menu is links: the next page arrives with antd's stylesheet applied (its primary button is red).
      const menu = page.getByRole('navigation', { name: '主菜单' });
      await menu.getByRole('link', { name: '诉求' }).click();
      await page.waitForURL(/\/console\/reports/);
      await page.getByRole('heading', { name: '诉求' }).waitFor();
      assert.equal(await menu.getByRole('link', { name: '诉求' }).getAttribute('aria-current'), 'page');
      const exportButton = page.getByRole('button', { name: /导出/ }).first();
      await exportButton.waitFor();
      const border = await exportButton.evaluate((el) => getComputedStyle(el).borderRadius);
      assert.equal(border, '6px', "antd's button styles apply (the theme's 6 px corners)");
      assert.equal(new Set(antdCss).size, 1, `antd's stylesheet fetched once: ${antdCss.join(', ')}`);
      // Opened directly, a page drawn with antd gets its stylesheet applied too (the server preloads it).
      await page.goto(`${baseUrl}/console/reports`);
      await page.getByRole('heading', { name: '诉求' }).waitFor();
      await page.getByRole('button', { name: /导出/ }).first().waitFor();
      assert.equal(
        await page
          .getByRole('button', { name: /导出/ })
          .first()
          .evaluate((el) => getComputedStyle(el).borderRadius),
        '6px',
        "antd's styles apply on a page opened directly",
      );

      // 退出登录 is in the user menu; the sign-in page says so.
      const name = await page.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()).user.name);
      await page.getByRole('banner').getByRole('button', { name }).click();
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(/\/console\/login/);
      await page.getByRole('status').getByText('已退出登录').waitFor();
      const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
      assert.equal(me, 401);
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
