// Issue #12, journey 2: a community notice reaches a building; a resident reads it on the phone and the
// captain's list of households that have not read it shrinks by theirs. The community's 通知公告 page then
// exports its list (导出) and the downloaded sheet holds the notice as the table shows it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { consoleSignIn } from '../lib/console-helpers.mjs';
import { apiSession, phoneLogin } from '../lib/phone.mjs';

export default [
  {
    name: 'a resident reads a community notice and the captain’s unread list shrinks',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const staffLogin = { ...demoUser('community_staff'), password: 'louzhang123' };
      const community = await apiSession(browser, baseUrl, demoUser('community_staff').phone);
      const captainLogin = demoUser('captain');
      // The demo resident of the captain's building (福宁街5号) who is not its captain.
      const residentLogin = { phone: '13700000009' };
      const resident = await apiSession(browser, baseUrl, residentLogin.phone);
      const home = await resident.get('/households/mine');
      const scope = community.me.roles.find((r) => r.role === 'community_staff');
      const title = `停水通知 ${Date.now() % 100000}`;
      const notice = await community.post('/notices', {
        scopeOrgUnitId: scope.orgUnitId,
        kind: 'notice',
        title,
        body: '因管网检修，本周六上午8点至12点停水，请提前储水。',
      });

      // The captain opens it (reading it for their own household) and sees who has not read it yet.
      const captainPage = await newPage({ width: 360, height: 640, mobile: true });
      await captainPage.goto(`${baseUrl}/m/login`);
      await phoneLogin(captainPage, captainLogin.phone);
      await captainPage.getByRole('link', { name: '社区公告' }).click();
      await captainPage.getByText(title).click();
      await captainPage.getByText('已读于').waitFor();
      // The page fetches the counts again once its own read lands; a reload shows them settled.
      await captainPage.reload();
      await captainPage.getByText('已读于').waitFor();
      const list = captainPage.locator('[data-testid=unread-households] li');
      await list.first().waitFor();
      const before = await list.count();
      assert.ok(
        (await list.allTextContents()).some((s) => s.startsWith(home.address)),
        'the resident’s household is on the unread list',
      );
      await screenshot(captainPage, 'm-notice-unread-before-360x640');

      // The resident sees it with an unread badge and reads it.
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/login`);
      await phoneLogin(page, residentLogin.phone);
      const tile = page.getByRole('link', { name: /社区公告/ });
      await tile.locator('.m-tile-badge').waitFor();
      await tile.click();
      await page.getByTestId(`bulletin-${notice.id}`).click();
      await page.getByText('已读于').waitFor();
      await screenshot(page, 'm-notice-read-360x640');

      // The captain's list has one household fewer, and not the resident's.
      await captainPage.reload();
      await list.first().waitFor();
      await captainPage.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=unread-households] li').length === n,
        before - 1,
      );
      assert.ok(!(await list.allTextContents()).some((s) => s.startsWith(home.address)));
      const receipts = await community.get(`/notices/${notice.id}/receipts`);
      assert.ok(receipts.householdsRead >= 2, 'the captain’s and the resident’s households');

      // The community's 通知公告 exports what its table lists: the new notice first, as shown.
      const consolePage = await newPage({ width: 1280, height: 800 });
      await consoleSignIn(consolePage, baseUrl, staffLogin, '/notices');
      await consolePage.getByText(title).first().waitFor();
      const [download] = await Promise.all([
        consolePage.waitForEvent('download'),
        consolePage.getByRole('button', { name: '导出' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), '通知公告.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await readFile(await download.path()));
      const sheet = [];
      wb.worksheets[0].eachRow((r) => sheet.push(r.values.slice(1)));
      assert.deepEqual(sheet[0], ['标题', '置顶', '类型', '发送范围', '发布人', '发布时间']);
      const row = sheet.find((r) => r[0] === title);
      assert.ok(row, 'the new notice is in the export');
      assert.deepEqual(row.slice(1, 5), ['否', '通知', notice.scopeName, notice.authorName]);
      const listed = (await community.get('/notices')).items;
      assert.deepEqual(
        sheet.slice(1).map((r) => r[0]),
        listed.map((n) => n.title),
        'the sheet has the rows the list shows, in its order',
      );
      await community.close();
      await resident.close();
    },
  },
];
