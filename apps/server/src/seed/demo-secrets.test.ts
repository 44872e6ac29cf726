import { describe, expect, it } from 'vitest';
import { DEMO_OPEN311_KEY } from '../modules/open311/open311-keys';
import { DEMO_PASSWORD } from './demo-data';
import { demoSecretsFor } from './load-demo';

describe('demo secrets', () => {
  it('keeps the README password and key for a laptop demo', () => {
    expect(demoSecretsFor('development')).toEqual({
      password: DEMO_PASSWORD,
      open311Key: DEMO_OPEN311_KEY,
      shared: true,
    });
  });

  it('never ships the shared password or the demo Open311 key in production, even when demo data is asked for', () => {
    const a = demoSecretsFor('production');
    const b = demoSecretsFor('production');
    expect(a.shared).toBe(false);
    expect([a.password, b.password]).not.toContain(DEMO_PASSWORD);
    expect([a.open311Key, b.open311Key]).not.toContain(DEMO_OPEN311_KEY);
    expect(a.password).not.toBe(b.password);
    expect(a.password.length).toBeGreaterThanOrEqual(16);
  });
});
