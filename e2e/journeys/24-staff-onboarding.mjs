// Staff run accounts and roles themselves: community staff create a grid worker's account in 用户与权限
// and make an existing resident the captain of a building that has none; the new captain signs in on the
// phone with an SMS code (from the outbox) and finds the building under 我的楼栋.
import assert from 'node:assert/strict';
import { apiOf, consoleSignIn } from '../lib/console-helpers.mjs';
import { apiSession } from '../lib/phone.mjs';

const freshPhone = () => `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** Opens the org-unit tree select of the open dialog and picks `names` level by level (the last is chosen). */
async function pickOrg(page, names) {
  const dialog = page.locator('.ant-modal');
  await dialog.getByLabel('组织单元').click();
  const tree = page.locator('.ant-select-dropdown:visible');
  for (const [i, name] of names.entries()) {
    const node = tree.locator('.ant-select-tree-treenode', { hasText: name }).first();
    await node.waitFor();
    if (i < names.length - 1) {
      if ((await node.getAttribute('class'))?.includes('switcher-open')) continue;
      await node.locator('.ant-select-tree-switcher').click();
    } else await node.locator('.ant-select-tree-title').click();
  }
}

export default [
  {
    name: 'community staff create a grid worker and make a resident the captain of an uncovered building; they sign in by SMS',
    async run({ baseUrl, newPage, screenshot, demoUser, demoUsers, browser }) {
      const staff = { ...demoUser('community_staff'), password: 'louzhang123' };
      // A plain resident (no other role), living at 福宁街5号, which has its captain.
      const resident = demoUsers.find((d) => d.roles.join() === 'resident');
      assert.ok(resident, 'the demo has a plain resident');
      const adminApi = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const page = await newPage({ width: 1366, height: 768 });
      await consoleSignIn(page, baseUrl, staff, '/accounts');
      const api = apiOf(page, baseUrl);
      const me = await api.login(staff);
      const community = me.roles.find((r) => r.role === 'community_staff');

      // A building of the community with no captain, and the names on the way down to it.
      const kids = async (id) => (await api.get(`/org-units?parentId=${id}`)).items ?? [];
      let target = null;
      const walk = async (unit, trail) => {
        for (const u of await kids(unit.id)) {
          if (target) return;
          if (u.kind === 'building') {
            const { token } = await api.get(`/buildings/${u.id}/report-token`);
            const page = await api.get(`/buildings/by-token/${token}`);
            if (!page.captainName) target = { unit: u, trail: [...trail, u.name] };
          } else if (u.kind !== 'unit') await walk(u, [...trail, u.name]);
        }
      };
      await walk({ id: community.orgUnitId }, [community.orgUnitName]);
      assert.ok(target, `a building of ${community.orgUnitName} has no captain`);
      const grid = (await kids(community.orgUnitId)).find((u) => u.kind === 'grid');

      // 1. A grid worker's account: name, phone, role, grid.
      const gridPhone = freshPhone();
      await page.getByRole('heading', { name: '用户与权限' }).waitFor();
      await page.getByRole('button', { name: '新建工作人员账号' }).click();
      const dialog = page.locator('.ant-modal');
      await dialog.getByLabel('姓名').fill('何志明');
      await dialog.getByLabel('手机号').fill(gridPhone);
      await dialog.getByLabel('角色').click();
      await page.locator('.ant-select-item-option', { hasText: '网格员' }).click();
      await pickOrg(page, [community.orgUnitName, grid.name]);
      await screenshot(page, 'console-create-grid-worker-1366x768');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByText('已保存').waitFor();
      const created = (await api.get(`/accounts?phone=${gridPhone}`)).items[0];
      assert.deepEqual(
        created.roles.map((r) => [r.role, r.orgUnitId]),
        [['grid_worker', grid.id]],
      );

      // 2. The resident, found by phone, is made captain of the uncovered building.
      await page.getByLabel('按手机号查找').fill(resident.phone);
      await page.getByRole('button', { name: '查询' }).click();
      const row = page.locator('.ant-table-row', { hasText: '居民 ·' }).first();
      await row.waitFor();
      await row.getByRole('button', { name: '授予角色' }).click();
      await dialog.getByLabel('角色').click();
      await page.locator('.ant-select-item-option', { hasText: /^楼长$/ }).click();
      await pickOrg(page, target.trail);
      await dialog.getByLabel('原因（可选）').fill('居民推选');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByText('已保存').waitFor();
      await row.getByText(`楼长 · ${target.unit.name}`).waitFor();
      const after = (await api.get(`/accounts?phone=${resident.phone}`)).items[0];
      assert.deepEqual(
        after.roles.map((r) => r.role).sort(),
        ['captain', 'resident'],
        'a resident, now also a captain',
      );
      await screenshot(page, 'console-captain-registered-1366x768');
      const history = (await api.get(`/buildings/${target.unit.id}/captains`)).items;
      assert.equal(history[0]?.action, 'bind', 'the registration is in the building’s captain history');

      // 3. The new captain signs in on the phone with an SMS code and sees the building.
      const phone = await newPage({ width: 360, height: 640, mobile: true });
      await phone.goto(`${baseUrl}/m/login`);
      await phone.locator('input[name=phone]').fill(resident.phone);
      await phone.getByRole('button', { name: '获取验证码' }).click();
      await phone.getByText('验证码已发送').waitFor();
      const { items } = await adminApi.get('/admin/sms-outbox');
      const code = /\d{6}/.exec(items.find((m) => m.phone === resident.phone)?.text ?? '')?.[0];
      assert.ok(code, 'the code is in the local SMS outbox');
      await phone.locator('input[name=code]').fill(code);
      await phone.locator('button[type=submit]').click();
      await phone.getByText('楼长专区').waitFor();
      await phone.getByRole('link', { name: '我的楼栋' }).click();
      await phone.getByText(target.unit.name).first().waitFor();
      await screenshot(phone, 'm-new-captain-buildings-360x640');
      await adminApi.close();
    },
  },
];
