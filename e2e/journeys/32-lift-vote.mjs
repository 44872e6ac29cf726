// 舜德路8号 (the Taicheng article): a civil_code_major lift vote over 12 households of different floor areas. An
// absentee owner votes on the phone after an SMS sign-in, the captain enters a signed paper form with its photo, the
// vote closes, and the published result passes under Civil Code art. 278. Then an informal vote with its own options:
// created on the phone, the vote link texted once to the owners, chosen on the phone and at the door, the option adopted.
import assert from 'node:assert/strict';
import { consoleSignIn } from '../lib/console-helpers.mjs';
import { apiSession, phoneLogin, testPhoto } from '../lib/phone.mjs';
import { smsSignIn } from '../lib/sms.mjs';

export default [
  {
    name: 'the lift vote: an absentee owner on the phone, a paper ballot with its photo, passing, the result published',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const adminApi = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const captainApi = await apiSession(browser, baseUrl, '13700000007');
      const lift = (await captainApi.get('/proposals')).items.find(
        (p) => p.title === '加装电梯' && p.scopeName === '舜德路8号',
      );
      assert.ok(lift, 'the demo lift vote of 舜德路8号');
      assert.equal(lift.rule, 'civil_code_major');
      assert.deepEqual(lift.tally.eligible, { owners: 12, areaM2: 1013.05 });

      // 余炳坤 of 502 lives elsewhere: the link and an SMS code on the phone the registry holds.
      const owner = await newPage({ width: 360, height: 740, mobile: true });
      await smsSignIn(owner, baseUrl, adminApi, '13800008810', `/proposals/${lift.id}`);
      await owner.waitForURL(new RegExp(`/m/proposals/${lift.id}$`), { timeout: 30_000 });
      await owner.getByText('舜德路8号502室 的表决').waitFor();
      await owner.getByTestId('my-vote').getByRole('button', { name: '同意' }).click();
      await owner.getByTestId('my-ballot').getByText('同意').waitFor();
      await screenshot(owner, 'm-lift-absentee-vote-360x740', { fullPage: true });

      // The captain enters 101's signed paper form with its photo.
      const captain = await newPage({ width: 360, height: 740, mobile: true });
      await captain.goto(`${baseUrl}/m/login?next=${encodeURIComponent(`/proposals/${lift.id}`)}`);
      await phoneLogin(captain, '13700000007');
      const row = captain.getByTestId('roll-row').filter({ hasText: '舜德路8号101室' });
      await row.getByRole('button').first().click();
      await row.getByRole('button', { name: '同意' }).click();
      await row.locator('[data-testid=photo-input]').setInputFiles(testPhoto(41));
      await row.locator('.m-photo img').waitFor();
      await row.getByRole('button', { name: '保存' }).click();
      await row.getByText('同意 · 纸质表决票').waitFor();
      await screenshot(captain, 'm-lift-paper-ballot-360x740', { fullPage: true });

      // The last two households answered at the door: 102 against, 501 abstains.
      const roll = (await captainApi.get(`/proposals/${lift.id}/roll`)).items;
      const id = (room) => roll.find((r) => r.address.endsWith(`${room}室`)).householdId;
      await captainApi.post(`/proposals/${lift.id}/ballots`, {
        householdId: id('102'),
        choice: 'against',
        via: 'door_to_door',
      });
      await captainApi.post(`/proposals/${lift.id}/ballots`, {
        householdId: id('501'),
        choice: 'abstain',
        via: 'door_to_door',
      });

      // Everyone has voted: the captain closes the vote and the result is published.
      await captain.reload();
      await captain.getByRole('button', { name: '结束表决并公布结果' }).click();
      await captain.getByRole('button', { name: '确定' }).click();
      await captain.getByTestId('result').getByText('通过').waitFor();
      await screenshot(captain, 'm-lift-result-360x740', { fullPage: true });

      const tally = await captainApi.get(`/proposals/${lift.id}/tally`);
      assert.deepEqual(tally, {
        rule: 'civil_code_major',
        status: 'closed',
        eligible: { owners: 12, areaM2: 1013.05 },
        voted: { owners: 12, areaM2: 1013.05 },
        agree: { owners: 10, areaM2: 826.5 },
        against: { owners: 1, areaM2: 75.8 },
        abstain: { owners: 1, areaM2: 110.75 },
        options: [],
        quorumMet: true,
        passed: true,
        adoptedOption: null,
      });
      // The owner far away sees the published result.
      await owner.reload();
      await owner.getByTestId('result').getByText('通过').waitFor();
      // Frozen: no ballot changes after the close.
      const late = await captainApi.call('POST', `/proposals/${lift.id}/ballots`, {
        householdId: id('102'),
        choice: 'agree',
        via: 'door_to_door',
      });
      assert.equal(late.body.error.code, 'PROPOSAL_CLOSED');

      // The community sees it in the console with its result.
      const staff = await newPage();
      await consoleSignIn(staff, baseUrl, { phone: '13700000004', password: 'louzhang123' }, '/deliberation');
      await staff.getByTestId(`proposal-${lift.id}`).waitFor({ timeout: 30_000 });
      await screenshot(staff, 'console-deliberation-1366x768');
      await captainApi.close();
      await adminApi.close();
    },
  },
  {
    name: 'a building vote with its own options: created on the phone, the link texted to owners once, chosen, the option adopted',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const adminApi = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const captainApi = await apiSession(browser, baseUrl, '13700000007');
      const title = `楼道粉刷颜色${Date.now() % 100000}`;

      // The captain opens an informal vote over 舜德路8号 with three colours to choose from.
      const captain = await newPage({ width: 360, height: 740, mobile: true });
      await captain.goto(`${baseUrl}/m/login?next=${encodeURIComponent('/proposals/new')}`);
      await phoneLogin(captain, '13700000007');
      await captain.locator('#np-building').selectOption({ label: '舜德路8号' });
      await captain.getByRole('textbox', { name: '标题' }).fill(title);
      await captain
        .getByRole('textbox', { name: '议题说明' })
        .fill('楼道墙面翻新，请每户选一种颜色，过半数户选中的颜色即采用。');
      await captain.locator('#np-rule').selectOption('informal_majority');
      await captain.getByRole('textbox', { name: /^选项/ }).fill('米白色\n浅灰色\n淡绿色');
      await screenshot(captain, 'm-options-vote-new-360x740', { fullPage: true });
      await captain.getByRole('button', { name: '发布' }).click();
      await captain.waitForURL(/\/m\/proposals\/\d+$/, { timeout: 30_000 });
      const id = Number(/proposals\/(\d+)$/.exec(captain.url())[1]);
      const created = await captainApi.get(`/proposals/${id}`);
      assert.deepEqual(created.options, ['米白色', '浅灰色', '淡绿色']);
      assert.equal(created.rule, 'informal_majority');

      // The link goes by SMS to the 12 owners (none has voted, none uses the app); pressed again, nobody new.
      const texts = async () =>
        (await adminApi.get('/admin/sms-outbox')).items.filter((m) => m.text.includes(`/m/proposals/${id}`));
      await captain.getByRole('button', { name: '短信发送表决链接给外地业主' }).click();
      await captain.getByRole('button', { name: '确定' }).click();
      await captain.getByText('已发送 12 条短信').waitFor();
      assert.equal((await texts()).length, 12);
      await captain.getByRole('button', { name: '短信发送表决链接给外地业主' }).click();
      await captain.getByRole('button', { name: '确定' }).click();
      await captain.getByText('没有需要发送表决链接的外地业主', { exact: false }).waitFor();
      assert.equal((await texts()).length, 12, 'the link goes once per owner');

      // 邝丽华 of 301 follows the link, signs in by SMS and picks 浅灰色.
      const owner = await newPage({ width: 360, height: 740, mobile: true });
      await smsSignIn(owner, baseUrl, adminApi, '13800008805', `/proposals/${id}`);
      await owner.waitForURL(new RegExp(`/m/proposals/${id}$`), { timeout: 30_000 });
      await owner.getByTestId('my-vote').getByRole('button', { name: '浅灰色' }).click();
      await owner.getByTestId('my-ballot').getByText('浅灰色').waitFor();
      await screenshot(owner, 'm-options-vote-ballot-360x740', { fullPage: true });

      // An option the proposal does not have is refused with a code.
      const roll = (await captainApi.get(`/proposals/${id}/roll`)).items;
      const hid = (room) => roll.find((r) => r.address.endsWith(`${room}室`)).householdId;
      const bad = await captainApi.call('POST', `/proposals/${id}/ballots`, {
        householdId: hid('101'),
        option: 3,
        via: 'door_to_door',
      });
      assert.equal(bad.body.error.code, 'BALLOT_OPTION_UNKNOWN');

      // The rest answer at the door: 浅灰色 7 of 12 in all (more than half), 米白色 3, 淡绿色 2.
      const picks = { 101: 1, 102: 1, 201: 1, 202: 1, 302: 1, 401: 1, 402: 0, 501: 0, 502: 0, 601: 2, 602: 2 };
      for (const [room, option] of Object.entries(picks))
        await captainApi.post(`/proposals/${id}/ballots`, { householdId: hid(room), option, via: 'door_to_door' });
      await captain.reload();
      await captain.getByRole('button', { name: '结束表决并公布结果' }).click();
      await captain.getByRole('button', { name: '确定' }).click();
      await captain.getByTestId('result').getByText('采纳：浅灰色').waitFor();
      await screenshot(captain, 'm-options-vote-result-360x740', { fullPage: true });
      const tally = await captainApi.get(`/proposals/${id}/tally`);
      assert.deepEqual(
        tally.options.map((o) => [o.label, o.households]),
        [
          ['米白色', 3],
          ['浅灰色', 7],
          ['淡绿色', 2],
        ],
      );
      assert.equal(tally.passed, true);
      assert.equal(tally.adoptedOption, 1);

      // The console shows the tally per option, and its own form for a vote with options.
      const staff = await newPage();
      await consoleSignIn(staff, baseUrl, { phone: '13700000004', password: 'louzhang123' }, '/deliberation');
      await staff.getByTestId(`proposal-${id}`).click();
      await staff.getByTestId('console-tally').getByText('采纳：浅灰色').waitFor();
      await screenshot(staff, 'console-options-vote-1366x768');
      await staff.keyboard.press('Escape');
      await staff.getByRole('button', { name: '发起议题' }).click();
      const form = staff.getByRole('dialog', { name: '发起议题' });
      await form.getByLabel(/^选项/).waitFor();
      await screenshot(staff, 'console-new-proposal-1366x768');
      await captainApi.close();
      await adminApi.close();
    },
  },
];
