// A captain opens the phone app from a cold start with no signal: the last task list, the reports to
// handle, a report's detail and the points are shown from the phone's cache, marked with when they were
// fetched — not a full-screen 加载失败. A claim and an answer made offline wait in the outbox (待发送) and
// go out by themselves, exactly once, when the signal returns.
import assert from 'node:assert/strict';
import { apiSession, phoneLogin, shanghaiToday } from '../lib/phone.mjs';

export default [
  {
    name: 'cold start offline: cached screens, a queued claim and answer sent on reconnect',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const captainLogin = demoUser('captain'); // 福宁街5号's captain
      const street = await apiSession(browser, baseUrl, demoUser('street_staff').phone);
      const captainApi = await apiSession(browser, baseUrl, captainLogin.phone);
      const residentApi = await apiSession(browser, baseUrl, '13700000009'); // a resident of 福宁街5号
      const building = captainApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');

      // An open chore in the captain's building and a fresh report from a resident of it.
      const tag = String(Date.now() % 1000000);
      const name = `擦楼梯扶手 ${tag}`;
      const template = await street.post('/chore-templates', { name, category: 'cleaning', points: 5, minPhotos: 1 });
      await street.post('/chore-publications', {
        templateId: template.id,
        orgUnitId: building.orgUnitId,
        recurrence: 'once',
        startsOn: shanghaiToday(),
      });
      const categories = (await residentApi.get('/report-categories')).items;
      const category = categories.find((c) => c.parentId !== null) ?? categories[0];
      const description = `2楼扶手松动，老人上下楼不安全 ${tag}`;
      const report = await residentApi.post(
        '/reports',
        { buildingId: building.orgUnitId, categoryId: category.id, description },
        { 'Idempotency-Key': `cold-start-${tag}` },
      );

      // Online once: sign in and open the screens (the service worker caches the shell, the app the data).
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, captainLogin.phone);
      await page.getByText('楼长专区').waitFor();
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller)
          await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      });
      await page.getByRole('link', { name: '领任务' }).click();
      await page.locator('.m-task', { hasText: name }).waitFor();
      await page.goto(`${baseUrl}/m/handling`);
      await page.getByText(description).first().waitFor();
      await page.goto(`${baseUrl}/m/points`);
      await page.getByTestId('points-balance').waitFor();
      const balance = await page.getByTestId('points-balance').textContent();
      // The list fetched the reports' details in the background for offline answering.
      await page.waitForFunction(
        (id) =>
          new Promise((resolve) => {
            const open = indexedDB.open('louzhang-m');
            open.onsuccess = () => {
              const get = open.result.transaction('reads').objectStore('reads').getAllKeys();
              get.onsuccess = () => resolve(get.result.some((k) => String(k).endsWith(`:reports/${id}`)));
              get.onerror = () => resolve(false);
            };
            open.onerror = () => resolve(false);
          }),
        report.id,
        { timeout: 15_000 },
      );

      // No signal, and the app is started again from nothing (a new page: no state in memory).
      await page.context().setOffline(true);
      const cold = await page.context().newPage();
      await page.close();
      await cold.goto(`${baseUrl}/m/`);
      await cold.getByText('楼长专区').waitFor({ timeout: 15_000 });
      assert.equal(await cold.getByText('加载失败').count(), 0, 'no full-screen error');

      // Tasks from the cache, marked as such; claim one offline → 待发送.
      await cold.getByRole('link', { name: '领任务' }).click();
      await cold.getByTestId('cached-notice').first().waitFor();
      assert.match(
        await cold.getByTestId('cached-notice').first().textContent(),
        /没有网络，显示的是 \d+月\d+日 \d\d:\d\d 保存的内容/,
      );
      const card = cold.locator('.m-task', { hasText: name });
      await card.getByRole('button', { name: '认领' }).click();
      await card.getByText('等待发送').waitFor();
      await screenshot(cold, 'm-cold-start-offline-tasks-360x640');

      // Points from the cache.
      await cold.goto(`${baseUrl}/m/points`);
      await cold.getByTestId('cached-notice').waitFor();
      assert.equal(await cold.getByTestId('points-balance').textContent(), balance);

      // The report to handle opens from the cache; the answer waits on the phone.
      await cold.goto(`${baseUrl}/m/handling`);
      await cold.getByText(description).first().click();
      await cold.waitForURL(new RegExp(`/m/reports/${report.id}$`));
      await cold.getByTestId('report-status').waitFor();
      await cold.getByTestId('cached-notice').waitFor();
      const answer = cold.getByPlaceholder(/答复居民/);
      // If the answer box is missing, say what the screen shows instead (the cached copy's state).
      await answer.waitFor({ timeout: 15_000 }).catch(async (e) => {
        const shown = ((await cold.locator('body').textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 600);
        throw new Error(`no answer box on the cached report; the screen shows: ${shown}`, { cause: e });
      });
      await answer.fill('已联系物业，明天上午来加固扶手');
      await cold.getByRole('button', { name: '回复进展' }).click();
      await cold.getByTestId('report-waiting').getByText('等待发送').waitFor();
      await screenshot(cold, 'm-cold-start-offline-answer-360x640');
      assert.equal(
        (await captainApi.get(`/reports/${report.id}`)).timeline.filter((e) => e.type === 'answered').length,
        0,
        'nothing reached the server while offline',
      );

      // The signal returns: both go out by themselves, in order, and the screen updates.
      await cold.context().setOffline(false);
      await cold.getByTestId('report-waiting').waitFor({ state: 'detached', timeout: 30_000 });
      await cold.getByText('已联系物业，明天上午来加固扶手').waitFor();
      const detail = await captainApi.get(`/reports/${report.id}`);
      assert.equal(detail.timeline.filter((e) => e.type === 'answered').length, 1, 'answered exactly once');
      const mine = await captainApi.get('/chores/tasks?view=mine');
      assert.equal(mine.items.filter((t) => t.name === name && t.status === 'claimed').length, 1, 'claimed once');
      await cold.goto(`${baseUrl}/m/tasks`);
      await cold.locator('.m-task', { hasText: name }).getByRole('button', { name: '拍照提交' }).waitFor();
      assert.equal(await cold.getByTestId('cached-notice').count(), 0, 'fresh data, no cache notice');
    },
  },
];
