// Captains' life: a resident applies to a drive from the public page and, once chosen and registered,
// sees their building as captain; staff publish a quarter's honours and the certificate's QR verifies.
import assert from 'node:assert/strict';
import { readPdf } from '../lib/pdf.mjs';
import { apiSession } from '../lib/phone.mjs';

export default [
  {
    name: 'a resident applies from the public page and, chosen and registered, sees their building as captain',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const community = await apiSession(browser, baseUrl, demoUser('community_staff').phone);
      const admin = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const scope = community.me.roles.find((r) => r.role === 'community_staff');
      const coverage = await community.get(`/captains/coverage?orgUnitId=${scope.orgUnitId}`);
      const building = coverage.uncovered[0];
      assert.ok(building, 'the community has a building without a captain');
      const title = `${building.name}楼长招募 ${Date.now() % 100000}`;
      const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const drive = await community.post('/recruitment/drives', {
        orgUnitId: scope.orgUnitId,
        title,
        buildingIds: [building.id],
        requirements: '热心公益，常住本楼',
        places: 1,
        deadline,
      });

      // The public page: no account needed to read the drive.
      const page = await newPage({ width: 360, height: 640, mobile: true });
      await page.goto(`${baseUrl}/m/recruit`);
      await page.getByText(title).click();
      await page.getByText('热心公益，常住本楼').waitFor();
      await screenshot(page, 'm-recruit-drive-360x640');
      await page.getByRole('button', { name: '登录后报名' }).click();
      await page.waitForURL(/\/m\/login\?next=/);

      // A new phone signs up with an SMS code (read from the admins' outbox, as the person reads the SMS).
      const phone = `138${String(Date.now()).slice(-8)}`;
      await page.locator('input[name=phone]').fill(phone);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await page.getByText('验证码已发送').waitFor();
      const outbox = await admin.get('/admin/sms-outbox');
      const sms = outbox.items.find((m) => m.phone.endsWith(phone.slice(-4)));
      const code = sms?.text.match(/\d{6}/)?.[0];
      assert.ok(code, 'the sign-in code is in the outbox');
      await page.locator('input[name=code]').fill(code);
      await page.getByRole('button', { name: '登录 / 注册' }).click();
      await page.waitForURL(new RegExp(`/m/recruit/${drive.id}`));
      await page.getByLabel('自我介绍').fill('退休在家，常住本楼，愿意为邻居服务');
      await page.locator('.adm-selector-item', { hasText: building.name }).click();
      await page.getByRole('button', { name: '我要报名（自荐）' }).click();
      await page.getByText('报名成功，请等待社区审查').first().waitFor();

      // Staff vet, choose and register the applicant to the building in one step.
      const apps = await community.get(`/recruitment/drives/${drive.id}/applications`);
      const app = apps.items[0];
      assert.equal(apps.counts.applied, 1);
      await community.post(`/recruitment/applications/${app.id}/vet`, { score: 90, vetNote: '面谈良好' });
      await community.post(`/recruitment/drives/${drive.id}/choose`, { applicationIds: [app.id] });
      await community.post(`/recruitment/applications/${app.id}/register`, { buildingIds: [building.id] });

      // The new captain sees the captain tiles and their building.
      await page.goto(`${baseUrl}/m/`);
      await page.getByText('楼长专区').waitFor();
      await page.getByRole('link', { name: '我的楼栋' }).click();
      await page.getByText(building.name).first().waitFor();
      await screenshot(page, 'm-new-captain-building-360x640');
      await community.close();
      await admin.close();
    },
  },
  {
    name: 'street staff publish a quarter’s star captains and the certificate’s QR code verifies',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const staff = demoUser('street_staff');
      const page = await newPage({ width: 1366, height: 768 });
      await page.goto(`${baseUrl}/console/honours`);
      await page.waitForURL(/\/console\/login/);
      await page.getByLabel('手机号').fill(staff.phone);
      await page.getByLabel('密码', { exact: true }).fill(staff.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { name: '评选表彰' }).waitFor();
      // The demo's draft of last quarter: review it, then publish it.
      await page.getByRole('button', { name: '审核通过' }).first().click();
      await page.getByRole('button', { name: '发布' }).first().click();
      await page.getByText('已发布').first().waitFor();
      await page
        .getByRole('button', { name: /星级楼长/ })
        .first()
        .click();
      const link = page.getByRole('link', { name: '证书' }).first();
      await link.waitFor();
      await screenshot(page, 'console-honours-published-1366x768');
      const href = await link.getAttribute('href');
      const ctx = await browser.newContext();
      await ctx.request.post(`${baseUrl}/api/v1/auth/login`, {
        data: { phone: staff.phone, password: staff.password },
      });
      const res = await ctx.request.get(`${baseUrl}${href}`);
      assert.equal(res.status(), 200);
      const pdf = await readPdf(await res.body());
      assert.match(pdf.pages[0].text, /星级楼长/);
      const qr = pdf.pages[0].qr;
      assert.ok(qr?.includes('/m/honours/verify/'), `QR: ${qr}`);
      // Scanning it opens the public check, no account needed.
      const phone = await newPage({ width: 360, height: 640, mobile: true });
      await phone.goto(new URL(new URL(qr).pathname, baseUrl).toString());
      await phone.getByTestId('honour-verified').getByText('证书有效').waitFor();
      await screenshot(phone, 'm-honour-verified-360x640');
      await ctx.close();
    },
  },
];
