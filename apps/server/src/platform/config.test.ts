import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults for the embedded mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: './data', seedOnEmpty: true });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('never loads demo data in production unless asked explicitly', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', LOUZHANG_ENCRYPTION_KEY: key };
    expect(loadConfig(prod).seedOnEmpty).toBe(false);
    expect(loadConfig({ ...prod, SEED_ON_EMPTY: '1' }).seedOnEmpty).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).seedOnEmpty).toBe(true);
  });

  it('takes a read replica only beside a database server, with a lag bound of 10 s by default', () => {
    expect(loadConfig({}).replica).toBeUndefined();
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_REPLICA_URL: 'postgres://replica/x' }).replica,
    ).toEqual({
      url: 'postgres://replica/x',
      maxLagSeconds: 10,
    });
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://db/x',
        DATABASE_REPLICA_URL: 'postgres://replica/x',
        DATABASE_REPLICA_MAX_LAG_SECONDS: '30',
      }).replica?.maxLagSeconds,
    ).toBe(30);
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://replica/x' })).toThrow(
      /DATABASE_REPLICA_URL: needs DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_REPLICA_URL: 'mysql://x' })).toThrow(
      /DATABASE_REPLICA_URL/,
    );
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

describe('session cookie and idle defaults', () => {
  it('makes the session cookie Secure in production unless told otherwise, and not in development', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).session.cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', COOKIE_SECURE: 'false' }).session.cookieSecure).toBe(false);
    expect(loadConfig({}).session.cookieSecure).toBe(false);
    expect(loadConfig({ COOKIE_SECURE: 'true' }).session.cookieSecure).toBe(true);
  });

  it('gives staff a shorter idle time than residents by default (2 h against 12 h)', () => {
    const c = loadConfig({});
    expect(c.session.staffIdleMs).toBe(120 * 60_000);
    expect(c.session.idleMs).toBe(720 * 60_000);
  });
});
