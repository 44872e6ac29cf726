// 江滨新村10栋 (the Kaiping article): the first-floor sewer blocks; the captain posts the contractor's quote and the
// notice on the phone; households pay their shares on the phone; the contractor's bill with its photo is on the cost
// list (费用清单) every household of the building opens, and it prints on A4.
import assert from 'node:assert/strict';
import { apiSession, phoneLogin, testPhoto } from '../lib/phone.mjs';
import { freshPhone, smsSignIn } from '../lib/sms.mjs';

export default [
  {
    name: 'a sewer report, the captain’s quote and notice, households paying on the phone, the cost list for all',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const adminApi = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const captainApi = await apiSession(browser, baseUrl, '13700000008');
      const building = captainApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');
      // Two households of the building whose registered phones sign in by SMS code.
      const neighbours = [];
      for (const [i, room] of ['303', '304'].entries()) {
        const phone = freshPhone();
        await adminApi.post('/households', {
          buildingId: building.orgUnitId,
          floor: 3,
          room: `${room}-${Date.now() % 10000}`,
          floorArea: 60 + i,
          residents: [{ name: `住户${room}`, relation: '户主', phone }],
        });
        neighbours.push(phone);
      }

      // The report that starts it (下水道堵塞).
      const cats = await captainApi.get('/report-categories');
      const leaf =
        cats.items.find((c) => c.parentId !== null && /下水|排水|管道/.test(c.name)) ??
        cats.items.find((c) => c.parentId !== null);
      const report = await captainApi.post('/reports', {
        buildingId: building.orgUnitId,
        categoryId: leaf.id,
        description: '一楼下水道堵塞，脏水从下水道倒灌出来',
      });
      assert.ok(report.id);

      // The captain opens the fund on the phone: notice, total, equal shares, the contractor's quote with its photo.
      const captain = await newPage({ width: 360, height: 740, mobile: true });
      await captain.goto(`${baseUrl}/m/login?next=${encodeURIComponent('/deliberation')}`);
      await phoneLogin(captain, '13700000008');
      await captain.getByRole('button', { name: '发起集资' }).click();
      const title = `疏通下水道 ${Date.now() % 100000}`;
      await captain.getByRole('textbox', { name: '标题' }).fill(title);
      await captain
        .getByRole('textbox', { name: '情况说明（张贴的通知）' })
        .fill('12月20日一楼下水道堵塞，施工队报价600元，按户平均分摊。');
      await captain.getByRole('textbox', { name: '总金额（元）' }).fill('600');
      await captain.getByRole('textbox', { name: '施工队（报价方）' }).fill('开平市通渠施工队');
      await captain.locator('[data-testid=photo-input]').setInputFiles(testPhoto(31));
      await captain.locator('.m-photo img').waitFor();
      await captain.getByRole('button', { name: '发布' }).click();
      await captain.waitForURL(/\/m\/funds\/\d+$/, { timeout: 30_000 });
      const fundId = Number(captain.url().split('/').pop());
      await captain.getByText('开平市通渠施工队').waitFor();
      await screenshot(captain, 'm-fund-opened-360x740', { fullPage: true });
      const opened = await captainApi.get(`/funds/${fundId}`);
      assert.equal(
        opened.shares.reduce((s, x) => s + x.amountFen, 0),
        60000,
        'the shares sum to the total to the fen',
      );

      // Each neighbour signs in with the SMS code on their registered phone and pays their share.
      for (const phone of neighbours) {
        const page = await newPage({ width: 360, height: 740, mobile: true });
        await smsSignIn(page, baseUrl, adminApi, phone, `/funds/${fundId}`);
        await page.waitForURL(new RegExp(`/m/funds/${fundId}$`), { timeout: 30_000 });
        await page.getByRole('button', { name: /我已缴费/ }).click();
        await page.getByRole('button', { name: '确定' }).click();
        await page.getByText('已登记缴费').waitFor();
        await page.getByRole('button', { name: /我已缴费/ }).waitFor({ state: 'detached' });
        await page.close();
      }
      const paid = await captainApi.get(`/funds/${fundId}`);
      assert.equal(paid.totals.paidHouseholds, 2);

      // The contractor's bill, with its photo, recorded by the captain.
      await captain.reload();
      const expenseCard = captain.locator('.m-card', { hasText: '登记支出' });
      await expenseCard.getByRole('textbox', { name: '支出项目' }).fill('疏通人工及更换弯头');
      await expenseCard.getByRole('textbox', { name: '金额（元）' }).fill('550');
      await expenseCard.locator('[data-testid=photo-input]').setInputFiles(testPhoto(32));
      await expenseCard.locator('.m-photo img').waitFor();
      await expenseCard.getByRole('button', { name: '保存' }).click();
      await captain
        .getByTestId('fund-expense')
        .getByText(/疏通人工及更换弯头/)
        .waitFor();

      // Every household sees it: a neighbour who has not paid yet opens the cost list with the receipt's photo.
      const later = freshPhone();
      await adminApi.post('/households', {
        buildingId: building.orgUnitId,
        floor: 5,
        room: `502-${Date.now() % 10000}`,
        residents: [{ name: '住户502', relation: '户主', phone: later }],
      });
      const viewer = await newPage({ width: 360, height: 740, mobile: true });
      await smsSignIn(viewer, baseUrl, adminApi, later, `/funds/${fundId}`);
      await viewer
        .getByTestId('fund-expense')
        .getByText(/疏通人工及更换弯头/)
        .waitFor();
      await viewer.getByTestId('fund-expense').locator('img').waitFor();
      const img = await viewer.getByTestId('fund-expense').locator('img').getAttribute('src');
      const photo = await viewer.evaluate(async (u) => (await fetch(u)).status, img);
      assert.equal(photo, 200, 'the receipt photo opens for a household of the building');
      const pdf = await viewer.evaluate(async (id) => {
        const r = await fetch(`/api/v1/funds/${id}/cost-list.pdf`);
        return { status: r.status, type: r.headers.get('content-type') };
      }, fundId);
      assert.deepEqual(pdf, { status: 200, type: 'application/pdf' });
      await screenshot(viewer, 'm-fund-cost-list-360x740', { fullPage: true });
      // A resident of another building does not.
      const outsider = await apiSession(browser, baseUrl, '13700000009');
      assert.equal((await outsider.call('GET', `/funds/${fundId}`)).status, 404);
      await outsider.close();
      await captainApi.close();
      await adminApi.close();
    },
  },
];
