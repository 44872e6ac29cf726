import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, PASSWORD, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { hotp, totp } from '../../../test/totp';
import { rows } from '../../platform/db';

let t: TestApp;
let a: Tree;
let other: Tree;
let adminCookie: string;
const users: Record<string, { id: number; phone: string }> = {};

beforeAll(async () => {
  t = await startTestApp({
    LOGIN_RATE_PER_MINUTE: '10000',
    SMS_RATE_PER_ADDRESS_PER_HOUR: '10000',
    SESSION_STAFF_IDLE_MINUTES: '100000',
  });
  const db = t.database.db;
  a = await buildTree(db);
  other = await buildTree(db, { city: a.city, district: a.district });
  users.admin = await buildUser(db, t.cipher, [{ role: 'admin', unit: a.city }]);
  users.street = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
  users.otherStreet = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: other.street }]);
  users.community = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]);
  users.grid = await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }]);
  users.otherGrid = await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: other.grid }]);
  users.resident = await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]);
  users.captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]);
  adminCookie = await login(t.app, users.admin!.phone);
});
afterAll(() => t.close());

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie?: string) =>
  t.app.inject({ method, url, payload, headers: cookie ? { cookie } : {} });
const passwordLogin = (who: string, totpCode?: string) =>
  inject('POST', '/api/v1/auth/login', {
    phone: users[who]!.phone,
    password: PASSWORD,
    ...(totpCode ? { totpCode } : {}),
  });
/** The account's stored secret, decrypted (the test stands in for the phone that holds it). */
async function secretOf(userId: number): Promise<string> {
  const [u] = await rows<{ s: string }>(
    t.database.db,
    sql`select totp_secret_enc as s from users where id = ${userId}`,
  );
  return t.cipher.decrypt(u!.s);
}
async function secretOrNull(userId: number): Promise<string | null> {
  const [u] = await rows<{ s: string | null }>(
    t.database.db,
    sql`select totp_secret_enc as s from users where id = ${userId}`,
  );
  return u?.s ?? null;
}
const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  `lz_session=${res.cookies.find((c) => c.name === 'lz_session')?.value}`;
const setRules = (
  streetId: number,
  rules: { staffPasswordRequired: boolean; staffTotpRequired: boolean },
  cookie = adminCookie,
) => inject('PUT', `/api/v1/streets/${streetId}/sign-in-settings`, rules, cookie);

async function smsLogin(who: string) {
  const p = users[who]!.phone;
  t.clock.advance(61_000); // one code a minute per phone
  await inject('POST', '/api/v1/auth/sms-code', { phone: p });
  const box = await inject('GET', '/api/v1/admin/sms-outbox', undefined, adminCookie);
  const code = /\d{6}/.exec(
    (box.json().items as { phone: string; text: string }[]).find((i) => i.phone === p)?.text ?? '',
  )?.[0];
  return inject('POST', '/api/v1/auth/sms-login', { phone: p, code });
}

describe('TOTP as written in RFC 6238', () => {
  it('matches the RFC’s SHA-1 test vector', () => {
    // Appendix B: key "12345678901234567890", T = 59 s → 94287082 (8 digits).
    expect(hotp(Buffer.from('12345678901234567890'), Math.floor(59 / 30), 8)).toBe('94287082');
  });
});

