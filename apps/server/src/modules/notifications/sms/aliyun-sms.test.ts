import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { Config } from '@alicloud/openapi-core/dist/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AliyunSmsStub, startAliyunSmsStub } from '../../../../test/aliyun-sms-stub';
import { percentEncode } from './acs3-signature';
import { AliyunSms, shanghaiYmd } from './aliyun-sms';

const ID = 'LTAI5tTestKeyId';
const SECRET = 'test-secret-0123456789abcdef';
let stub: AliyunSmsStub;
const client = (secret = SECRET) =>
  new AliyunSms({ accessKeyId: ID, accessKeySecret: secret, signName: '楼长通', endpoint: stub.url, timeoutMs: 3000 });

beforeAll(async () => {
  stub = await startAliyunSmsStub({ [ID]: SECRET });
});
afterAll(() => stub.close());

describe('the local Alibaba Cloud SMS stand-in', () => {
  it('accepts a request signed by the official Alibaba Cloud SDK, so it checks signatures as the provider does', async () => {
    const sdk = new Dysmsapi(
      new Config({ accessKeyId: ID, accessKeySecret: SECRET, endpoint: new URL(stub.url).host, protocol: 'http' }),
    );
    const r = await sdk.sendSms(
      new SendSmsRequest({
        phoneNumbers: '13800000001',
        signName: '楼长通',
        templateCode: 'SMS_0001',
        templateParam: JSON.stringify({ code: '123456' }),
        outId: 'sdk-1',
      }),
    );
    expect(r.body?.code).toBe('OK');
    expect(stub.accepted.at(-1)).toMatchObject({ phone: '13800000001', outId: 'sdk-1', params: { code: '123456' } });
  });

  it('refuses the SDK when it signs with another secret', async () => {
    const sdk = new Dysmsapi(
      new Config({
        accessKeyId: ID,
        accessKeySecret: 'not-the-secret',
        endpoint: new URL(stub.url).host,
        protocol: 'http',
      }),
    );
    await expect(
      sdk.sendSms(new SendSmsRequest({ phoneNumbers: '13800000001', signName: 's', templateCode: 't' })),
    ).rejects.toThrow(/SignatureDoesNotMatch/);
  });
});

describe('AliyunSms', () => {
  it('sends through SendSms with the sign name, template and variables, signed so the provider accepts it', async () => {
    const r = await client().send({
      phone: '13800000002',
      templateCode: 'SMS_LOGIN',
      params: { code: '654321' },
      outId: 'outbox-42',
    });
    expect(r.ok).toBe(true);
    const last = stub.accepted.at(-1);
    expect(last).toMatchObject({
      phone: '13800000002',
      signName: '楼长通',
      templateCode: 'SMS_LOGIN',
      params: { code: '654321' },
      outId: 'outbox-42',
    });
    expect(r).toEqual({ ok: true, providerId: last?.bizId });
  });

  it('encodes variables with characters the signature must escape', async () => {
    const params = { name: "王阿姨 (3单元) *急* it's ~ok!", text: '楼道灯不亮&水管漏=1' };
    const r = await client().send({ phone: '13800000003', templateCode: 'SMS_NOTICE', params, outId: 'o-2' });
    expect(r.ok).toBe(true);
    expect(stub.accepted.at(-1)?.params).toEqual(params);
  });

  it('reports a wrong secret as retryable (an operator can fix it) with the provider code', async () => {
    const r = await client('wrong-secret').send({ phone: '13800000004', templateCode: 'T', params: {}, outId: 'o-3' });
    expect(r).toMatchObject({ ok: false, retryable: true, code: 'SignatureDoesNotMatch' });
  });

  it('tells throttling (retry later) from a bad number (never)', async () => {
    stub.failNext('isv.BUSINESS_LIMIT_CONTROL', 'isv.MOBILE_NUMBER_ILLEGAL');
    const m = { phone: '13800000005', templateCode: 'T', params: {}, outId: 'o-4' };
    expect(await client().send(m)).toMatchObject({ ok: false, retryable: true, code: 'isv.BUSINESS_LIMIT_CONTROL' });
    expect(await client().send(m)).toMatchObject({ ok: false, retryable: false, code: 'isv.MOBILE_NUMBER_ILLEGAL' });
  });

  it('treats an unreachable provider as retryable', async () => {
    const gone = new AliyunSms({
      accessKeyId: ID,
      accessKeySecret: SECRET,
      signName: 's',
      endpoint: 'http://127.0.0.1:9',
      timeoutMs: 2000,
    });
    expect(await gone.send({ phone: '13800000006', templateCode: 'T', params: {}, outId: 'o-5' })).toMatchObject({
      ok: false,
      retryable: true,
      code: 'NETWORK',
    });
  });

  it('reads delivery through QuerySendDetails, asking for the Shanghai day it was sent', async () => {
    const sent = await client().send({ phone: '13800000007', templateCode: 'T', params: {}, outId: 'o-6' });
    if (!sent.ok) throw new Error('not sent');
    // 17:30 UTC on 2 December is 01:30 on 3 December in Shanghai.
    const sentAt = new Date('2026-12-02T17:30:00Z');
    const c = client();
    expect(await c.status({ phone: '13800000007', providerId: sent.providerId, sentAt })).toEqual({ state: 'pending' });
    expect(stub.log.at(-1)?.query).toMatchObject({
      SendDate: '20261203',
      BizId: sent.providerId,
      PhoneNumber: '13800000007',
    });
    stub.setDelivery(sent.providerId, 3);
    expect(await c.status({ phone: '13800000007', providerId: sent.providerId, sentAt })).toEqual({
      state: 'delivered',
      at: new Date('2026-12-03T04:00:05Z'),
    });
    stub.setDelivery(sent.providerId, 2, 'MOBILE_NOT_ON_SERVICE');
    expect(await c.status({ phone: '13800000007', providerId: sent.providerId, sentAt })).toEqual({
      state: 'failed',
      code: 'MOBILE_NOT_ON_SERVICE',
    });
  });
});

describe('signature details', () => {
  it('percent-encodes as RFC 3986 wants', () => {
    expect(percentEncode("a b*c~!'()/é")).toBe('a%20b%2Ac~%21%27%28%29%2F%C3%A9');
  });
  it('files messages by the Shanghai day', () => {
    expect(shanghaiYmd(new Date('2026-12-31T15:59:59Z'))).toBe('20261231');
    expect(shanghaiYmd(new Date('2026-12-31T16:00:00Z'))).toBe('20270101');
  });
});
