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
