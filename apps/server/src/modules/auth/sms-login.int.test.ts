import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, PASSWORD, phone, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

let t: TestApp;
let tree: Tree;
let adminPhone: string;
/** Signs the admin in afresh: tests move the clock past the staff idle time. */
const adminCookie = () => login(t.app, adminPhone);

beforeAll(async () => {
  // Sign-ins from one test address: the per-address limits are tested in login-rate.int.test.ts.
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '10000', SMS_RATE_PER_ADDRESS_PER_HOUR: '10000' }, { poolSize: 12 });
  tree = await buildTree(t.database.db);
  adminPhone = (await buildUser(t.database.db, t.cipher, [{ role: 'admin', unit: tree.city }])).phone;
});
afterAll(() => t.close());

const post = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, payload });
const sendCode = (p: string, purpose?: 'login' | 'reset') =>
  post('/api/v1/auth/sms-code', purpose ? { phone: p, purpose } : { phone: p });
const smsLogin = (p: string, code: string) => post('/api/v1/auth/sms-login', { phone: p, code });

/** The newest code the outbox holds for `p`, read as an admin reads the console's 短信发件箱. */
async function codeFor(p: string): Promise<string> {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/admin/sms-outbox',
    headers: { cookie: await adminCookie() },
  });
  expect(res.statusCode).toBe(200);
  const item = (res.json().items as { phone: string; text: string }[]).find((i) => i.phone === p);
  const code = /\d{6}/.exec(item?.text ?? '')?.[0];
  if (!code) throw new Error(`no code in the outbox for ${p}`);
  return code;
}
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sign-in with an SMS code', () => {
  it('sends a 6-digit code to the outbox and signs a new phone up as a resident with no bindings', async () => {
    const p = phone();
    const sent = await sendCode(p);
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ sent: true, retryAfterSeconds: 60 });
    const res = await smsLogin(p, await codeFor(p));
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'lz_session')?.httpOnly).toBe(true);
    const { user } = res.json();
    expect(user.roles).toEqual([]);
    expect(user.phoneMasked).toBe(`${p.slice(0, 3)}****${p.slice(7)}`);
    const cookie = `lz_session=${res.cookies.find((c) => c.name === 'lz_session')?.value}`;
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().user.id).toBe(user.id);
  });

  it('signs an existing user in to their own account, with their roles', async () => {
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: tree.building }]);
    await sendCode(u.phone);
    const res = await smsLogin(u.phone, await codeFor(u.phone));
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(u.id);
    expect(res.json().user.roles.map((r: { role: string }) => r.role)).toEqual(['captain']);
  });

  it('answers a phone with an account exactly as one without', async () => {
    const u = await buildUser(t.database.db, t.cipher, []);
    const known = await sendCode(u.phone);
    const unknown = await sendCode(phone());
    expect([known.statusCode, known.body]).toEqual([unknown.statusCode, unknown.body]);
    const known2 = await sendCode(u.phone);
    const unknown2 = await sendCode(phone());
    expect(known2.statusCode).toBe(429);
    expect(unknown2.statusCode).toBe(202);
  });

  it('stores the code only hashed and keeps the template variables on the outbox row', async () => {
    const p = phone();
    await sendCode(p);
    const code = await codeFor(p);
    const stored = await rows<{ code_hash: string }>(t.database.db, sql`select code_hash from sms_codes`);
    expect(stored.some((r) => r.code_hash.includes(code))).toBe(false);
    const [row] = await rows<{ payload: { kind: string; params: { code: string } }; user_id: number | null }>(
      t.database.db,
      sql`select payload, user_id from notification_outbox where phone_hash = ${t.cipher.blindIndex('phone', p)}`,
    );
    expect(row?.payload.kind).toBe('sms_code');
    expect(row?.payload.params.code).toBe(code);
    expect(row?.user_id).toBeNull();
  });

  it('refuses a wrong code, a code for another phone, an expired code and a replayed code, all alike', async () => {
    const [a, b] = [phone(), phone()];
    await sendCode(a);
    await sendCode(b);
    const codeA = await codeFor(a);
    const wrong = await smsLogin(a, other(codeA));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('SMS_CODE_INVALID');
    const codeB = await codeFor(b);
    if (codeB !== codeA) expect((await smsLogin(a, codeB)).json().error.code).toBe('SMS_CODE_INVALID');
    expect((await smsLogin(a, codeA)).statusCode).toBe(200);
    const replay = await smsLogin(a, codeA);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('SMS_CODE_INVALID');

    t.clock.advance(5 * 60_000 + 1000);
    const expired = await smsLogin(b, codeB);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SMS_CODE_INVALID');
  });

  it('kills a code after five wrong tries', async () => {
    const p = phone();
    await sendCode(p);
    const code = await codeFor(p);
    for (let i = 0; i < 5; i++) expect((await smsLogin(p, other(code))).statusCode).toBe(401);
    expect((await smsLogin(p, code)).statusCode).toBe(401);
  });

  it('evaluates at most five of a burst of parallel guesses', async () => {
    const p = phone();
    await sendCode(p);
    const code = await codeFor(p);
    // Twelve wrong guesses at once, then the right code: had more than five guesses been evaluated,
    // the right one would still pass only if the count were lost; it must not pass.
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => smsLogin(p, other(String(Number(code) + i)))));
    expect(burst.every((r) => r.statusCode === 401)).toBe(true);
    const [row] = await rows<{ attempts: number }>(
      t.database.db,
      sql`select attempts from sms_codes where phone_hash = ${t.cipher.blindIndex('phone', p)} order by id desc limit 1`,
    );
    expect(Number(row?.attempts)).toBe(5);
    expect((await smsLogin(p, code)).statusCode).toBe(401);
  });

  it('lets exactly one of many concurrent sign-ins with the same code through', async () => {
    const p = phone();
    await sendCode(p);
    const code = await codeFor(p);
    const results = await Promise.all(Array.from({ length: 8 }, () => smsLogin(p, code)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 401)).toHaveLength(7);
    const [users] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from users where phone_hash = ${t.cipher.blindIndex('phone', p)}`,
    );
    expect(Number(users?.n)).toBe(1);
  });
});

describe('how often codes are sent', () => {
  it('sends a phone at most one code a minute, saying how long to wait', async () => {
    const p = phone();
    expect((await sendCode(p)).statusCode).toBe(202);
    t.clock.advance(30_000);
    const again = await sendCode(p);
    expect(again.statusCode).toBe(429);
    expect(again.json().error.code).toBe('SMS_TOO_FREQUENT');
    expect(again.headers['retry-after']).toBe('30');
    t.clock.advance(30_000);
    expect((await sendCode(p)).statusCode).toBe(202);
  });

  it('sends a phone at most ten codes a day (Asia/Shanghai), and again the next day', async () => {
    const p = phone();
    // 01:00 in Shanghai, so eleven minutes later is still the same day there.
    t.clock.set(new Date('2026-12-01T17:00:00Z'));
    for (let i = 0; i < 10; i++) {
      expect((await sendCode(p)).statusCode).toBe(202);
      t.clock.advance(61_000);
    }
    const eleventh = await sendCode(p);
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().error.code).toBe('SMS_TOO_FREQUENT');
    t.clock.set(new Date('2026-12-02T16:00:01Z')); // 00:00:01 the next day in Shanghai
    expect((await sendCode(p)).statusCode).toBe(202);
  });

  it('sends one code when one phone asks several times at once', async () => {
    const p = phone();
    const results = await Promise.all(Array.from({ length: 6 }, () => sendCode(p)));
    expect(results.filter((r) => r.statusCode === 202)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(5);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notification_outbox where phone_hash = ${t.cipher.blindIndex('phone', p)}`,
    );
    expect(Number(n?.n)).toBe(1);
  });

  it('refuses what is not a mobile number with a coded 400', async () => {
    for (const bad of ['0750-2212345', '1234', '12812345678', 'abc']) {
      const res = await sendCode(bad);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('password reset by SMS code', () => {
  it('sets a new password with a reset code and ends the sessions of the account', async () => {
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }]);
    const old = await login(t.app, u.phone);
    expect((await sendCode(u.phone, 'reset')).statusCode).toBe(202);
    const code = await codeFor(u.phone);
    const bad = await post('/api/v1/auth/password-reset', {
      phone: u.phone,
      code: other(code),
      newPassword: 'new-pass-2026',
    });
    expect(bad.json().error.code).toBe('SMS_CODE_INVALID');
    const res = await post('/api/v1/auth/password-reset', { phone: u.phone, code, newPassword: 'new-pass-2026' });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: old } })).statusCode).toBe(
      401,
    );
    expect((await post('/api/v1/auth/login', { phone: u.phone, password: PASSWORD })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/login', { phone: u.phone, password: 'new-pass-2026' })).statusCode).toBe(200);
    // A login code is not a reset code.
    t.clock.advance(61_000);
    await sendCode(u.phone, 'login');
    const loginCode = await codeFor(u.phone);
    const cross = await post('/api/v1/auth/password-reset', {
      phone: u.phone,
      code: loginCode,
      newPassword: 'x-pass-2026',
    });
    expect(cross.json().error.code).toBe('SMS_CODE_INVALID');
  });

  it('answers a reset request for an unknown phone alike but sends nothing', async () => {
    const p = phone();
    const res = await sendCode(p, 'reset');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ sent: true, retryAfterSeconds: 60 });
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notification_outbox where phone_hash = ${t.cipher.blindIndex('phone', p)}`,
    );
    expect(Number(n?.n)).toBe(0);
  });
});

describe('the SMS outbox for admins', () => {
  it('lists newest first, only for admins, each street admin their street', async () => {
    const other = await buildTree(t.database.db, { city: tree.city, district: tree.district });
    const streetAdmin = await buildUser(t.database.db, t.cipher, [{ role: 'admin', unit: other.street }]);
    const staff = await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: other.street }]);
    const member = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: other.building }]);
    const p = phone();
    await sendCode(p);
    await sendCode(member.phone); // a user of the other street: the message belongs to that street
    const all = (
      await t.app.inject({ method: 'GET', url: '/api/v1/admin/sms-outbox', headers: { cookie: await adminCookie() } })
    ).json().items as { phone: string; createdAt: string }[];
    expect(all.slice(0, 2).map((i) => i.phone)).toEqual([member.phone, p]);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/sms-outbox',
      headers: { cookie: await login(t.app, streetAdmin.phone) },
    });
    expect(mine.statusCode).toBe(200);
    expect((mine.json().items as { phone: string }[]).map((i) => i.phone)).toEqual([member.phone]);
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/sms-outbox',
      headers: { cookie: await login(t.app, staff.phone) },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('purges codes and code messages a day old, and running it twice changes nothing more', async () => {
    const p = phone();
    await sendCode(p);
    t.clock.advance(25 * 3_600_000);
    const first = await t.services.auth.purge(t.clock.now());
    expect(first).toBeGreaterThanOrEqual(2);
    expect(await t.services.auth.purge(t.clock.now())).toBe(0);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notification_outbox where phone_hash = ${t.cipher.blindIndex('phone', p)}`,
    );
    expect(Number(n?.n)).toBe(0);
  });
});
