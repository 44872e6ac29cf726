// Journey 2 (issue #5): a captain claims and submits a chore → a reviewer approves it in the console →
// the captain's balance rises → the captain orders in the mall → staff verify the pick-up code in the
// console. The captain works on the phone app (/m/, 360×640); every staff step is done in the console
// at 1366×768; the API (each person's own session) only checks the outcome.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';
import { testPhoto } from '../lib/phone.mjs';

export default [
  {
    name: 'chore approved in the console credits points, spent in the mall, pick-up verified in the console',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      // 长沙街道 and its captain of 江滨新村10栋 (幕沙社区): the phone journeys use 三埠街道's captain, and
      // a captain orders once per window.
      const street = who(ctx, '13700000003', 'street_staff');
      const captainUser = who(ctx, '13700000008', 'captain');
      const stamp = String(Date.now() % 100000);
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

      // …and publish it to the captain's community: 任务发布 → 发布任务, template, scope from the org tree.
      const staff = apiOf(staffPage, baseUrl);
      const template = (await staff.get('/chore-templates')).items.find((x) => x.name === choreName);
      assert.ok(template, 'the template made in the console is listed');
      await staffPage.getByRole('tab', { name: '任务发布' }).click();
      await staffPage.getByRole('button', { name: '发布任务' }).click();
      const pub = staffPage.getByRole('dialog', { name: '发布任务' });
      await pub.getByLabel('模板').click();
      await staffPage.locator('.ant-select-item-option', { hasText: choreName }).click();
      await pub.getByLabel('发布范围').click();
      const tree = staffPage.locator('.ant-select-tree');
      await tree
        .locator('.ant-select-tree-treenode', { hasText: '长沙街道' })
        .locator('.ant-select-tree-switcher')
        .click();
      await tree.getByText('幕沙社区（社区/村）').click();
      await pub.getByRole('button', { name: /确\s*定|OK/ }).click();
      await staffPage.getByRole('cell', { name: choreName }).waitFor();
      await screenshot(staffPage, 'console-chore-published-1366x768');

      // The captain claims it on the phone and submits a photo.
      await phone.goto(`${baseUrl}/m/`);
      await phone.getByRole('link', { name: '领任务' }).click();
      const card = phone.locator('.m-task', { hasText: choreName });
      await card.getByRole('button', { name: '认领' }).click();
      await card.getByRole('button', { name: '拍照提交' }).click();
      await card.locator('[data-testid=photo-input]').setInputFiles(testPhoto((Date.now() % 7) + 3));
      await card.locator('.m-photo img').waitFor();
      await card.getByRole('button', { name: '提交审核' }).click();
      await card.getByText('已提交，待审核').waitFor({ timeout: 30_000 });
      await screenshot(phone, 'm-chore-submitted-360x640');
      const submission = (await captain.get('/chores/submissions/mine')).items.find(
        (x) => x.templateName === choreName,
      );
      assert.equal(submission?.status, 'pending', 'the phone submitted the chore once');

      // The reviewer opens the queue, looks at the photo and approves.
      await staffPage.goto(`${baseUrl}/console/reviews?sort=newest`);
      await staffPage.getByRole('heading', { name: '任务审核' }).waitFor();
      const row = staffPage.locator('.ant-table-row', { hasText: choreName });
      await row.waitFor({ timeout: 15_000 });
      await row.getByRole('button', { name: '详情' }).click();
      const drawer = staffPage.locator('.lz-submission-drawer');
      await drawer.getByText(choreName).waitFor();
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
      // Photos are large in the drawer, and open full size on a click (antd Image preview).
      const shown = await thumb.boundingBox();
      assert.ok(shown && shown.width >= 300, `the photo is drawn large (${shown?.width} px)`);
      await screenshot(staffPage, 'console-review-detail-1366x768');
      await thumb.click();
      await staffPage.locator('.ant-image-preview-img').waitFor({ timeout: 15_000 });
      await screenshot(staffPage, 'console-review-photo-enlarged-1366x768');
      await staffPage.keyboard.press('Escape');
      await staffPage.locator('.ant-image-preview-img').waitFor({ state: 'detached', timeout: 15_000 });

      // 通过并下一条: approves this one and opens the next pending submission in the queue's order (the
      // demo street's queue holds more).
      const queue = (await staff.get('/chores/review-queue?status=pending&limit=50')).items;
      const at = queue.findIndex((x) => x.id === submission.id);
      assert.ok(at >= 0 && queue.length >= 2, `the queue has the submission and another (${queue.length})`);
      const next = queue[at + 1] ?? queue[at - 1];
      await drawer.getByRole('button', { name: '通过并下一条' }).click();
      await staffPage.getByText('已通过 1 条').waitFor();
      await row.waitFor({ state: 'detached', timeout: 15_000 });
      await drawer.getByText(next.submitterName).first().waitFor({ timeout: 15_000 });
      await drawer.getByRole('button', { name: '驳回' }).waitFor();

      // The next one is rejected with a preset reason and a few words: the captain reads exactly that.
      await drawer.getByRole('button', { name: '驳回' }).click();
      const rej = staffPage.getByRole('dialog', { name: '驳回原因' });
      await rej.getByRole('button', { name: /驳\s*回/ }).click();
      await rej.getByText('请选择或填写驳回原因').waitFor();
      await rej.getByText('照片不清晰', { exact: true }).click();
      await rej.getByLabel('补充说明').fill('请白天重新拍摄楼道');
      await rej.getByText('楼长将看到：照片不清晰；请白天重新拍摄楼道').waitFor();
      await screenshot(staffPage, 'console-review-reject-presets-1366x768');
      await rej.getByRole('button', { name: /驳\s*回/ }).click();
      await staffPage.getByText('已驳回 1 条').waitFor();
      const rejected = await staff.get(`/chores/submissions/${next.id}`);
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.rejectReason, '照片不清晰；请白天重新拍摄楼道');

      // The captain's balance rose by the chore's points, on the phone.
      const afterApproval = balanceBefore + template.points;
      await phone.goto(`${baseUrl}/m/`);
      await phone.getByRole('link', { name: '我的积分' }).click();
      await phone.getByTestId('points-balance').getByText(String(afterApproval)).waitFor({ timeout: 15_000 });
      await screenshot(phone, 'm-points-after-approval-360x640');
      assert.equal((await captain.get('/points/me')).balance, afterApproval, 'credited once');

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

      // The captain orders it on the phone (this month's window) and gets a pick-up code and QR.
      const goods = await captain.get('/mall/products');
      assert.ok(goods.window.isOpen, `the mall window is open (${goods.window.opensAt} – ${goods.window.closesAt})`);
      const product = goods.items.find((p) => p.name === productName);
      assert.ok(product, 'the captain sees the new goods');
      // One order per captain per window: an open order another journey left for this captain goes first.
      for (const o of (await captain.get('/mall/orders/mine')).items) {
        if (o.windowMonth === goods.window.month && (o.status === 'placed' || o.status === 'ready'))
          await captain.post(`/mall/orders/${o.id}/cancel`, { reason: '端到端测试：重新下单' });
      }
      const beforeOrder = (await captain.get('/points/me')).balance;
      await phone.goto(`${baseUrl}/m/mall`);
      await phone
        .getByTestId(`product-${product.id}`)
        .getByRole('button', { name: /^增加 / })
        .click();
      await phone.getByRole('button', { name: '兑换' }).click();
      await phone.getByRole('dialog').getByRole('button', { name: '兑换' }).click();
      await phone.waitForURL(/\/m\/mall\/orders$/);
      const shownCode = (await phone.getByTestId('pickup-code').first().textContent()).trim();
      await screenshot(phone, 'm-mall-pickup-code-360x640');
      const order = (await captain.get('/mall/orders/mine')).items.find((o) => o.pickupCode === shownCode);
      assert.ok(order, `the code on the phone (${shownCode}) is the order's`);
      assert.equal((await captain.get('/points/me')).balance, beforeOrder - product.pointsPrice);

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
