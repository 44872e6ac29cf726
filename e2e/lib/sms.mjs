// Signing in on the phone with an SMS code read from the local outbox (nothing leaves the machine in the demo).

/** A mobile number nobody else uses. */
export const freshPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** Opens the phone's sign-in with `next`, asks for a code for `phone`, reads it from the admin's outbox, signs in. */
export async function smsSignIn(page, baseUrl, adminApi, phone, next) {
  await page.goto(`${baseUrl}/m/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=phone]').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('验证码已发送').waitFor();
  const { items } = await adminApi.get('/admin/sms-outbox');
  const code = /\d{6}/.exec(items.find((m) => m.phone === phone)?.text ?? '')?.[0];
  if (!code) throw new Error(`no SMS code for ${phone} in the outbox`);
  await page.locator('input[name=code]').fill(code);
  await page.getByRole('button', { name: '登录 / 注册' }).click();
}
