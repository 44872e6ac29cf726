// Partners: the demo partner (开平市供电局三埠供电所, 13700000012) claims the 民生实事 楼道照明改造 in its console,
// reports progress with photos and hands it in; the street (13700000002) accepts it.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';
import { testPhoto } from '../lib/phone.mjs';

async function toast(page, text) {
  const ok = page.locator('.ant-message-notice-success', { hasText: text }).last();
  const bad = page.locator('.ant-message-notice-error');
  await ok.or(bad).first().waitFor({ timeout: 30_000 });
  if (await bad.count()) throw new Error(`the console said: ${await bad.first().textContent()}`);
}

export default [
  {
    name: 'the demo partner claims 楼道照明改造, reports progress with photos, and the street accepts it',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const partnerUser = who(ctx, '13700000012', 'partner');
      const streetUser = who(ctx, '13700000002', 'street_staff');

      const page = await newPage();
      await consoleSignIn(page, baseUrl, partnerUser, '/partners');
      await page.getByTestId('partner-summary').filter({ hasText: '楼道照明改造' }).waitFor({ timeout: 20_000 });
      const api = apiOf(page, baseUrl);
      const project = (await api.get('/livelihood-projects')).items.find((p) => p.title === '楼道照明改造');
      assert.equal(project.status, 'published');
      await screenshot(page, 'c-partner-console');

      await page.getByTestId(`project-${project.id}`).click();
      await page.getByTestId('claim').click();
      await toast(page, '已保存');
      await page.getByTestId('progress-form').waitFor();
      await page.getByTestId('progress-body').fill('福宁街5号、7号楼道已更换声控 LED 灯 18 盏，线路检修完毕');
      await page.getByTestId('progress-form').locator('input.ant-input-number-input').fill('80');
      await page.getByTestId('progress-photos').setInputFiles([testPhoto(71, 900, 600), testPhoto(72, 900, 600)]);
      await page.getByTestId('progress-form').getByText('2 张照片').waitFor({ timeout: 20_000 });
      await page.getByTestId('send-progress').click();
      await toast(page, '已保存');
      await page.locator('.ant-drawer .ant-image img').nth(1).waitFor({ timeout: 20_000 });
      await screenshot(page, 'c-partner-progress');
      await page.getByTestId('submit-project').click();
      await toast(page, '已保存');

      const detail = await api.get(`/livelihood-projects/${project.id}`);
      assert.equal(detail.status, 'submitted');
      assert.equal(detail.partnerName, '开平市供电局三埠供电所');
      assert.equal(detail.progress[0].photos.length, 2);

      // The street accepts it.
      const streetPage = await newPage();
      await consoleSignIn(streetPage, baseUrl, streetUser, '/partners');
      await streetPage.getByTestId(`project-${project.id}`).click();
      await streetPage.getByTestId('accept-project').click();
      await toast(streetPage, '已保存');
      await streetPage.locator('.ant-drawer .ant-tag', { hasText: '已验收' }).first().waitFor({ timeout: 20_000 });
      await screenshot(streetPage, 'c-project-accepted');
      const street = apiOf(streetPage, baseUrl);
      assert.equal((await street.get(`/livelihood-projects/${project.id}`)).status, 'accepted');
    },
  },
];
