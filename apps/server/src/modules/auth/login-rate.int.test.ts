import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '3', SMS_RATE_PER_ADDRESS_PER_HOUR: '3' });
});
afterAll(() => t.close());

describe('login rate limit', () => {
  it('refuses sign-in attempts from one address past the limit a minute, with a code and a message', async () => {
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'accept-language': 'zh-CN' },
        payload: { phone: '13911112222', password: 'wrong-password' },
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const refused = await attempt();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    expect(refused.json().error.message).toBe('操作过于频繁，请稍后再试');
  });

  it('refuses code requests from one address past the limit an hour, whatever the phones', async () => {
    const send = (phone: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone } });
    for (const p of ['13911110001', '13911110002', '13911110003']) expect((await send(p)).statusCode).toBe(202);
    const refused = await send('13911110004');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('RATE_LIMITED');
  });
});
