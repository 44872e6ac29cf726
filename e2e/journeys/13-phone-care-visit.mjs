// Issue #12, journey 1: a grid worker logs a visit on the phone with no signal, finds 需要代缴电费, the visit
// goes out once the signal is back, the need becomes a report in one tap, and it reaches the community.
import assert from 'node:assert/strict';
import { apiSession, phoneLogin } from '../lib/phone.mjs';

export default [
  {
    name: 'a grid worker logs a visit offline, turns the need into a report, and the community sees it',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const gridLogin = demoUser('grid_worker');
      const gridApi = await apiSession(browser, baseUrl, gridLogin.phone);
      const community = await apiSession(browser, baseUrl, demoUser('community_staff').phone);
      const mine = await gridApi.get('/care/people?mine=1');
      const person = mine.items[0];
      assert.ok(person, 'the demo grid worker visits somebody');
      const visitsBefore = (await gridApi.get(`/care/people/${person.residentId}`)).visits.length;

      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, gridLogin.phone);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller)
          await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      });
      await page.getByRole('link', { name: '关爱走访' }).click();
      await page.locator('.m-care-card', { hasText: person.address }).first().click();
      await page.waitForURL(new RegExp(`/m/care/${person.residentId}$`));
      await page.getByText('记录本次走访').waitFor();

      // No signal in the stairwell: the visit is kept on the phone.
      await page.context().setOffline(true);
      await page.getByPlaceholder('身体、精神、居住情况等').fill('独居，精神尚好；电费单已逾期');
      await page.getByPlaceholder('如：需要代缴电费').fill('需要代缴电费');
      await page.getByText('防诈骗提醒').click();
      await page.getByRole('button', { name: '保存走访记录' }).click();
      await page.getByRole('status').getByText('待发送 1').waitFor();
      await page.locator('[data-testid=care-queued]').getByText('等待发送').waitFor();
      await screenshot(page, 'm-care-visit-offline-360x640');
      assert.equal((await gridApi.get(`/care/people/${person.residentId}`)).visits.length, visitsBefore);

      // Back online: the outbox sends it once and the visit log shows it with its need.
      await page.context().setOffline(false);
      await page.getByText('待发送 1').waitFor({ state: 'detached', timeout: 30_000 });
      const visit = page.locator('[data-testid^=care-visit-]', { hasText: '需要代缴电费' });
      await visit.getByRole('button', { name: '转为诉求' }).click();
      await visit.getByText('已转为诉求').waitFor({ timeout: 15_000 });
      await screenshot(page, 'm-care-visit-reported-360x640');

      const detail = await gridApi.get(`/care/people/${person.residentId}`);
      assert.equal(detail.visits.length, visitsBefore + 1, 'the visit arrived exactly once');
      const logged = detail.visits.find((v) => v.need === '需要代缴电费');
      assert.deepEqual(logged.errands, ['anti_fraud']);
      assert.ok(logged.reportId);

      // The report was filed for the resident and reaches the community's staff.
      const report = await community.get(`/reports/${logged.reportId}`);
      assert.equal(report.description, '需要代缴电费');
      assert.equal(report.channel, 'proxy');
      const list = await community.get('/reports?limit=50');
      assert.ok(
        list.items.some((r) => r.id === logged.reportId),
        'in the community staff’s report list',
      );
      await gridApi.close();
      await community.close();
    },
  },
];
