import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: './data', seedOnEmpty: true });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lists every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOUZHANG_ENCRYPTION_KEY: 'short', LOG_LEVEL: 'loud' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const v of ['PORT', 'DATABASE_URL', 'LOUZHANG_ENCRYPTION_KEY', 'LOG_LEVEL']) expect(message).toContain(v);
  });

  it('requires an encryption key in production with a database server', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' })).toThrow(
      /LOUZHANG_ENCRYPTION_KEY/,
    );
  });

  it('reads which proxies to trust, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('wants a metrics token long enough not to be guessed', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token' }).metricsToken).toBe('a-long-enough-token');
  });

  it('keeps SMS in the local outbox by default, and wants every setting of a real provider', () => {
    expect(loadConfig({}).sms).toEqual({ provider: 'outbox' });
    expect(() => loadConfig({ SMS_PROVIDER: 'aliyun', SMS_SIGN_NAME: '楼长通' })).toThrow(
      /ALIYUN_SMS_ACCESS_KEY_ID[\s\S]*ALIYUN_SMS_ACCESS_KEY_SECRET[\s\S]*SMS_TEMPLATES/,
    );
    expect(() => loadConfig({ SMS_TEMPLATES: '["SMS_1"]' })).toThrow(/SMS_TEMPLATES/);
    const c = loadConfig({
      SMS_PROVIDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: 'id',
      ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
      SMS_SIGN_NAME: '楼长通',
      SMS_TEMPLATES: '{"sms_code":"SMS_1"}',
    });
    expect(c.sms).toEqual({
      provider: 'aliyun',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      endpoint: 'https://dysmsapi.aliyuncs.com',
      signName: '楼长通',
      templates: { sms_code: 'SMS_1' },
    });
  });
});
