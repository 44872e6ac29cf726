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
  it('sends a JSON answer a policy that lets nothing load and nothing frame it, nosniff, and no-store on personal data', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/households/${householdId}`,
      headers: { cookie: staff },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // JSON is never a page: no source at all, and no page may frame it (a page's ~430-byte policy on every
    // answer only cost phones bytes).
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('sends the pages a policy of this origin and one inline script by its hash', async () => {
    // (Whether the built app is there or not: every answer outside the API carries the page policy.)
    const page = await t.app.inject({ method: 'GET', url: '/m/' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Scripts from this origin, plus exactly one inline script allowed by its hash (the early "who am
    // I"; the e2e journeys fail on any CSP refusal, so a hash that does not match the page is caught).
    expect(csp).toMatch(/(^|; )script-src 'self' 'sha256-[A-Za-z0-9+/]{43}='(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends them on errors too, and the page policy on an API answer that is not JSON', async () => {
    const err = await t.app.inject({ method: 'GET', url: '/api/v1/households/999999', headers: { cookie: staff } });
    expect(err.statusCode).toBe(404);
    expect(err.headers['cache-control']).toBe('no-store');
    expect(err.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(String(metrics.headers['content-security-policy'])).toContain("default-src 'self'");
  });
});
