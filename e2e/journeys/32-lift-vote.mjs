// 舜德路8号 (the Taicheng article): a civil_code_major lift vote over 12 households of different floor areas. An
// absentee owner votes on the phone after an SMS sign-in, the captain enters a signed paper form with its photo, the
// vote closes, and the published result passes under Civil Code art. 278.
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
        quorumMet: true,
        passed: true,
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
];
