// More of the console's lists as Chinese admin consoles do them. Street staff find a captain on the roll
// (楼长名册) by the captain's mobile number, see 共 N 条, sort the roll, and export what they found (the phone
// masked in the file). In the review queue (任务审核) they see the oldest submission first, turn the order by
// the 提交时间 header, search by a captain's name and export that queue. In 志愿服务 they find the past 四点半课堂
// sessions, export them, search one session's sign-ups by a volunteer's name and export those (phones
// masked); in 操作日志 they count the volunteering exports just made and export that log — every order
// checked against the API's, and every export against the rows the API lists for the same filters.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, exportSheet, who } from '../lib/console-helpers.mjs';

/** The row keys of the table's rows, top to bottom (antd writes the rowKey on each row). */
async function rowKeys(page) {
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
  return page
    .locator('.ant-table-tbody tr.ant-table-row')
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row-key'))));
}

/** Waits until the table's first row is `key`. */
async function firstRowIs(page, key) {
  await page.waitForFunction(
    (k) => document.querySelector('.ant-table-tbody tr.ant-table-row')?.getAttribute('data-row-key') === String(k),
    key,
    { timeout: 15_000 },
  );
}

/** Every row of a list query, following the cursors, as the API orders them; and the first page's count. */
async function allOf(api, path, query) {
  const out = [];
  let cursor = null;
  let total = null;
  do {
    const page = await api.get(`${path}?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    out.push(...page.items);
    total ??= page.total;
    cursor = page.nextCursor;
  } while (cursor);
  return { items: out, total };
}

const n = (x) => x.toLocaleString('zh-CN');

export default [
  {
    name: 'street staff find a captain on the roll by phone, sort the roll and export what they found',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const captain = who(ctx, '13700000007', 'captain');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/captains');
      const api = apiOf(page, baseUrl);

      // Where am I, and how many: 工作台 / 楼长, 共 N 条 as the API counts the roll.
      const crumbs = page.getByRole('navigation', { name: '当前位置' });
      await crumbs.getByRole('link', { name: '工作台' }).waitFor();
      const roll = await allOf(api, '/captains', 'sort=name');
      assert.ok(roll.items.length >= 2, `the demo street has captains (${roll.items.length})`);
      assert.equal(roll.total, roll.items.length);
      await page.getByText(`共 ${n(roll.total)} 条`).waitFor();
      await firstRowIs(page, roll.items[0].userId);
      assert.deepEqual(
        await rowKeys(page),
        roll.items.slice(0, 20).map((c) => c.userId),
      );
      await screenshot(page, 'console-lists-captains-roll-1366x768');

      // Sorted newest first from 排序; the first page is the API's newest.
      const newest = await allOf(api, '/captains', 'sort=newest');
      await page.getByLabel('排序').click();
      await page.locator('.ant-select-item-option', { hasText: '最近加入在前' }).click();
      await page.waitForURL(/sort=newest/);
      await firstRowIs(page, newest.items[0].userId);
      assert.deepEqual(
        await rowKeys(page),
        newest.items.slice(0, 20).map((c) => c.userId),
      );
      // The 姓名 header puts it back in name order.
      await page.getByRole('columnheader', { name: /姓名/ }).click();
      await page.waitForURL((u) => !u.searchParams.has('sort'));
      await firstRowIs(page, roll.items[0].userId);

      // By the captain's mobile number (labelled 关键词): found through its blind index, 共 1 条.
      const me = await apiOf(await newPage(), baseUrl).login(captain);
      const box = page.getByLabel('关键词');
      await box.fill(captain.phone);
      await box.press('Enter');
      await page.waitForURL(/q=137/);
      await page.getByText('共 1 条').waitFor();
      await firstRowIs(page, me.id);
      assert.deepEqual(await rowKeys(page), [me.id]);
      await screenshot(page, 'console-lists-captains-by-phone-1366x768');

      // The export holds exactly that captain, the phone masked as on screen.
      const sheet = await exportSheet(page);
      assert.equal(sheet.fileName, '楼长名册.xlsx');
      assert.deepEqual(sheet.header.slice(0, 3), ['姓名', '手机号', '状态']);
      assert.equal(sheet.body.length, 1);
      assert.equal(sheet.body[0][0], me.name);
      assert.equal(sheet.body[0][1], `${captain.phone.slice(0, 3)}****${captain.phone.slice(7)}`);
      assert.ok(!JSON.stringify(sheet.body).includes(captain.phone), 'the full number is not in the file');

      // The whole roll's export is the roll in name order.
      await box.fill('');
      await box.press('Enter');
      await page.waitForURL((u) => !u.searchParams.has('q'));
      await page.getByText(`共 ${n(roll.total)} 条`).waitFor();
      const whole = await exportSheet(page);
      assert.deepEqual(
        whole.body.map((r) => r[0]),
        roll.items.map((c) => c.name),
      );
    },
  },
  {
    name: 'street staff review the oldest submission first, turn the order, search by captain and export the queue',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/reviews');
      const api = apiOf(page, baseUrl);
      const queue = await allOf(api, '/chores/review-queue', 'status=pending');
      assert.ok(queue.items.length >= 2, `the demo street has submissions waiting (${queue.items.length})`);
      // Oldest first by default: submission numbers rise.
      for (let i = 1; i < queue.items.length; i++) assert.ok(queue.items[i - 1].id < queue.items[i].id, 'oldest first');

      await page.getByRole('navigation', { name: '当前位置' }).getByText('审核', { exact: true }).waitFor();
      await page.getByText(`共 ${n(queue.total)} 条`).waitFor();
      await firstRowIs(page, queue.items[0].id);
      assert.deepEqual(
        await rowKeys(page),
        queue.items.slice(0, 20).map((s) => s.id),
      );

      // The 提交时间 header turns it newest first.
      await page.getByRole('columnheader', { name: /提交时间/ }).click();
      await page.waitForURL(/sort=newest/);
      const newest = [...queue.items].reverse();
      await firstRowIs(page, newest[0].id);
      assert.deepEqual(
        await rowKeys(page),
        newest.slice(0, 20).map((s) => s.id),
      );
      await screenshot(page, 'console-lists-reviews-newest-1366x768');

      // A captain's name in the search box: only their submissions, counted.
      const name = queue.items[0].submitterName;
      const theirs = await allOf(
        api,
        '/chores/review-queue',
        `status=pending&sort=newest&q=${encodeURIComponent(name)}`,
      );
      assert.ok(theirs.items.length >= 1);
      const box = page.getByLabel('关键词');
      await box.fill(name);
      await box.press('Enter');
      await page.waitForURL(/q=/);
      await page.getByText(`共 ${n(theirs.total)} 条`).waitFor();
      await firstRowIs(page, theirs.items[0].id);
      assert.deepEqual(
        await rowKeys(page),
        theirs.items.slice(0, 20).map((s) => s.id),
      );
      await screenshot(page, 'console-lists-reviews-by-captain-1366x768');

      // The export is exactly those rows, in that order.
      const sheet = await exportSheet(page);
      assert.equal(sheet.fileName, '任务审核.xlsx');
      assert.deepEqual(sheet.header.slice(0, 5), ['编号', '任务', '楼栋', '社区', '提交人']);
      assert.deepEqual(
        sheet.body.map((r) => r[0]),
        theirs.items.map((s) => s.id),
      );
      assert.ok(sheet.body.every((r) => r[4] === name || String(r[1]).includes(name) || String(r[2]).includes(name)));
    },
  },
  {
    name: 'street staff search the activities, export them and a session’s sign-ups, then export that from the audit log',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/volunteering');
      const api = apiOf(page, baseUrl);

      // The whole list first: 共 N 条 as the API counts it, latest start first.
      const all = await allOf(api, '/activities', 'sort=latest');
      assert.ok(all.items.length >= 4, `the demo street has activities (${all.items.length})`);
      await page.getByText(`共 ${n(all.total)} 条`).waitFor();
      await firstRowIs(page, all.items[0].id);

      // 四点半课堂 in the search box, 已结束 as the period: the three past sessions, soonest first.
      const found = await allOf(api, '/activities', `sort=soonest&period=ended&q=${encodeURIComponent('四点半课堂')}`);
      assert.equal(found.items.length, 3, 'three past 四点半课堂 sessions in the demo');
      const box = page.getByLabel('关键词');
      await box.fill('四点半课堂');
      await box.press('Enter');
      await page.waitForURL(/q=/);
      await page.getByLabel('时段').click();
      await page.locator('.ant-select-item-option', { hasText: '已结束' }).click();
      await page.waitForURL(/period=ended/);
      await page.getByLabel('排序').click();
      await page.locator('.ant-select-item-option', { hasText: '开始时间（最早在前）' }).click();
      await page.waitForURL(/sort=soonest/);
      await page.getByText('共 3 条').waitFor();
      await firstRowIs(page, found.items[0].id);
      assert.deepEqual(
        await rowKeys(page),
        found.items.map((a) => a.id),
      );
      await screenshot(page, 'console-lists-activities-search-1366x768');
      const sheet = await exportSheet(page);
      assert.equal(sheet.fileName, '志愿活动.xlsx');
      assert.deepEqual(sheet.header.slice(0, 4), ['开始时间', '结束时间', '类别', '活动']);
      assert.deepEqual(
        sheet.body.map((r) => r[3]),
        ['四点半课堂', '四点半课堂', '四点半课堂'],
      );
      assert.deepEqual(
        sheet.body.map((r) => r[7]),
        found.items.map((a) => `${a.confirmed}/${a.capacity}`),
      );

      // One session's sign-ups: a volunteer's name in the drawer's search box, then its export, phones masked.
      const session = found.items[0];
      const signups = await allOf(api, `/activities/${session.id}/signups`, 'sort=signup');
      assert.equal(signups.items.length, 8, 'eight volunteers attended each past session');
      await page.getByTestId(`attendance-${session.id}`).click();
      const drawer = page.locator('.ant-drawer');
      await drawer.getByText(`共 ${n(signups.total)} 条`).waitFor();
      const name = signups.items[0].volunteerName;
      const theirs = await allOf(api, `/activities/${session.id}/signups`, `sort=signup&q=${encodeURIComponent(name)}`);
      const search = drawer.getByLabel('关键词');
      await search.fill(name);
      await search.press('Enter');
      await drawer.getByText(`共 ${n(theirs.total)} 条`).waitFor();
      await screenshot(page, 'console-lists-signups-search-1366x768');
      const mine = await exportSheet(page, drawer);
      assert.equal(mine.fileName, '报名签到.xlsx');
      assert.deepEqual(mine.header.slice(0, 2), ['姓名', '手机号']);
      assert.deepEqual(
        mine.body.map((r) => [r[0], r[1], r[6]]),
        theirs.items.map((s) => [s.volunteerName, s.phoneMasked, s.hours]),
      );
      assert.ok(
        mine.body.every((r) => /^1\d{2}\*{4}\d{4}$/.test(r[1])),
        'every phone masked',
      );
      await page.locator('.ant-drawer-close').click();

      // 操作日志: the volunteering exports just made, counted, and exported in turn.
      await page.goto(`${baseUrl}/console/audit`);
      const logged = await allOf(api, '/audit-log', 'action=activity.');
      const actions = logged.items.map((e) => e.action);
      assert.ok(
        actions.includes('activity.export') && actions.includes('activity.signups_export'),
        'both exports logged',
      );
      // 操作类型 lists many kinds: typing narrows them.
      await page.getByLabel('操作类型').click();
      await page.getByLabel('操作类型').fill('志愿');
      await page.locator('.ant-select-item-option', { hasText: '志愿活动' }).click();
      await page.getByText(`共 ${n(logged.total)} 条`).waitFor();
      await firstRowIs(page, logged.items[0].id);
      const log = await exportSheet(page);
      assert.equal(log.fileName, '操作日志.xlsx');
      assert.deepEqual(
        log.body.map((r) => r[2]),
        logged.items.map((e) => e.action),
      );
      // The log's own export is logged too.
      const again = await api.get('/audit-log?action=audit.export&limit=1');
      assert.equal(again.items[0]?.detail?.filters?.action, 'activity.');
    },
  },
];
