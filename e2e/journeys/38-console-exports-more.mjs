// Four more of the console's lists export what they show. Street staff export 楼长招募 (the demo's drive with
// its counts), 评选列表 (the street's rounds) and, on 议事与集资, 楼事会 (舜德路8号's council); 江滨新村10栋's captain
// exports 集资 (the sewer fund in yuan) — each file checked against the rows the API lists to the same person.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, exportSheet, who } from '../lib/console-helpers.mjs';

export default [
  {
    name: 'street staff export the drives, the honour rounds and the councils, a captain the shared funds, as listed',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const street = who(ctx, '13700000002', 'street_staff');
      const page = await newPage();
      await consoleSignIn(page, baseUrl, street, '/recruitment');
      const api = apiOf(page, baseUrl);

      // 楼长招募: the drives with their counts, one column each.
      const drives = (await api.get('/recruitment/drives')).items;
      assert.ok(drives.length >= 1, 'the demo street has a drive');
      await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      const d = await exportSheet(page, page.locator('.lz-page-header'));
      assert.equal(d.fileName, '楼长招募.xlsx');
      assert.deepEqual(d.header, ['标题', '发布单位', '名额', '截止日期', '状态', '报名', '审查', '入选', '登记']);
      assert.deepEqual(
        d.body.map((r) => [r[0], r[2], r[3], r[5], r[6], r[7], r[8]]),
        drives.map((x) => [
          x.title,
          x.places,
          x.deadline,
          x.counts.applied,
          x.counts.vetted,
          x.counts.chosen,
          x.counts.registered,
        ]),
      );
      await screenshot(page, 'console-recruitment-export-1366x768');

      // 评选列表: the street's rounds, newest period first.
      await page.goto(`${baseUrl}/console/honours`);
      await page.getByRole('heading', { name: '评选表彰' }).waitFor();
      const rounds = (await api.get('/honours/rounds')).items;
      assert.ok(rounds.length >= 1, 'the demo street has a round');
      const card = page.locator('.ant-card', { has: page.locator('.ant-card-head-title', { hasText: /^评选$/ }) });
      await card.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      const r = await exportSheet(page, card);
      assert.equal(r.fileName, '评选列表.xlsx');
      assert.deepEqual(r.header, ['评选类型', '评选周期', '状态', '名额', '比例（%）', '参评人数', '入选人数']);
      assert.deepEqual(
        r.body.map((x) => [x[1], x[3], x[4], x[5], x[6]]),
        rounds.map((x) => [x.period, x.quota, x.quotaPercent, x.eligible, x.honoured]),
      );

      // 议事与集资 → 楼事会: one row per council, its members named as on the card.
      await page.goto(`${baseUrl}/console/deliberation`);
      await page.getByRole('tab', { name: '楼事会' }).click();
      const councils = (await api.get('/councils')).items;
      assert.ok(councils.length >= 1, 'the demo has 舜德路8号楼事会');
      const pane = page.getByRole('tabpanel', { name: '楼事会' });
      await pane.getByText(councils[0].name, { exact: false }).first().waitFor();
      const c = await exportSheet(page, pane);
      assert.equal(c.fileName, '楼事会.xlsx');
      assert.deepEqual(c.header, ['楼事会', '楼栋 / 小区', '成员', '会议次数', '会议纪要']);
      assert.deepEqual(
        c.body.map((x) => [x[0], x[1], x[3]]),
        councils.map((x) => [x.name, x.orgUnitName, x.meetings.length]),
      );
      assert.ok(String(c.body[0][2]).includes('（楼长）'), `members: ${c.body[0][2]}`);

      // 集资, as 江滨新村10栋's captain (the sewer fund lies in 幕沙社区): the funds in yuan.
      const captainPage = await newPage();
      await consoleSignIn(captainPage, baseUrl, who(ctx, '13700000008', 'captain'), '/deliberation');
      const funds = (await apiOf(captainPage, baseUrl).get('/funds')).items;
      assert.ok(funds.length >= 1, 'the demo has the sewer fund');
      await captainPage.getByRole('tab', { name: '集资' }).click();
      const fundsPane = captainPage.getByRole('tabpanel', { name: '集资' });
      await fundsPane.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
      const f = await exportSheet(captainPage, fundsPane);
      assert.equal(f.fileName, '楼栋集资.xlsx');
      assert.deepEqual(f.header, [
        '标题',
        '楼栋',
        '总额（元）',
        '已缴（元）',
        '已缴户数',
        '应缴户数',
        '支出（元）',
        '结余（元）',
        '状态',
      ]);
      assert.deepEqual(
        f.body.map((x) => [x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]),
        funds.map((x) => [
          x.title,
          x.buildingName,
          x.totalFen / 100,
          x.totals.paidFen / 100,
          x.totals.paidHouseholds,
          x.totals.households,
          x.totals.expensesFen / 100,
          x.totals.balanceFen / 100,
        ]),
      );
      await screenshot(captainPage, 'console-funds-export-1366x768');
    },
  },
];
