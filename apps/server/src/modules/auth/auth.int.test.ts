import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, PASSWORD } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

let t: TestApp;
let staff: { id: number; phone: string };

beforeAll(async () => {
  t = await startTestApp({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '8' });
  const tree = await buildTree(t.database.db);
  staff = await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

describe('login and sessions', () => {
  it('signs in with phone and password and returns the user with roles, phone masked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: staff.phone, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'lz_session');
    expect(cookie?.httpOnly).toBe(true);
    const { user } = res.json();
    expect(user.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(user.roles[0].role).toBe('community_staff');
  });

  it('answers 401 UNAUTHENTICATED without a session, in Chinese by default and English on request', async () => {
    const zh = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toEqual({
      code: 'UNAUTHENTICATED',
      message: '请先登录',
      requestId: zh.headers['x-request-id'],
    });
    const en = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.json().error.message).toBe('Please sign in');
  });

  it('refuses a wrong password with INVALID_CREDENTIALS and an unknown phone the same way', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: staff.phone, password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: '13000000000', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('logs out and the session no longer works', async () => {
    const cookie = await login(t.app, staff.phone);
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(
      204,
    );
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('expires a session left idle past the idle timeout', async () => {
    const cookie = await login(t.app, staff.phone);
    t.clock.advance(29 * 60_000);
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(29 * 60_000); // active 29 min ago: still alive
    expect((await me(cookie)).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('records activity at most every 1 % of the idle timeout, and at least a minute apart', async () => {
    const cookie = await login(t.app, staff.phone);
    const lastSeen = async () => {
      const [r] = await rows<{ at: string | Date }>(
        t.database.db,
        sql`select max(last_seen_at) as at from sessions where user_id = ${staff.id}`,
      );
      return new Date(r?.at ?? 0).getTime();
    };
    const first = await lastSeen();
    t.clock.advance(50_000); // within the minute: a read stays a read
    expect((await me(cookie)).statusCode).toBe(200);
    expect(await lastSeen()).toBe(first);
    t.clock.advance(20_000); // 70 s: past max(1 min, 1 % of 30 min = 18 s)
    expect((await me(cookie)).statusCode).toBe(200);
    expect(await lastSeen()).toBe(first + 70_000);
  });

  it('expires an active session at the absolute timeout', async () => {
    const cookie = await login(t.app, staff.phone);
    for (let i = 0; i < 16; i++) {
      t.clock.advance(29 * 60_000);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    t.clock.advance(29 * 60_000); // 8 h 13 min after login
    expect((await me(cookie)).statusCode).toBe(401);
  });
});

describe('lockout', () => {
  it('locks the account after five failures, even for the right password, and unlocks after the lock period', async () => {
    const tree = await buildTree(t.database.db);
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: tree.building }]);
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: u.phone, password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const locked = await attempt(PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(16 * 60_000);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('counts failures concurrently without losing any', async () => {
    const tree = await buildTree(t.database.db);
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: tree.building }]);
    await Promise.all(
      Array.from({ length: 5 }, () =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone: u.phone, password: 'wrong' } }),
      ),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: u.phone, password: PASSWORD },
    });
    expect(res.statusCode).toBe(423);
  });
});
