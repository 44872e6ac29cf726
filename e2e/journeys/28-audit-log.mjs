// Community staff open a resident's full phone number for a stated purpose; the street office finds that
// reveal in 操作日志 — who, what, why, when — by filtering 查看个人信息.
import assert from 'node:assert/strict';
import { consoleSignIn } from '../lib/console-helpers.mjs';

export default [
  {
    name: 'a reveal of a phone number is found in the street office’s audit log',
    async run({ baseUrl, newPage, screenshot, demoUser }) {
      const community = demoUser('community_staff');
      const street = demoUser('street_staff');
      const purpose = `电话回访独居老人 ${Date.now() % 100000}`;

      // The community worker opens a household and reveals a phone number, giving the purpose.
      const page = await newPage();
      await consoleSignIn(page, baseUrl, community, '/households');
      await page.getByRole('button', { name: '详情' }).first().click();
      const drawer = page.locator('.ant-drawer');
      await drawer.getByRole('button', { name: '查看' }).first().click();
      const dialog = page.getByRole('dialog', { name: /查看完整/ });
      await dialog.getByLabel('查看用途').fill(purpose);
      await dialog.getByRole('button', { name: '查看' }).click();
      await dialog.getByText(/^1\d{10}$/).waitFor();
      await page.keyboard.press('Escape');

      // The street office searches its audit log for views of personal data.
      const office = await newPage();
      await consoleSignIn(office, baseUrl, street, '/');
      await office.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '操作日志' }).click();
      await office.waitForURL(/\/console\/audit$/);
      await office.getByRole('combobox', { name: '操作类型' }).click();
      await office.locator('.ant-select-item-option', { hasText: '查看个人信息' }).click();
      const row = office.locator('.ant-table-row', { hasText: purpose });
      await row.waitFor();
      const text = await row.textContent();
      assert.match(text, /查看完整手机号/);
      assert.match(text, /居民 #\d+/);
      assert.match(text, /成功/);
      await screenshot(office, 'console-audit-log-reveal-1366x768');
    },
  },
];
