// A street requires a second factor of its staff (set by an admin above it, whom it does not bind): a new community worker signs in to the console by SMS
// code, is shown 绑定身份验证器 before anything else, scans the QR into an authenticator (here the RFC 6238
// code computed by the test), confirms with its code, and reaches the console.
import assert from 'node:assert/strict';
import { apiSession } from '../lib/phone.mjs';
import { totp } from '../lib/totp.mjs';

const freshPhone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

export default [
  {
    name: 'with 两步验证 required, a new community worker sets up an authenticator before the console opens',
    async run({ baseUrl, newPage, screenshot, demoUser, browser }) {
      const streetApi = await apiSession(browser, baseUrl, demoUser('street_staff').phone);
      const adminApi = await apiSession(browser, baseUrl, demoUser('admin').phone);
      const street = streetApi.me.roles.find((r) => r.role === 'street_staff');
      const community = (await streetApi.get(`/org-units?parentId=${street.orgUnitId}`)).items.find(
        (u) => u.kind === 'community',
      );
      const phone = freshPhone();
      await streetApi.post(
        '/accounts',
        { name: '钟晓敏', phone, role: 'community_staff', orgUnitId: community.id },
        { 'Idempotency-Key': `e2e-totp-${phone}` },
      );
      const rules = `/streets/${street.orgUnitId}/sign-in-settings`;
      await adminApi.put(rules, { staffPasswordRequired: false, staffTotpRequired: true });
      try {
        const page = await newPage({ width: 1366, height: 768 });
        await page.goto(`${baseUrl}/console/login`);
        await page.getByRole('tab', { name: '验证码登录' }).click();
        const form = page.getByRole('tabpanel', { name: '验证码登录' });
        await form.locator('input[autocomplete="tel"]').fill(phone);
        await form.getByRole('button', { name: '获取验证码' }).click();
        await form.getByRole('button', { name: /秒后重发/ }).waitFor();
        const { items } = await adminApi.get('/admin/sms-outbox');
        const code = /\d{6}/.exec(items.find((m) => m.phone === phone)?.text ?? '')?.[0];
        assert.ok(code, 'the code is in the local SMS outbox');
        await form.locator('input[autocomplete="one-time-code"]').fill(code);
        await form.getByRole('button', { name: /登录/ }).click();

        // The setup screen comes first; the API refuses anything else meanwhile.
        await page.getByText('绑定身份验证器').waitFor({ timeout: 20_000 });
        const refused = await page.evaluate(async () => (await fetch('/api/v1/households')).json());
        assert.equal(refused.error.code, 'TOTP_SETUP_REQUIRED');
        const uri = await page.locator('img[data-otpauth]').getAttribute('data-otpauth');
        const secret = new URL(uri).searchParams.get('secret');
        assert.ok(secret, 'the QR holds an otpauth URI with the secret');
        await screenshot(page, 'console-totp-setup-1366x768');
        await page.getByLabel('动态码').fill(totp(secret));
        await page.getByRole('button', { name: '完成绑定' }).click();
        await page.locator('.lz-shell').waitFor({ timeout: 20_000 });
        const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
        assert.deepEqual(me.secondFactor, { enabled: true, required: true });
        const open = await page.evaluate(async () => (await fetch('/api/v1/households')).status);
        assert.equal(open, 200);
      } finally {
        await adminApi.put(rules, { staffPasswordRequired: false, staffTotpRequired: false });
        await streetApi.close();
        await adminApi.close();
      }
    },
  },
];
