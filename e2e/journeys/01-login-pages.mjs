// The two sign-in pages load, speak Chinese by default and fit their screens.
import assert from 'node:assert/strict';

/** Fails unless `text` is visible on the page. */
async function seeText(page, text) {
  await page.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Width of content past the viewport's right edge (a phone page must not scroll sideways). */
const overflowX = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

export default [
  {
    name: 'console login page renders Chinese at 1366×768',
    async run({ baseUrl, newPage, screenshot }) {
      const page = await newPage({ width: 1366, height: 768 });
      await page.goto(`${baseUrl}/console/login`);
      await seeText(page, '楼长通管理后台');
      await seeText(page, '手机号');
      await seeText(page, '密码');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
      const submit = page.getByRole('button', { name: '登录' });
      await submit.waitFor({ state: 'visible' });
      await screenshot(page, 'console-login-1366x768');

      // Empty submit shows the Chinese validation messages, without calling the server.
      await submit.click();
      await seeText(page, '请输入手机号');
      await seeText(page, '请输入密码');
    },
  },
  {
    name: 'phone login page renders Chinese at 360×640 with large text and tap targets',
    async run({ baseUrl, newPage, screenshot }) {
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await seeText(page, '楼长通');
      await seeText(page, '有事找楼长');
      await seeText(page, '手机号');
      await seeText(page, '密码');
      const submit = page.locator('button[type=submit]');
      await submit.waitFor({ state: 'visible' });
      await screenshot(page, 'm-login-360x640');

      assert.ok((await overflowX(page)) <= 0, 'the phone login page scrolls sideways');
      const box = await submit.boundingBox();
      assert.ok(box && box.height >= 48, `login button is ${box?.height}px tall, want ≥ 48`);
      const inputHeight = await page
        .locator('input[name=phone]')
        .evaluate((el) => el.closest('.m-input').getBoundingClientRect().height);
      assert.ok(inputHeight >= 48, `phone field is ${inputHeight}px tall, want ≥ 48`);
      const fontSize = await page
        .locator('input[name=phone]')
        .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      assert.ok(fontSize >= 20, `phone field text is ${fontSize}px, want ≥ 20`);
      // Below the fold is fine, but the sign-in button must be reachable without zooming.
      assert.ok(box.x >= 0 && box.x + box.width <= 360, 'login button is cut off');

      await submit.click();
      await seeText(page, '请输入手机号');
    },
  },
  {
    name: 'language switch to English is remembered',
    async run({ baseUrl, newPage, screenshot }) {
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await page.getByRole('button', { name: /English/ }).click();
      await seeText(page, 'Phone number');
      await page.reload();
      await seeText(page, 'Phone number');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await screenshot(page, 'm-login-360x640-en');
    },
  },
];
