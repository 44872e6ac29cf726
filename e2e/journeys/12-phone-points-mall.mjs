// The captain's points and the mall on the phone: the balance with its history, goods with stock and
// the window's countdown, an order of several products and its pick-up code as text and QR.
import assert from 'node:assert/strict';
import { apiSession, phoneLogin } from '../lib/phone.mjs';

export default [
  {
    name: 'a captain sees the points history and orders in the mall with a pick-up QR',
    async run({ baseUrl, newPage, screenshot, demoUser, demoUsers, browser }) {
      // The second demo captain (江滨新村10栋): one order per captain per month, and the console's
      // journey orders with the first one.
      const second = demoUsers.filter((u) => u.roles.includes('captain'))[1];
      assert.ok(second, 'the demo data has a second captain');
      const captainLogin = { phone: second.phone };
      // The admin reaches every street; the captain's street is read from their points account.
      const street = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const captainApi = await apiSession(browser, baseUrl, captainLogin.phone);
      const { balance: before, streetId } = await captainApi.get('/points/me?limit=1');
      await street.post('/points/adjustments', {
        streetId,
        captainUserId: captainApi.me.id,
        points: 60,
        reason: '端到端测试：补记楼道清扫积分',
      });
      const tag = Date.now() % 100000;
      const rice = await street.post('/mall/products', {
        streetId,
        name: `大米 ${tag}`,
        pointsPrice: 30,
        stock: 5,
        unitCostYuan: 15,
        perPersonLimit: 1,
      });
      const tissue = await street.post('/mall/products', {
        streetId,
        name: `抽纸 ${tag}`,
        pointsPrice: 10,
        stock: 8,
        unitCostYuan: 5,
      });

      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, captainLogin.phone);
      await page.getByRole('link', { name: '我的积分' }).click();
      await page
        .getByTestId('points-balance')
        .getByText(String(before + 60))
        .waitFor();
      await page.getByText('端到端测试：补记楼道清扫积分').waitFor();
      await screenshot(page, 'm-points-360x640');

      // The window covers the whole month, so the order is always tried, whatever the date of the run.
      await street.put('/mall/settings', { streetId, windowStartDay: 1, windowEndDay: 31 });
      await page.goto(`${baseUrl}/m/mall`);
      const riceCard = page.getByTestId(`product-${rice.id}`);
      await riceCard.getByText('库存 5').waitFor();
      await riceCard.getByText('每人限 1').waitFor();
      const banner = page.getByTestId('mall-window');
      await banner.getByText(/还剩 \d+ 天 \d+ 小时 \d+ 分/).waitFor();
      await riceCard.getByRole('button', { name: /^增加 / }).click();
      const tissueCard = page.getByTestId(`product-${tissue.id}`);
      await tissueCard.getByRole('button', { name: /^增加 / }).click();
      await tissueCard.getByRole('button', { name: /^增加 / }).click();
      await page.getByText('合计 50 分').waitFor();
      await screenshot(page, 'm-mall-cart-360x640');
      await page.getByRole('button', { name: '兑换' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '兑换' }).click();
      await page.waitForURL(/\/m\/mall\/orders$/);
      const code = (await page.getByTestId('pickup-code').first().textContent()).trim();
      const qr = page.locator('img[alt=取货二维码]').first();
      await qr.waitFor();
      const qrWidth = await qr.evaluate((img) => img.decode().then(() => img.naturalWidth));
      assert.ok(qrWidth > 0, 'the QR image loads');
      const orders = await captainApi.get('/mall/orders/mine');
      const order = orders.items.find((o) => o.pickupCode === code);
      assert.ok(order, 'the code shown is the order’s');
      assert.deepEqual(
        order.items.map((i) => [i.productId, i.quantity]).sort(),
        [
          [rice.id, 1],
          [tissue.id, 2],
        ].sort(),
      );
      assert.equal((await captainApi.get('/points/me?limit=1')).balance, before + 60 - 50);
      await screenshot(page, 'm-mall-order-qr-360x640');

      // Back in the mall, the month's order is there before any basket: 本月已兑换 leads to its code, and
      // there is nothing to add or redeem until next month.
      await page.goto(`${baseUrl}/m/mall`);
      await page.getByTestId('mall-ordered').getByText('本月已兑换').waitFor();
      await page.getByTestId(`product-${rice.id}`).waitFor();
      assert.equal(await page.getByRole('button', { name: /^增加 / }).count(), 0, 'no quantity buttons after ordering');
      assert.equal(await page.getByRole('button', { name: '兑换' }).count(), 0, 'no redeem button after ordering');
      await screenshot(page, 'm-mall-ordered-360x640');
      await page.getByTestId('mall-ordered').click();
      await page.waitForURL(/\/m\/mall\/orders$/);
      await page.getByTestId('pickup-code').getByText(code).first().waitFor();
      await street.close();
      await captainApi.close();
    },
  },
];
