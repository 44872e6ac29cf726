// Journey 4 (issue #5): a chore submitted while the phone is offline waits in the outbox (it survives a
// reload), is sent after reconnecting, and arrives exactly once; a replay with the same
// Idempotency-Key does not create a second submission.
import assert from 'node:assert/strict';
import { apiSession, phoneLogin, shanghaiToday, testPhoto } from '../lib/phone.mjs';

export default [
  {
    name: 'a chore submitted offline arrives exactly once after reconnecting',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const captainLogin = demoUser('captain');
      const street = await apiSession(browser, baseUrl, demoUser('street_staff').phone);
      const captainApi = await apiSession(browser, baseUrl, captainLogin.phone);
      const building = captainApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');

      // Staff publish a sweep chore to the captain's building.
      const name = `扫楼梯 ${Date.now() % 100000}`;
      const template = await street.post('/chore-templates', { name, category: 'cleaning', points: 10, minPhotos: 1 });
      await street.post('/chore-publications', {
        templateId: template.id,
        orgUnitId: building.orgUnitId,
        recurrence: 'once',
        startsOn: shanghaiToday(),
      });

      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, captainLogin.phone);
      await page.getByText('楼长专区').waitFor();
      // The app shell must be cached by the service worker to reopen offline.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller)
          await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      });
      await page.getByRole('link', { name: '领任务' }).click();
      const card = page.locator('.m-task', { hasText: name });
      await card.getByRole('button', { name: '认领' }).click();
      await card.getByRole('button', { name: '拍照提交' }).click();
      await card.locator('[data-testid=photo-input]').setInputFiles(testPhoto(21));
      await card.locator('.m-photo img').waitFor();
      const tasks = await captainApi.get('/chores/tasks?view=mine');
      const task = tasks.items.find((t) => t.name === name);
      assert.equal(task.status, 'claimed');

      // Offline: submit. It is kept on the phone and shown as waiting.
      await page.context().setOffline(true);
      await card.getByRole('button', { name: '提交审核' }).click();
      await page.getByRole('status').getByText('待发送 1').waitFor();
      await card.getByText('等待发送').waitFor();
      await screenshot(page, 'm-chore-offline-queued-360x640');

      // Reopen the app with no signal: the queue is still there.
      await page.reload();
      await page.getByText('待发送 1').waitFor({ timeout: 15_000 });
      assert.equal(
        (await captainApi.get('/chores/submissions/mine')).items.filter((s) => s.taskId === task.id).length,
        0,
      );

      // Back online: the outbox sends it by itself.
      await page.context().setOffline(false);
      await page.getByText('待发送 1').waitFor({ state: 'detached', timeout: 30_000 });
      const sent = await page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('louzhang-m');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const all = open.result.transaction('outbox').objectStore('outbox').getAll();
              all.onsuccess = () =>
                resolve(
                  all.result.map(({ photos, ...rest }) => ({
                    ...rest,
                    photos: photos.map((p) => ({ photoId: p.photoId, kind: p.kind })),
                  })),
                );
              all.onerror = () => reject(all.error);
            };
          }),
      );
      // The submission's item: the claim, made on this phone too, is an outbox item of the same task
      // (the store is keyed by random idempotency keys, so which comes first is chance).
      const item = sent.find((i) => i.ref === `chore:${task.id}` && i.kind === 'choreSubmission');
      assert.equal(item.state, 'sent');
      assert.equal(item.attempts, 1, 'sent once, not before the signal came back');

      const mine = (await captainApi.get('/chores/submissions/mine')).items.filter((s) => s.taskId === task.id);
      assert.equal(mine.length, 1, 'exactly one submission');
      const queue = await street.get('/chores/review-queue?status=pending&limit=200');
      assert.equal(queue.items.filter((s) => s.taskId === task.id).length, 1, 'exactly one in the review queue');

      // A retried send with the same key (as after a lost answer) replays, it does not duplicate.
      const body = { ...item.body, [item.photoField]: item.photos.map((p) => ({ id: p.photoId, kind: p.kind })) };
      const replay = await captainApi.call('POST', item.path, body, { 'Idempotency-Key': item.key });
      assert.equal(replay.status, 201, JSON.stringify(replay.body));
      assert.equal(replay.body.id, mine[0].id, 'the same submission is returned');
      const after = (await captainApi.get('/chores/submissions/mine')).items.filter((s) => s.taskId === task.id);
      assert.equal(after.length, 1, 'still exactly one submission');

      await page.goto(`${baseUrl}/m/tasks`);
      await page.locator('.m-task', { hasText: name }).getByText('已提交，待审核').waitFor();
      await screenshot(page, 'm-chore-sent-360x640');
      await street.close();
      await captainApi.close();
    },
  },
  {
    name: 'a queued submission the server refuses (4xx) is marked failed with its message, not retried',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const captainLogin = demoUser('captain');
      const street = await apiSession(browser, baseUrl, demoUser('street_staff').phone);
      const captainApi = await apiSession(browser, baseUrl, captainLogin.phone);
      const building = captainApi.me.roles.find((r) => r.role === 'captain' && r.orgKind === 'building');
      const name = `张贴通知 ${Date.now() % 100000}`;
      const template = await street.post('/chore-templates', { name, category: 'notice', points: 5, minPhotos: 1 });
      await street.post('/chore-publications', {
        templateId: template.id,
        orgUnitId: building.orgUnitId,
        recurrence: 'once',
        startsOn: shanghaiToday(),
      });

      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, captainLogin.phone);
      await page.getByRole('link', { name: '领任务' }).click();
      const card = page.locator('.m-task', { hasText: name });
      await card.getByRole('button', { name: '认领' }).click();
      await card.getByRole('button', { name: '拍照提交' }).click();
      await card.locator('[data-testid=photo-input]').setInputFiles(testPhoto(31));
      await card.locator('.m-photo img').waitFor();
      await page.context().setOffline(true);
      await card.getByRole('button', { name: '提交审核' }).click();
      await page.getByText('待发送 1').waitFor();

      // Meanwhile the same chore is submitted from elsewhere (another phone), so the queued one is refused.
      const task = (await captainApi.get('/chores/tasks?view=mine')).items.find((t) => t.name === name);
      const upload = await captainApi.upload(testPhoto(32));
      await captainApi.post(`/chores/tasks/${task.id}/submissions`, { photos: [{ id: upload.id, kind: 'other' }] });

      await page.context().setOffline(false);
      await page.getByText('1 条发送失败').waitFor({ timeout: 30_000 });
      await page.getByText('1 条发送失败').click();
      await page.waitForURL(/\/m\/outbox$/);
      const failed = page.locator('.m-outbox-item[data-state=failed]');
      await failed.getByRole('alert').getByText('该任务当前不能提交').waitFor();
      await screenshot(page, 'm-outbox-failed-360x640');

      // Failed stays failed: no retry loop. Only the person's "重新发送" tries again.
      const attempts = async () =>
        page.evaluate(
          () =>
            new Promise((resolve) => {
              const open = indexedDB.open('louzhang-m');
              open.onsuccess = () => {
                const all = open.result.transaction('outbox').objectStore('outbox').getAll();
                all.onsuccess = () => resolve(all.result.filter((i) => i.state === 'failed').map((i) => i.attempts));
              };
            }),
        );
      assert.deepEqual(await attempts(), [1]);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.getByRole('button', { name: '删除' }).waitFor();
      assert.deepEqual(await attempts(), [1], 'an online event does not resend a failed item');
      const subs = (await captainApi.get('/chores/submissions/mine')).items.filter((s) => s.taskId === task.id);
      assert.equal(subs.length, 1, 'only the other phone’s submission exists');
      await page.getByRole('button', { name: '删除' }).click();
      await page.getByText('没有待发送的内容').waitFor();
      await street.close();
      await captainApi.close();
    },
  },
];
