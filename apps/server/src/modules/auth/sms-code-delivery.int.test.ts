import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AliyunSmsStub, startAliyunSmsStub } from '../../../test/aliyun-sms-stub';
import { phone } from '../../../test/factories';
import { startTestApp, type TestApp } from '../../../test/harness';
import type { SmsDeliveryService } from '../notifications/sms/sms-delivery.service';

/** With a real provider configured, sign-in codes for phones without an account reach those phones. */
const ID = 'LTAI5tCodeDeliveryTest';
const SECRET = 'code-delivery-test-secret-0123';
let stub: AliyunSmsStub;
let t: TestApp;

beforeAll(async () => {
  stub = await startAliyunSmsStub({ [ID]: SECRET });
  t = await startTestApp({
    SMS_PROVIDER: 'aliyun',
    ALIYUN_SMS_ACCESS_KEY_ID: ID,
    ALIYUN_SMS_ACCESS_KEY_SECRET: SECRET,
    ALIYUN_SMS_ENDPOINT: stub.url,
    SMS_SIGN_NAME: '楼长通',
    SMS_TEMPLATES: JSON.stringify({ sms_code: 'SMS_LOGIN_1', sms_reset_code: 'SMS_RESET_2' }),
  });
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

describe('sign-in codes through the SMS provider', () => {
  it('sends a new phone its code with the login template, and the code signs in', async () => {
    const p = phone();
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone: p } })).statusCode,
    ).toBe(202);
    const sms = t.services.smsDelivery as SmsDeliveryService;
    expect(await sms.sendDue()).toMatchObject({ sent: 1, failed: 0 });
    const [msg] = stub.accepted.filter((a) => a.phone === p);
    expect(msg).toMatchObject({ templateCode: 'SMS_LOGIN_1', signName: '楼长通' });
    expect(Object.keys(msg?.params ?? {})).toEqual(['code']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sms-login',
      payload: { phone: p, code: msg?.params.code },
    });
    expect(res.statusCode).toBe(200);
  });
});
