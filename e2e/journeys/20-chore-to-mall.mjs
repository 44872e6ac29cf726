// Journey 2 (issue #5): a captain claims and submits a chore → a reviewer approves it in the console →
// the captain's balance rises → the captain orders in the mall → staff verify the pick-up code in the
// console. The captain's steps go through the HTTP API with the captain's own session (the phone app
// drives the same endpoints); every staff step is done in the console at 1366×768.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, makeJpeg, shanghaiToday, who } from '../lib/console-helpers.mjs';

export default [
  {
    name: 'chore approved in the console credits points, spent in the mall, pick-up verified in the console',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const captainUser = who(ctx, '13700000007', 'captain');
      const stamp = Date.now().toString(36).slice(-4);
      const choreName = `扫楼梯-${stamp}`;
      const productName = `洗洁精-${stamp}`;

      // The captain, through the API on their own session.
      const phone = await newPage({ width: 360, height: 640, mobile: true });
      const captain = apiOf(phone, baseUrl);
      const me = await captain.login(captainUser);
      const building = me.roles.find((r) => r.role === 'captain');
      assert.ok(building, 'the demo captain is bound to a building');
      const balanceBefore = (await captain.get('/points/me')).balance;

      // Street staff define the chore in the console: 任务 → 新建模板.
      const staffPage = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(staffPage, baseUrl, street, '/chores');
      await staffPage.getByRole('heading', { name: '任务' }).waitFor();
      await staffPage.getByRole('button', { name: '新建模板' }).click();
      const dialog = staffPage.getByRole('dialog', { name: '新建模板' });
      await dialog.getByLabel('名称').fill(choreName);
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await staffPage.getByRole('cell', { name: choreName }).waitFor();
      await screenshot(staffPage, 'console-chore-templates-1366x768');

      // …and publish it to the captain's building (the API the 发布任务 dialog calls).
      const staff = apiOf(staffPage, baseUrl);
      const template = (await staff.get('/chore-templates')).items.find((x) => x.name === choreName);
      assert.ok(template, 'the template made in the console is listed');
      await staff.post('/chore-publications', {
        templateId: template.id,
        orgUnitId: building.orgUnitId,
        recurrence: 'once',
        startsOn: shanghaiToday(),
      });

      // The captain claims it and submits a photo.
      const open = (await captain.get('/chores/tasks?view=open&limit=200')).items;
      const task = open.find((x) => x.templateId === template.id);
      assert.ok(task, `the published chore is open to the captain (open: ${open.map((x) => x.name).join(', ')})`);
      await captain.post(`/chores/tasks/${task.id}/claim`);
      const photo = await captain.upload('/photos', 'stairs.jpg', await makeJpeg(phone, Date.now() % 100000));
      const submission = await captain.post(`/chores/tasks/${task.id}/submissions`, {
        photos: [{ id: photo.id, kind: 'after' }],
        note: '已清扫一至六楼楼道',
      });
      assert.equal(submission.status, 'pending');

      // The reviewer opens the queue, looks at the photo and approves.
      await staffPage.goto(`${baseUrl}/console/reviews`);
      await staffPage.getByRole('heading', { name: '任务审核' }).waitFor();
      const row = staffPage.locator('.ant-table-row', { hasText: choreName });
      await row.waitFor({ timeout: 15_000 });
      await row.getByRole('button', { name: '详情' }).click();
      const drawer = staffPage.locator('.lz-submission-drawer');
      await drawer.getByText('已清扫一至六楼楼道').waitFor();
      const thumb = drawer.locator('.lz-photo img').first();
      await thumb.waitFor();
      await staffPage.waitForFunction(
        () => {
          const img = document.querySelector('.lz-submission-drawer .lz-photo img');
          return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
        },
        undefined,
        { timeout: 15_000 },
      );
      await screenshot(staffPage, 'console-review-detail-1366x768');
      await drawer.getByRole('button', { name: '通过' }).click();
      await staffPage.getByText('已通过 1 条').waitFor();
      await row.waitFor({ state: 'detached', timeout: 15_000 });

      // The captain's balance rose by the chore's points.
      const afterApproval = (await captain.get('/points/me')).balance;
      assert.equal(afterApproval, balanceBefore + template.points, 'the approval credited the chore points once');

      // Street staff put goods in the mall from the console.
      await staffPage.goto(`${baseUrl}/console/mall`);
      await staffPage.getByRole('button', { name: '新增商品' }).click();
      const pd = staffPage.getByRole('dialog', { name: '新增商品' });
      await pd.getByLabel('名称').fill(productName);
      await pd.getByLabel('所需积分').fill(String(template.points));
      await pd.getByLabel('库存').fill('5');
      await pd.getByRole('button', { name: /确\s*定|OK/ }).click();
      await staffPage.getByRole('cell', { name: productName }).waitFor();
      await screenshot(staffPage, 'console-mall-products-1366x768');

      // The captain orders it (this month's window) and gets a pick-up code.
      const goods = await captain.get('/mall/products');
      assert.ok(goods.window.isOpen, `the mall window is open (${goods.window.opensAt} – ${goods.window.closesAt})`);
      const product = goods.items.find((p) => p.name === productName);
      assert.ok(product, 'the captain sees the new goods');
      const order = await captain.post('/mall/orders', { items: [{ productId: product.id, quantity: 1 }] });
      assert.match(order.pickupCode, /^[A-Z0-9]{6,}$/);
      assert.equal((await captain.get('/points/me')).balance, afterApproval - product.pointsPrice);

      // Staff type the code in the console and hand the goods over.
      await staffPage.goto(`${baseUrl}/console/mall?tab=verify`);
      await staffPage.getByLabel('提货码').fill(order.pickupCode.toLowerCase());
      await staffPage.getByRole('button', { name: '确认提货' }).click();
      await staffPage.getByText(`已核销，订单 #${order.id} 已提货`).waitFor();
      await staffPage.getByText(`${productName} × 1`).waitFor();
      await screenshot(staffPage, 'console-pickup-verified-1366x768');
      assert.equal((await captain.get(`/mall/orders/${order.id}`)).status, 'picked_up');

      // The same code a second time is refused, in Chinese.
      await staffPage.getByLabel('提货码').fill(order.pickupCode);
      await staffPage.getByRole('button', { name: '确认提货' }).click();
      await staffPage.getByRole('alert').waitFor();
    },
  },
];
