// Journey 3 (issue #5): a resident's report climbs captain → grid → community → street and is
// dispatched to a department (吹哨), which accepts it in the console (报到) and answers. The captain
// escalates on the phone app; the community escalates in the console; the department (demo account
// 13700000010) accepts and answers in the console. The resident's filing, the grid worker's and the
// street's dispatch go through the HTTP API on their own sessions (the street picks the department by
// id: the API offers no list of departments yet).
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn, who } from '../lib/console-helpers.mjs';

/** Waits for the console's success message `text`; fails with the error message if one shows instead. */
async function toast(page, text) {
  const ok = page.locator('.ant-message-notice-success', { hasText: text });
  const bad = page.locator('.ant-message-notice-error');
  // Generous: on a loaded 2-core box the answer can take a while; a wait bound, not a speed check.
  await ok.or(bad).first().waitFor({ timeout: 30_000 });
  if (await bad.count()) throw new Error(`the console said: ${await bad.first().textContent()}`);
}

export default [
  {
    name: 'a report escalated to a department is accepted and answered there in the console',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const resident = who(ctx, '13700000009', 'resident');
      const captainUser = who(ctx, '13700000007', 'captain');
      const gridUser = who(ctx, '13700000006', 'grid_worker');
      const communityUser = who(ctx, '13700000004', 'community_staff');
      const streetUser = who(ctx, '13700000002', 'street_staff');
      const deptUser = who(ctx, '13700000010', 'department_staff');
      const text = `福宁街5号门口长期占道经营，堵塞消防通道 ${String(Date.now() % 100000)}`;

      const session = async (user, pageOptions) => {
        const page = await newPage(pageOptions);
        const api = apiOf(page, baseUrl);
        const me = await api.login(user);
        return { page, api, me };
      };

      // The resident files it for the captain's building.
      const cap = await session(captainUser, { width: 360, height: 640, mobile: true });
      const buildingId = cap.me.roles.find((r) => r.role === 'captain')?.orgUnitId;
      assert.ok(buildingId, 'the demo captain has a building');
      const res = await session(resident);
      const categories = (await res.api.get('/report-categories')).items;
      const category =
        categories.find((c) => c.nameZh.includes('占道')) ??
        categories.find((c) => c.parentId !== null) ??
        categories[0];
      const report = await res.api.post('/reports', { buildingId, categoryId: category.id, description: text });
      assert.equal(report.level, 'building');

      // The captain passes it up on the phone (上报 with a reason); the grid worker passes it on.
      await cap.page.goto(`${baseUrl}/m/reports/${report.id}`);
      await cap.page.getByText(text).first().waitFor({ timeout: 15_000 });
      await cap.page.getByPlaceholder(/答复居民/).fill('占道经营需要执法，楼长无法处理');
      await cap.page.getByRole('button', { name: '上报', exact: true }).click();
      await cap.page.getByText('已上报上一级').first().waitFor({ timeout: 15_000 });
      await screenshot(cap.page, 'm-report-captain-escalated-360x640');
      assert.equal((await cap.api.get(`/reports/${report.id}`)).level, 'grid');
      const grid = await session(gridUser);
      await grid.api.post(`/reports/${report.id}/escalate`, { reason: '网格无法处理，报社区' });

      // The community escalates in the console (吹哨).
      const communityPage = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(communityPage, baseUrl, communityUser, `/reports?id=${report.id}`);
      const drawer = communityPage.locator('.lz-report-drawer');
      await drawer.getByText(text).waitFor({ timeout: 15_000 });
      await drawer.getByRole('button', { name: '上报（吹哨）' }).click();
      const esc = communityPage.getByRole('dialog', { name: '上报（吹哨）' });
      await esc.getByLabel('上报原因').fill('占道经营需城管执法，社区无法处理');
      await esc.getByRole('button', { name: /确\s*定|OK/ }).click();
      await toast(communityPage, '已上报');
      await drawer.getByText('街道', { exact: false }).first().waitFor();

      // The street dispatches it to the department (the department is picked by id).
      const dept = await session(deptUser);
      const departmentId = dept.me.roles.find((r) => r.role === 'department_staff')?.orgUnitId;
      assert.ok(departmentId, 'the demo department account is bound to a department');
      const st = await session(streetUser);
      const atStreet = await st.api.get(`/reports/${report.id}`);
      assert.equal(atStreet.level, 'street');
      const dispatched = await st.api.post(`/reports/${report.id}/escalate`, {
        reason: '请城管执法局到场处理',
        departmentId,
      });
      assert.equal(dispatched.level, 'department');

      // The department signs in to the console, finds it waiting, accepts (报到) and answers.
      const deptPage = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(deptPage, baseUrl, deptUser, '/reports');
      await deptPage.getByRole('heading', { name: '诉求' }).waitFor();
      const row = deptPage.locator('.ant-table-row', { hasText: text });
      await row.waitFor({ timeout: 15_000 });
      await screenshot(deptPage, 'console-reports-inbox-department-1366x768');
      await row.getByText(text).click();
      const d = deptPage.locator('.lz-report-drawer');
      await d.getByRole('button', { name: '报到受理' }).click();
      const acc = deptPage.getByRole('dialog', { name: '报到受理' });
      await acc.getByRole('button', { name: /确\s*定|OK/ }).click();
      await toast(deptPage, '已受理');
      await d.getByRole('button', { name: '回复' }).click();
      const ans = deptPage.getByRole('dialog', { name: '回复' });
      await ans.getByRole('textbox').fill('已派执法队员到场，摊贩已劝离，消防通道恢复畅通');
      await ans.getByRole('button', { name: /确\s*定|OK/ }).click();
      await toast(deptPage, '已回复');
      await d.getByText('已派执法队员到场').first().waitFor();
      await screenshot(deptPage, 'console-report-accepted-by-department-1366x768');

      const final = await dept.api.get(`/reports/${report.id}`);
      assert.equal(final.level, 'department');
      assert.ok(['accepted', 'in_progress'].includes(final.status), `status is ${final.status}`);
      const types = final.timeline.map((e) => e.type);
      for (const t of ['submitted', 'escalated', 'accepted', 'answered'])
        assert.ok(types.includes(t), `timeline has ${t}: ${types.join(', ')}`);
      // The resident sees the department's answer on the timeline.
      const seen = await res.api.get(`/reports/${report.id}`);
      assert.ok(seen.timeline.some((e) => e.note?.includes('消防通道恢复畅通')));

      // The street's dashboard counts it: received, answered, and escalated beyond the community.
      const streetPage = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(streetPage, baseUrl, streetUser, '/dashboard');
      await streetPage.locator('.lz-kpi').getByText('收到诉求').waitFor({ timeout: 15_000 });
      const figures = await st.api.get('/reports/figures');
      assert.ok(figures.total.received >= 1 && figures.total.escalatedBeyondCommunity >= 1);
      await streetPage.locator('.lz-chart canvas').first().waitFor({ timeout: 20_000 });
      await screenshot(streetPage, 'console-dashboard-street-1366x768');
    },
  },
  {
    name: 'a department sends a report back (退回/申请改派) and the street reassigns it to another department',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const tag = String(Date.now() % 100000);
      const session = async (user) => {
        const page = await newPage({ width: 800, height: 600 });
        const api = apiOf(page, baseUrl);
        return { api, me: await api.login(user) };
      };
      const res = await session(who(ctx, '13700000009', 'resident'));
      const cap = await session(who(ctx, '13700000007', 'captain'));
      const grid = await session(who(ctx, '13700000006', 'grid_worker'));
      const community = await session(who(ctx, '13700000004', 'community_staff'));
      const streetUser = who(ctx, '13700000002', 'street_staff');
      const st = await session(streetUser);
      const deptUser = who(ctx, '13700000010', 'department_staff');
      const dept = await session(deptUser);
      const departmentId = dept.me.roles.find((r) => r.role === 'department_staff')?.orgUnitId;
      const buildingId = cap.me.roles.find((r) => r.role === 'captain')?.orgUnitId;
      const categories = (await res.api.get('/report-categories')).items;
      const category = categories.find((c) => c.parentId !== null) ?? categories[0];
      const text = `小区内3号路灯整夜不亮 ${tag}`;
      const report = await res.api.post('/reports', { buildingId, categoryId: category.id, description: text });
      await cap.api.post(`/reports/${report.id}/escalate`, { reason: '需要上报处理' });
      await grid.api.post(`/reports/${report.id}/escalate`, { reason: '网格无法处理，报社区' });
      await community.api.post(`/reports/${report.id}/escalate`, { reason: '需街道派单' });
      await st.api.post(`/reports/${report.id}/escalate`, { reason: '请部门处理', departmentId });

      // The department sends it back in the console with a preset reason and a note.
      const deptPage = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(deptPage, baseUrl, deptUser, `/reports?id=${report.id}`);
      const d = deptPage.locator('.lz-report-drawer');
      await d.getByText(text).waitFor({ timeout: 15_000 });
      await d.getByRole('button', { name: '退回/申请改派' }).click();
      const back = deptPage.getByRole('dialog', { name: '退回/申请改派' });
      await back.getByText('报事人只看到“重新分派”').waitFor();
      // A reason is required: OK without one changes nothing.
      await back.getByRole('button', { name: /确\s*定|OK/ }).click();
      await back.getByText('请选择退回原因').waitFor();
      assert.equal((await dept.api.get(`/reports/${report.id}`)).level, 'department');
      await back.getByText('不属于本部门职责', { exact: true }).click();
      await back.getByLabel('补充说明').fill('小区内路灯归物业维修');
      await screenshot(deptPage, 'console-report-return-dialog-1366x768');
      await back.getByRole('button', { name: /确\s*定|OK/ }).click();
      await toast(deptPage, '已退回街道');
      const returned = await st.api.get(`/reports/${report.id}`);
      assert.equal(returned.level, 'street');
      assert.equal(returned.status, 'submitted');
      assert.equal(returned.timeline.at(-1).type, 'returned');
      assert.equal(returned.timeline.at(-1).note, '不属于本部门职责：小区内路灯归物业维修');
      // The resident sees that it is being reassigned, not the department's reason.
      const seen = (await res.api.get(`/reports/${report.id}`)).timeline.at(-1);
      assert.equal(seen.type, 'returned');
      assert.equal(seen.note, null);

      // The street finds it in its inbox, marked as sent back, and must name another department.
      const others = (await st.api.get('/departments')).items.filter((x) => x.id !== departmentId);
      assert.ok(others.length > 0, 'the demo district has another department');
      const streetPage = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(streetPage, baseUrl, streetUser, `/reports?id=${report.id}`);
      const sd = streetPage.locator('.lz-report-drawer');
      await sd.getByText('部门已退回，请改派其他部门').waitFor({ timeout: 15_000 });
      await sd.getByText('小区内路灯归物业维修').waitFor();
      await screenshot(streetPage, 'console-report-returned-street-1366x768');
      await sd.getByRole('button', { name: '改派', exact: true }).click();
      const esc = streetPage.getByRole('dialog', { name: '上报（吹哨）' });
      await esc.getByLabel('上报原因').fill('改派物业监管部门处理');
      await esc.getByRole('button', { name: /确\s*定|OK/ }).click();
      await esc.getByText('请选择改派的部门').waitFor();
      await esc.getByLabel('派往部门').click();
      await streetPage.locator('.ant-select-item-option', { hasText: others[0].name }).click();
      await esc.getByRole('button', { name: /确\s*定|OK/ }).click();
      await toast(streetPage, '已上报');
      const again = await st.api.get(`/reports/${report.id}`);
      assert.equal(again.level, 'department');
      assert.equal(again.departmentId, others[0].id);
      assert.deepEqual(again.timeline.map((e) => e.type).slice(-2), ['returned', 'escalated']);
    },
  },
  {
    name: 'community staff merge a duplicate by picking it from the same building’s open reports; 不予受理 warns first',
    async run(ctx) {
      const { baseUrl, newPage, screenshot } = ctx;
      const tag = String(Date.now() % 100000);
      const page = await newPage({ width: 1366, height: 768 });
      const api = (user) => {
        const p = newPage({ width: 800, height: 600 });
        return p.then(async (pg) => {
          const a = apiOf(pg, baseUrl);
          const me = await a.login(user);
          return { api: a, me };
        });
      };
      const res = await api(who(ctx, '13700000009', 'resident'));
      const cap = await api(who(ctx, '13700000007', 'captain'));
      const grid = await api(who(ctx, '13700000006', 'grid_worker'));
      const buildingId = cap.me.roles.find((r) => r.role === 'captain')?.orgUnitId;
      const categories = (await res.api.get('/report-categories')).items;
      const category = categories.find((c) => c.nameZh === '乱堆乱放') ?? categories[0];
      // The same clutter reported twice; both climb to the community.
      const first = await res.api.post('/reports', {
        buildingId,
        categoryId: category.id,
        description: `楼道堆满纸箱 ${tag}`,
      });
      const second = await res.api.post('/reports', {
        buildingId,
        categoryId: category.id,
        description: `楼梯口纸箱没人清 ${tag}`,
      });
      for (const r of [first, second]) {
        await cap.api.post(`/reports/${r.id}/escalate`, { reason: '需社区协调清理' });
        await grid.api.post(`/reports/${r.id}/escalate`, { reason: '网格无法处理，报社区' });
      }

      await consoleSignIn(page, baseUrl, who(ctx, '13700000004', 'community_staff'), `/reports?id=${second.id}`);
      const drawer = page.locator('.lz-report-drawer');
      await drawer.getByText(`楼梯口纸箱没人清 ${tag}`).waitFor({ timeout: 15_000 });

      // 不予受理 says what it does before anything happens; cancelled, nothing changes.
      await drawer.getByRole('button', { name: '不予受理' }).click();
      const rejectDialog = page.getByRole('dialog', { name: '不予受理' });
      await rejectDialog.getByText('不予受理会结案').waitFor();
      await screenshot(page, 'console-report-reject-warning-1366x768');
      await rejectDialog.getByRole('button', { name: /取\s*消|Cancel/ }).click();

      // 合并重复: the first report is offered by its words, not typed as a number.
      await drawer.getByRole('button', { name: '合并重复' }).click();
      const mergeDialog = page.getByRole('dialog', { name: '合并重复' });
      await mergeDialog.getByLabel('与哪条诉求重复').click();
      await page.locator('.ant-select-item-option', { hasText: `楼道堆满纸箱 ${tag}` }).click();
      await screenshot(page, 'console-report-merge-pick-1366x768');
      await mergeDialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await toast(page, '已合并');
      assert.equal((await res.api.get(`/reports/${second.id}`)).status, 'merged');
    },
  },
];
