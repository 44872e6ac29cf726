import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, PASSWORD } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

describe('staff sessions idle out sooner than residents’ (default idle times)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('ends a staff session after 2 hours idle while a resident’s lives on', async () => {
    const tree = await buildTree(t.database.db);
    const staff = await buildUser(t.database.db, t.cipher, [{ role: 'grid_worker', unit: tree.grid }]);
    const resident = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: tree.building }]);
    const staffCookie = await login(t.app, staff.phone);
    const residentCookie = await login(t.app, resident.phone);
    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    t.clock.advance(119 * 60_000);
    expect((await me(staffCookie)).statusCode).toBe(200);
    t.clock.advance(121 * 60_000);
    expect((await me(staffCookie)).statusCode).toBe(401);
    expect((await me(residentCookie)).statusCode).toBe(200);
    t.clock.advance(11 * 3_600_000); // 11 h idle: within the residents' 12 h
    expect((await me(residentCookie)).statusCode).toBe(200);
  });
});

describe('the session cookie over HTTPS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ COOKIE_SECURE: 'true' });
  });
  afterAll(() => t.close());

  it('is Secure, httpOnly and named __Host-lz_session for path /, and only that name signs in', async () => {
    const tree = await buildTree(t.database.db);
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: tree.building }]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: u.phone, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.map((c) => c.name)).toEqual(['__Host-lz_session']);
    const c = res.cookies[0];
    expect(c).toMatchObject({ secure: true, httpOnly: true, path: '/' });
    expect(c?.domain).toBeUndefined();
    const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect((await me(`__Host-lz_session=${c?.value}`)).statusCode).toBe(200);
    expect((await me(`lz_session=${c?.value}`)).statusCode).toBe(401);
  });
});
