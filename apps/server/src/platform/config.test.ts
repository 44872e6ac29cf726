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
