import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser } from './factories';
import { login, startTestApp, type TestApp } from './harness';

let t: TestApp;
let staff: string;
let householdId: number;

beforeAll(async () => {
  t = await startTestApp();
  const a = await buildTree(t.database.db);
  householdId = (await buildHousehold(t.database.db, t.services.households, a.building)).household.id;
  staff = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
});
afterAll(() => t.close());

describe('security headers', () => {
  it('sends a CSP that forbids framing, nosniff, and no-store on personal data', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/households/${householdId}`,
      headers: { cookie: staff },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    // Scripts from this origin, plus exactly one inline script allowed by its hash (the early "who am
    // I"; the e2e journeys fail on any CSP refusal, so a hash that does not match the page is caught).
    expect(csp).toMatch(/(^|; )script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('sends them on errors and on the web app too', async () => {
    const err = await t.app.inject({ method: 'GET', url: '/api/v1/households/999999', headers: { cookie: staff } });
    expect(err.statusCode).toBe(404);
    expect(err.headers['cache-control']).toBe('no-store');
    const page = await t.app.inject({ method: 'GET', url: '/m/' });
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });
});
