// Anti-fraud in the review queue (docs/rules.md#chores): a captain reuses a photo for a second chore; the
// reviewer sees the 重复照片 flag, compares it side by side with the earlier submission's photo, and
// rejects it with a reason through the batch action. The captain's steps go through the API.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, makeJpeg, shanghaiToday, who } from '../lib/console-helpers.mjs';

export default [
  {
    name: 'a reused photo is flagged, compared side by side and rejected with a reason',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const stamp = String(Date.now() % 100000);

      const phone = await newPage({ width: 360, height: 640, mobile: true });
      const captain = apiOf(phone, baseUrl);
      const me = await captain.login(who(ctx, '13700000007', 'captain'));
      const buildingId = me.roles.find((r) => r.role === 'captain').orgUnitId;

      const staffPage = await newPage({ width: 1366, height: 768 });
      const staff = apiOf(staffPage, baseUrl);
      await staff.login(street);
      const names = [`巡查楼道-${stamp}`, `张贴通知-${stamp}`];
      const seed = Date.now() % 100000;
      const submitted = [];
      for (const [i, name] of names.entries()) {
        const tpl = await staff.post('/chore-templates', { name, category: i ? 'notice' : 'patrol', points: 5 });
        await staff.post('/chore-publications', {
          templateId: tpl.id,
          orgUnitId: buildingId,
          recurrence: 'once',
          startsOn: shanghaiToday(),
        });
        const task = (await captain.get('/chores/tasks?view=open&limit=200')).items.find(
          (x) => x.templateId === tpl.id,
        );
        assert.ok(task, `${name} is open to the captain`);
        await captain.post(`/chores/tasks/${task.id}/claim`);
        // The same picture both times (other JPEG bytes, same perceptual hash).
        const photo = await captain.upload('/photos', 'p.jpg', await makeJpeg(phone, seed, i ? 0.8 : 0.92));
        submitted.push(
          await captain.post(`/chores/tasks/${task.id}/submissions`, { photos: [{ id: photo.id, kind: 'other' }] }),
        );
      }
      assert.equal(submitted[0].duplicateFlags.length, 0);
      assert.equal(submitted[1].duplicateFlags[0]?.submissionId, submitted[0].id, 'the second submission is flagged');

      await consoleSignIn(staffPage, baseUrl, street, '/reviews?sort=newest');
      const row = staffPage.locator('.ant-table-row', { hasText: names[1] });
      await row.getByText('重复照片').waitFor({ timeout: 15_000 });
      await row.getByRole('button', { name: '详情' }).click();
      const drawer = staffPage.locator('.lz-submission-drawer');
      await drawer.getByText('重复照片对比').waitFor();
      await drawer.getByText(`之前提交 #${submitted[0].id}`).first().waitFor();
      await staffPage.waitForFunction(
        () => {
          const imgs = [...document.querySelectorAll('.lz-submission-drawer .lz-dup-pair img')];
          return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0);
        },
        undefined,
        { timeout: 15_000 },
      );
      await screenshot(staffPage, 'console-review-duplicate-photo-1366x768');
      await staffPage.keyboard.press('Escape');

      // Batch: tick the flagged one and reject it with a reason.
      await row.locator('.ant-checkbox-input').check();
      await staffPage.getByRole('button', { name: '批量驳回（1）' }).click();
      const dialog = staffPage.getByRole('dialog', { name: '驳回原因' });
      await dialog.getByRole('button', { name: '驳回' }).click();
      await dialog.getByText('请选择或填写驳回原因').waitFor();
      await dialog.getByRole('textbox').fill('照片与之前提交的重复，请重新拍摄');
      await dialog.getByRole('button', { name: '驳回' }).click();
      await staffPage.getByText('已驳回 1 条').waitFor();
      await row.waitFor({ state: 'detached', timeout: 15_000 });

      const mine = (await captain.get('/chores/submissions/mine')).items.find((s) => s.id === submitted[1].id);
      assert.equal(mine.status, 'rejected');
      assert.equal(mine.rejectReason, '照片与之前提交的重复，请重新拍摄');

      // On the captain's phone the task card says why it came back, in the reviewer's words.
      await phone.goto(`${baseUrl}/m/tasks`);
      const card = phone.getByTestId(`task-${submitted[1].taskId}`);
      await card.getByText('未通过的原因：照片与之前提交的重复，请重新拍摄').waitFor();
      await card.getByRole('button', { name: '重新提交' }).waitFor();
      await screenshot(phone, 'm-task-rejected-reason-360x640');
    },
  },
];