describe('a street’s sign-in rules for its staff', () => {
  it('are set by the street’s own office or an admin above it, and by nobody else', async () => {
    for (const who of ['otherStreet', 'community', 'resident']) {
      const res = await setRules(
        a.street.id,
        { staffPasswordRequired: true, staffTotpRequired: true },
        await login(t.app, users[who]!.phone),
      );
      expect(res.statusCode, who).toBe(404);
    }
    const own = await setRules(
      a.street.id,
      { staffPasswordRequired: false, staffTotpRequired: false },
      await login(t.app, users.street!.phone),
    );
    expect(own.statusCode, own.body).toBe(200);
    expect((await setRules(a.community.id, { staffPasswordRequired: true, staffTotpRequired: false })).statusCode).toBe(
      404,
    );
    expect(
      (await setRules(a.street.id, { staffPasswordRequired: 'yes', staffTotpRequired: false } as never)).statusCode,
    ).toBe(400);
    const read = await inject('GET', `/api/v1/streets/${a.street.id}/sign-in-settings`, undefined, adminCookie);
    expect(read.json()).toEqual({ streetId: a.street.id, staffPasswordRequired: false, staffTotpRequired: false });
  });

  it('with a password required, refuse an SMS-code sign-in of staff only', async () => {
    await setRules(a.street.id, { staffPasswordRequired: true, staffTotpRequired: false });
    const staff = await smsLogin('grid');
    expect([staff.statusCode, staff.json().error?.code]).toEqual([403, 'PASSWORD_REQUIRED_FOR_STAFF']);
    expect(staff.cookies.find((c) => c.name === 'lz_session')).toBeUndefined();
    expect((await smsLogin('resident')).statusCode).toBe(200);
    expect((await smsLogin('captain')).statusCode).toBe(200);
    expect((await smsLogin('otherGrid')).statusCode).toBe(200); // another street's rules
    expect((await passwordLogin('grid')).statusCode).toBe(200);
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: false });
  });

  it('with a second factor required: set up first, then every sign-in asks for a fresh code', async () => {
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: true });
    // Signed in, but nothing is open until an authenticator is set up.
    const first = await passwordLogin('community');
    expect(first.statusCode).toBe(200);
    const cookie = cookieOf(first);
    const blocked = await inject('GET', '/api/v1/households', undefined, cookie);
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([403, 'TOTP_SETUP_REQUIRED']);
    const me = await inject('GET', '/api/v1/auth/me', undefined, cookie);
    expect(me.json().secondFactor).toEqual({ enabled: false, required: true });

    const setup = await inject('POST', '/api/v1/auth/totp/setup', undefined, cookie);
    expect(setup.statusCode, setup.body).toBe(200);
    const { secret, uri } = setup.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    expect(uri).toContain(secret);
    const now = () => t.clock.now().getTime();
    const wrong = String((Number(totp(secret, now())) + 1) % 1e6).padStart(6, '0');
    const bad = await inject('POST', '/api/v1/auth/totp/confirm', { code: wrong }, cookie);
    expect([bad.statusCode, bad.json().error.code]).toEqual([401, 'TOTP_INVALID']);
    const ok = await inject('POST', '/api/v1/auth/totp/confirm', { code: totp(secret, now()) }, cookie);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await inject('GET', '/api/v1/households', undefined, cookie)).statusCode).toBe(200);

    // The next sign-in: no code, a wrong code, the code just used (replay), then a fresh one.
    const none = await passwordLogin('community');
    expect([none.statusCode, none.json().error.code]).toEqual([401, 'TOTP_REQUIRED']);
    expect(none.cookies.find((c) => c.name === 'lz_session')).toBeUndefined();
    expect((await passwordLogin('community', wrong)).json().error.code).toBe('TOTP_INVALID');
    expect((await passwordLogin('community', totp(secret, now()))).json().error.code).toBe('TOTP_INVALID');
    t.clock.advance(30_000);
    const good = await passwordLogin('community', totp(secret, now()));
    expect(good.statusCode, good.body).toBe(200);
    // A code from one step ago still counts once (phone clocks drift); two steps ago does not.
    t.clock.advance(30_000);
    expect((await passwordLogin('community', totp(secret, now() - 60_000))).statusCode).toBe(401);
    const drift = await passwordLogin('community', totp(secret, now() - 30_000));
    expect(drift.statusCode).toBe(401); // that step was the one just used: never twice
    t.clock.advance(30_000);
    expect((await passwordLogin('community', totp(secret, now() - 30_000))).statusCode).toBe(200);

    // Residents and captains of the street are never asked.
    expect((await passwordLogin('resident')).statusCode).toBe(200);
    expect((await passwordLogin('captain')).statusCode).toBe(200);
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: false });
    expect((await passwordLogin('community')).statusCode).toBe(200);
  });

  it('asks an SMS sign-in for the authenticator code and keeps the SMS code for that second try', async () => {
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: true });
    const cookie = cookieOf(await passwordLogin('grid'));
    const { secret } = (await inject('POST', '/api/v1/auth/totp/setup', undefined, cookie)).json();
    const now = () => t.clock.now().getTime();
    expect((await inject('POST', '/api/v1/auth/totp/confirm', { code: totp(secret, now()) }, cookie)).statusCode).toBe(
      200,
    );
    t.clock.advance(61_000);
    const p = users.grid!.phone;
    await inject('POST', '/api/v1/auth/sms-code', { phone: p });
    const box = await inject('GET', '/api/v1/admin/sms-outbox', undefined, adminCookie);
    const code = /\d{6}/.exec(
      (box.json().items as { phone: string; text: string }[]).find((i) => i.phone === p)?.text ?? '',
    )?.[0];
    const first = await inject('POST', '/api/v1/auth/sms-login', { phone: p, code });
    expect([first.statusCode, first.json().error.code]).toEqual([401, 'TOTP_REQUIRED']);
    const wrong = String((Number(totp(secret, now())) + 1) % 1e6).padStart(6, '0');
    const bad = await inject('POST', '/api/v1/auth/sms-login', { phone: p, code, totpCode: wrong });
    expect(bad.json().error.code).toBe('TOTP_INVALID');
    // A wrong authenticator code used the SMS code up: guessing needs a new text each time.
    const again = await inject('POST', '/api/v1/auth/sms-login', { phone: p, code, totpCode: totp(secret, now()) });
    expect(again.json().error.code).toBe('SMS_CODE_INVALID');
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: false });
  });

  it('keeps the SMS code when the authenticator code was only missing', async () => {
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: true });
    t.clock.advance(61_000);
    const p = users.grid!.phone;
    await inject('POST', '/api/v1/auth/sms-code', { phone: p });
    const box = await inject('GET', '/api/v1/admin/sms-outbox', undefined, adminCookie);
    const code = /\d{6}/.exec(
      (box.json().items as { phone: string; text: string }[]).find((i) => i.phone === p)?.text ?? '',
    )?.[0];
    expect((await inject('POST', '/api/v1/auth/sms-login', { phone: p, code })).json().error.code).toBe(
      'TOTP_REQUIRED',
    );
    const secret = await secretOf(users.grid!.id);
    const ok = await inject('POST', '/api/v1/auth/sms-login', {
      phone: p,
      code,
      totpCode: totp(secret, t.clock.now().getTime()),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: false });
  });

  it('accepts one code once when two sign-ins race with it', async () => {
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: true });
    const cookie = cookieOf(await passwordLogin('street'));
    const { secret } = (await inject('POST', '/api/v1/auth/totp/setup', undefined, cookie)).json();
    expect(
      (await inject('POST', '/api/v1/auth/totp/confirm', { code: totp(secret, t.clock.now().getTime()) }, cookie))
        .statusCode,
    ).toBe(200);
    for (let round = 0; round < 3; round++) {
      t.clock.advance(30_000);
      const code = totp(secret, t.clock.now().getTime());
      const answers = await Promise.all([
        passwordLogin('street', code),
        passwordLogin('street', code),
        passwordLogin('street', code),
      ]);
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
    }
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: false });
  });

  it('lets staff who manage the account clear a lost authenticator; the person sets up a new one', async () => {
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: true });
    t.clock.advance(30_000);
    const signedIn = await passwordLogin('street', totp(await secretOf(users.street!.id), t.clock.now().getTime()));
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const cookie = cookieOf(signedIn);
    expect((await inject('GET', '/api/v1/households', undefined, cookie)).statusCode).toBe(200);
    for (const who of ['otherStreet', 'resident']) {
      const res = await inject(
        'POST',
        `/api/v1/accounts/${users.street!.id}/second-factor/reset`,
        undefined,
        await login(t.app, users[who]!.phone),
      );
      expect([403, 404], who).toContain(res.statusCode);
    }
    expect(await secretOrNull(users.street!.id)).not.toBeNull();
    const reset = await inject(
      'POST',
      `/api/v1/accounts/${users.street!.id}/second-factor/reset`,
      undefined,
      adminCookie,
    );
    expect(reset.statusCode, reset.body).toBe(204);
    expect(await secretOrNull(users.street!.id)).toBeNull();
    // Their sessions ended; signing in again leads to setting up a new authenticator first.
    expect((await inject('GET', '/api/v1/auth/me', undefined, cookie)).statusCode).toBe(401);
    const again = await passwordLogin('street');
    expect(again.statusCode).toBe(200);
    const blocked = await inject('GET', '/api/v1/households', undefined, cookieOf(again));
    expect(blocked.json().error.code).toBe('TOTP_SETUP_REQUIRED');
    await setRules(a.street.id, { staffPasswordRequired: false, staffTotpRequired: false });
  });
});
