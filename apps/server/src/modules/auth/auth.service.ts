import { hash as digest, randomBytes } from 'node:crypto';
import { normalisePhone, type UserView } from '@louzhang/contracts';
import { hash, verify } from '@node-rs/argon2';
import type { Actor, RequestContext } from '../../platform/actor';
import { type AuditEntry, recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, type Listening, listen, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import * as repo from './auth.repository';
import { type SecondFactorService, STAFF_ROLES } from './second-factor.service';
import { SessionCache } from './session-cache';
import * as codesRepo from './sms-codes.repository';
import type { SmsCodesService } from './sms-codes.service';

/** Verified against when the phone is unknown, so a miss costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export interface SessionResult {
  token: string;
  user: UserView;
}

/** How many sessions the cache keeps at most (a few hundred bytes each). */
const SESSION_CACHE_ENTRIES = 100_000;

export class AuthService {
  /** Live sessions by token hash while the database's notifications arrive (null: off). */
  private readonly sessions: SessionCache | null;
  private listening: Listening | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly config: Pick<Config, 'session' | 'login'>,
    private readonly smsCodes: SmsCodesService,
    private readonly secondFactor: SecondFactorService,
  ) {
    const ttl = config.session.cacheMs;
    this.sessions = ttl > 0 ? new SessionCache(ttl, SESSION_CACHE_ENTRIES, () => this.clock.now().getTime()) : null;
  }

  /**
   * Starts listening for the database's `lz_auth` notifications, which the session cache needs to serve
   * (PostgreSQL only: on PGlite, or with the cache off, every request reads its session).
   */
  startSessionCache(): void {
    const cache = this.sessions;
    if (!cache || this.listening) return;
    this.listening = listen(
      this.db,
      'lz_auth',
      (payload) => cache.onNotification(payload),
      (on) => cache.setListening(on),
    );
  }

  async stopSessionCache(): Promise<void> {
    await this.listening?.stop();
    this.listening = null;
    this.sessions?.setListening(false);
  }

  /**
   * Phone + password login. Each attempt is reserved per phone before the password is checked, so a
   * burst of parallel guesses is evaluated only as far as the free tries go; past them the phone is
   * slowed (429 with Retry-After, growing with each failure), never locked, and known and unknown
   * phones are answered alike.
   */
  async login(
    phone: string,
    password: string,
    ip: string,
    userAgent: string | undefined,
    totpCode?: string,
  ): Promise<SessionResult> {
    const now = this.clock.now();
    const phoneHash = this.cipher.blindIndex('phone', normalisePhone(phone));
    const reserved = await transaction(this.db, (tx) =>
      codesRepo.reserveLoginAttempt(tx, phoneHash, now, {
        freeTries: this.config.login.maxFailures,
        baseDelayMs: 60_000,
        capMs: this.config.login.lockMs,
        forgetMs: 24 * 3_600_000,
      }),
    );
    if (!reserved) {
      const until = await codesRepo.loginWaitUntil(this.db, phoneHash);
      await this.audit(null, ip, { action: 'auth.throttled', objectType: 'user', result: 'denied' });
      throw new AppError('TOO_MANY_ATTEMPTS', {
        retryAfterSeconds: until ? (until.getTime() - now.getTime()) / 1000 : 60,
      });
    }
    const user = await repo.findUserByPhoneHash(this.db, phoneHash);
    dummyHash ??= hash('not a password');
    const stored = user?.passwordHash ?? (await dummyHash);
    const ok = (await verify(stored, password).catch(() => false)) && !!user?.passwordHash;
    if (!user || !ok) {
      await this.audit(null, ip, { action: 'auth.login', objectType: 'user', objectId: user?.id, result: 'denied' });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED');
    await this.secondFactor.check(user, await repo.bindingsOf(this.db, user.id), 'password', totpCode);
    return this.startSession(user.id, phoneHash, ip, userAgent, 'auth.login');
  }

  /**
   * Sign-in with a one-time SMS code; the first sign-in of a new phone creates a plain resident's
   * account with no bindings yet.
   */
  async smsLogin(
    phone: string,
    code: string,
    ip: string,
    userAgent: string | undefined,
    totpCode?: string,
  ): Promise<SessionResult> {
    const phoneHash = this.cipher.blindIndex('phone', phone);
    // Asked for the authenticator's code as well, the person keeps the SMS code for the second try.
    await this.smsCodes.consume(phone, 'login', code, async (tx) => {
      const known = totpCode ? undefined : await repo.findUserByPhoneHash(tx, phoneHash);
      if (known && (await this.secondFactor.wantsCode(tx, known, await repo.bindingsOf(tx, known.id)))) {
        throw new AppError('TOTP_REQUIRED');
      }
    });
    let user = await repo.findUserByPhoneHash(this.db, phoneHash);
    if (!user) {
      await transaction(this.db, async (tx) => {
        const id = await repo.insertUserIfAbsent(tx, {
          name: `居民${phone.slice(-4)}`,
          phoneEnc: this.cipher.encrypt(phone),
          phoneHash,
          passwordHash: null,
          createdAt: this.clock.now(),
        });
        if (id)
          await recordAudit(
            tx,
            this.clock,
            { actor: { userId: id }, ip },
            { action: 'user.sign_up', objectType: 'user', objectId: id },
          );
      });
      user = await repo.findUserByPhoneHash(this.db, phoneHash);
    }
    if (!user) throw new AppError('INTERNAL');
    if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED');
    await this.secondFactor.check(user, await repo.bindingsOf(this.db, user.id), 'sms', totpCode);
    return this.startSession(user.id, phoneHash, ip, userAgent, 'auth.sms_login');
  }

  /** Sends a sign-in or reset code; the answer is the same whether or not the phone has an account. */
  async sendCode(phone: string, purpose: 'login' | 'reset', ip: string, streetId: number | null = null) {
    const user = await repo.findUserByPhoneHash(this.db, this.cipher.blindIndex('phone', phone));
    const deliver = purpose === 'login' || (!!user && !user.disabledAt);
    const street = streetId ?? (user ? await repo.streetOfUser(this.db, user.id) : null);
    return { sent: true as const, ...(await this.smsCodes.send(phone, purpose, { ip, streetId: street, deliver })) };
  }

  /** Sets a new password with a reset code sent by SMS; every session of the account ends. */
  async resetPassword(phone: string, code: string, newPassword: string, ip: string): Promise<void> {
    await this.smsCodes.consume(phone, 'reset', code);
    const phoneHash = this.cipher.blindIndex('phone', phone);
    const user = await repo.findUserByPhoneHash(this.db, phoneHash);
    if (!user) throw new AppError('SMS_CODE_INVALID');
    const passwordHash = await hashPassword(newPassword);
    await transaction(this.db, async (tx) => {
      await repo.setPassword(tx, user.id, passwordHash);
      await repo.revokeSessionsOf(tx, user.id, this.clock.now());
      await codesRepo.clearLoginAttempts(tx, phoneHash);
      await recordAudit(
        tx,
        this.clock,
        { actor: { userId: user.id }, ip },
        { action: 'auth.password_reset', objectType: 'user', objectId: user.id },
      );
    });
  }

  /** Deletes expired codes, old code messages and forgotten password-attempt streaks; safe to run twice. */
  async purge(now: Date): Promise<number> {
    return (
      (await this.smsCodes.purge(now)) +
      (await codesRepo.purgeLoginAttempts(this.db, new Date(now.getTime() - 24 * 3_600_000)))
    );
  }

  private async startSession(
    userId: number,
    phoneHash: string,
    ip: string,
    userAgent: string | undefined,
    action: string,
  ): Promise<SessionResult> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    await transaction(this.db, async (tx) => {
      await codesRepo.clearLoginAttempts(tx, phoneHash);
      await repo.insertSession(tx, {
        tokenHash: sha256(token),
        userId,
        createdAt: now,
        lastSeenAt: now,
        ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      });
      await recordAudit(tx, this.clock, { actor: { userId }, ip }, { action, objectType: 'user', objectId: userId });
    });
    return { token, user: await this.viewOf(userId) };
  }

  private audit(actor: { userId: number } | null, ip: string, entry: AuditEntry): Promise<void> {
    return transaction(this.db, (tx) => recordAudit(tx, this.clock, { actor, ip }, entry));
  }

  /** The hash a session's token is stored under (`sessions.token_hash`): how other modules name a session. */
  tokenHashOf(token: string): string {
    return sha256(token);
  }

  /** The actor behind a session token, or null when the session is unknown, revoked, idle too long or too old. */
  async resolve(token: string): Promise<Actor | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = sha256(token);
    // From the cache, or one round trip: session, user, bindings and the streets' second-factor rule.
    let found = this.sessions?.get(tokenHash);
    if (!found) {
      const epoch = this.sessions?.epoch ?? 0;
      found = await repo.findLiveSessionWithBindings(this.db, tokenHash, [...STAFF_ROLES]);
      if (found) this.sessions?.set(tokenHash, found, epoch);
    }
    if (!found || found.disabledAt) return null;
    const now = this.clock.now().getTime();
    const { bindings } = found;
    const staff = bindings.some((b) => STAFF_ROLES.has(b.role));
    const idleMs = staff
      ? Math.min(this.config.session.staffIdleMs, this.config.session.idleMs)
      : this.config.session.idleMs;
    if (now - found.lastSeenAt.getTime() > idleMs) return null;
    if (now - found.createdAt.getTime() > this.config.session.absoluteMs) return null;
    // Touch at most every 1 % of the idle timeout (and at least a minute apart): the idle clock needs no
    // finer grain, and reads stay reads. With the default 12 h that is one write per 7 min per session —
    // the bench's rush showed a touch on every captain's first request costing a flushed commit each.
    const touchEvery = Math.max(60_000, idleMs / 100);
    if (now - found.lastSeenAt.getTime() > touchEvery) {
      await repo.touchSession(this.db, tokenHash, new Date(now));
      this.sessions?.touched(tokenHash, new Date(now));
    }
    // Staff without an authenticator where their street requires one (SecondFactorService.setupMissing's rule).
    const secondFactorMissing = staff && !found.hasTotp && found.totpRequired;
    return {
      userId: found.userId,
      name: found.name,
      bindings,
      ...(secondFactorMissing ? { secondFactorMissing } : {}),
    };
  }

  /** The signed-in user with, for staff, where their second factor stands. */
  async me(actor: Actor): Promise<{ user: UserView; secondFactor?: { enabled: boolean; required: boolean } }> {
    const user = await this.viewOf(actor.userId);
    if (!actor.bindings.some((b) => STAFF_ROLES.has(b.role))) return { user };
    const row = await repo.findUser(this.db, actor.userId);
    const required = (await this.secondFactor.requirements(this.db, actor.bindings)).totp;
    return { user, secondFactor: { enabled: !!row?.totpSecretEnc, required } };
  }

  /** Starts setting up an authenticator app for the signed-in user. */
  async totpSetup(actor: Actor): Promise<{ secret: string; uri: string }> {
    const row = await repo.findUser(this.db, actor.userId);
    if (!row) throw new AppError('NOT_FOUND');
    return this.secondFactor.setup(actor, this.cipher.maskedPhone(row.phoneEnc));
  }

  /** Confirms the authenticator being set up with a first code from it. */
  async totpConfirm(ctx: RequestContext, code: string): Promise<void> {
    const row = await repo.findUser(this.db, ctx.actor.userId);
    await this.secondFactor.confirm(ctx, row?.totpPendingEnc ?? null, code);
  }

  /** The actor a user is now (current bindings), for work done on their behalf later; null once disabled. */
  async actorOf(userId: number): Promise<Actor | null> {
    const user = await repo.findUser(this.db, userId);
    if (!user || user.disabledAt) return null;
    return { userId: user.id, name: user.name, bindings: await repo.bindingsOf(this.db, userId) };
  }

  /** Forgets the account's authenticator and ends its sessions, in the caller's transaction. */
  async clearSecondFactorIn(tx: Db, userId: number): Promise<void> {
    await this.secondFactor.clearIn(tx, userId);
    await repo.revokeSessionsOf(tx, userId, this.clock.now());
  }

  async logout(token: string, actor: Actor, ip: string): Promise<void> {
    await transaction(this.db, async (tx) => {
      await repo.revokeSession(tx, sha256(token), this.clock.now());
      await recordAudit(
        tx,
        this.clock,
        { actor, ip },
        { action: 'auth.logout', objectType: 'user', objectId: actor.userId },
      );
    });
    // Here at once; other instances when the trigger's notification reaches them.
    this.sessions?.forgetToken(sha256(token));
  }

  async viewOf(userId: number): Promise<UserView> {
    const user = await repo.findUser(this.db, userId);
    if (!user) throw new AppError('NOT_FOUND');
    const bindings = await repo.bindingsOf(this.db, userId);
    return {
      id: user.id,
      name: user.name,
      phoneMasked: this.cipher.maskedPhone(user.phoneEnc),
      locale: user.locale === 'en' ? 'en' : 'zh-CN',
      roles: bindings.map((b) => ({
        role: b.role,
        orgUnitId: b.orgUnitId,
        orgUnitName: b.orgUnitName,
        orgKind: b.orgKind,
      })),
    };
  }
}

/** One-shot (`crypto.hash`): the session's token is hashed on every request, without a Hash object. */
function sha256(s: string): string {
  return digest('sha256', s, 'base64url');
}
