import { createHash, randomBytes } from 'node:crypto';
import { maskPhone, normalisePhone, type UserView } from '@louzhang/contracts';
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import * as repo from './auth.repository';

/** Verified against when the phone is unknown, so a miss costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export interface SessionResult {
  token: string;
  user: UserView;
}

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly config: Pick<Config, 'session' | 'login'>,
  ) {}

  /** Phone + password login with lockout after repeated failures (docs/rules.md#system-shape). */
  async login(phone: string, password: string, ip: string, userAgent: string | undefined): Promise<SessionResult> {
    const now = this.clock.now();
    const user = await repo.findUserByPhoneHash(this.db, this.cipher.blindIndex('phone', normalisePhone(phone)));
    if (!user) {
      dummyHash ??= hash('not a password');
      await verify(await dummyHash, password).catch(() => false);
      await transaction(this.db, (tx) =>
        recordAudit(
          tx,
          this.clock,
          { actor: null, ip },
          { action: 'auth.login', objectType: 'user', result: 'denied' },
        ),
      );
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.disabledAt) throw new AppError('ACCOUNT_DISABLED');
    if (user.lockedUntil && user.lockedUntil > now) throw new AppError('ACCOUNT_LOCKED');

    if (!(await verify(user.passwordHash, password).catch(() => false))) {
      await transaction(this.db, async (tx) => {
        const locked = await repo.recordFailedLogin(
          tx,
          user.id,
          this.config.login.maxFailures,
          new Date(now.getTime() + this.config.login.lockMs),
        );
        await recordAudit(
          tx,
          this.clock,
          { actor: null, ip },
          { action: locked ? 'auth.lock' : 'auth.login', objectType: 'user', objectId: user.id, result: 'denied' },
        );
      });
      throw new AppError('INVALID_CREDENTIALS');
    }

    const token = randomBytes(32).toString('base64url');
    await transaction(this.db, async (tx) => {
      await repo.clearFailedLogins(tx, user.id);
      await repo.insertSession(tx, {
        tokenHash: sha256(token),
        userId: user.id,
        createdAt: now,
        lastSeenAt: now,
        ip,
        userAgent: userAgent?.slice(0, 300) ?? null,
      });
      await recordAudit(
        tx,
        this.clock,
        { actor: { userId: user.id }, ip },
        {
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
        },
      );
    });
    return { token, user: await this.viewOf(user.id) };
  }

  /** The actor behind a session token, or null when the session is unknown, revoked, idle too long or too old. */
  async resolve(token: string): Promise<Actor | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = sha256(token);
    const found = await repo.findLiveSession(this.db, tokenHash);
    if (!found || found.user.disabledAt) return null;
    const now = this.clock.now().getTime();
    const { session } = found;
    if (now - session.lastSeenAt.getTime() > this.config.session.idleMs) return null;
    if (now - session.createdAt.getTime() > this.config.session.absoluteMs) return null;
    // Touch at most every 1 % of the idle timeout (and at least a minute apart): the idle clock needs no
    // finer grain, and reads stay reads. With the default 12 h that is one write per 7 min per session —
    // the bench's rush showed a touch on every captain's first request costing a flushed commit each.
    const touchEvery = Math.max(60_000, this.config.session.idleMs / 100);
    if (now - session.lastSeenAt.getTime() > touchEvery) await repo.touchSession(this.db, tokenHash, new Date(now));
    return { userId: found.user.id, name: found.user.name, bindings: await repo.bindingsOf(this.db, found.user.id) };
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
  }

  async viewOf(userId: number): Promise<UserView> {
    const user = await repo.findUser(this.db, userId);
    if (!user) throw new AppError('NOT_FOUND');
    const bindings = await repo.bindingsOf(this.db, userId);
    return {
      id: user.id,
      name: user.name,
      phoneMasked: maskPhone(this.cipher.decrypt(user.phoneEnc)),
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

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}
