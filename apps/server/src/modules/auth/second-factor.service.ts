import type { Role } from '@louzhang/contracts';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Actor, Binding, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import * as repo from './second-factor.repository';

/** Staff: people who reach other people's personal data (a street's sign-in rules apply to them). */
export const STAFF_ROLES: ReadonlySet<Role> = new Set<Role>([
  'grid_worker',
  'community_staff',
  'street_staff',
  'department_staff',
  'property_window',
  'admin',
]);
/** Who sets a street's sign-in rules: its own staff office, or an admin above it. */
const SETTERS: readonly Role[] = ['street_staff', 'admin'];
const ISSUER = '楼长通';

interface SignInUser {
  id: number;
  totpSecretEnc: string | null;
  totpLastStep: number | null;
}

/**
 * How staff sign in (docs/rules.md#sign-in): a street may require its staff to use their password (an
 * SMS code alone is refused) and a second factor, a TOTP code from an authenticator app (RFC 6238, 30 s
 * steps, one step of drift either way, each step accepted once). Staff without an authenticator when
 * it becomes required can sign in but do nothing until they set one up.
 */
export class SecondFactorService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
  ) {}

  /** What the streets of the user's staff roles require of them. */
  requirements(db: Db, bindings: readonly Pick<Binding, 'role' | 'streetId'>[]) {
    const streets = [
      ...new Set(
        bindings.filter((b) => STAFF_ROLES.has(b.role) && b.streetId !== null).map((b) => b.streetId as number),
      ),
    ];
    return repo.requirementsOf(db, streets);
  }

  /**
   * After the first factor succeeded: refuses an SMS-only sign-in where a password is required, asks
   * for (and checks) the TOTP code where one is required and set up. Returns whether the session must
   * set one up before anything else.
   */
  async check(
    user: SignInUser,
    bindings: readonly Pick<Binding, 'role' | 'streetId'>[],
    method: 'password' | 'sms',
    totpCode: string | undefined,
  ): Promise<void> {
    const need = await this.requirements(this.db, bindings);
    if (method === 'sms' && need.password) throw new AppError('PASSWORD_REQUIRED_FOR_STAFF');
    if (!need.totp || !user.totpSecretEnc) return;
    if (!totpCode) throw new AppError('TOTP_REQUIRED');
    const step = await this.verifyCode(this.cipher.decrypt(user.totpSecretEnc), totpCode, user.totpLastStep);
    if (step === null || !(await repo.useStep(this.db, user.id, step))) throw new AppError('TOTP_INVALID');
  }

  /** Does signing this user in need an authenticator code (required by their street and set up)? */
  async wantsCode(db: Db, user: SignInUser, bindings: readonly Pick<Binding, 'role' | 'streetId'>[]) {
    return !!user.totpSecretEnc && (await this.requirements(db, bindings)).totp;
  }

  /** True when the actor's streets require a second factor they have not set up yet. */
  async setupMissing(user: SignInUser, bindings: readonly Pick<Binding, 'role' | 'streetId'>[]): Promise<boolean> {
    if (user.totpSecretEnc || !bindings.some((b) => STAFF_ROLES.has(b.role))) return false;
    return (await this.requirements(this.db, bindings)).totp;
  }

  /** Starts setting up an authenticator: a new secret (kept encrypted until confirmed) and its otpauth URI. */
  async setup(actor: Actor, phoneMasked: string): Promise<{ secret: string; uri: string }> {
    const secret = generateSecret();
    await repo.setPendingSecret(this.db, actor.userId, this.cipher.encrypt(secret));
    return { secret, uri: generateURI({ issuer: ISSUER, label: `${actor.name} ${phoneMasked}`, secret }) };
  }

  /** Confirms the authenticator with a first code from it; from then on sign-ins ask for one. */
  async confirm(ctx: RequestContext, pendingEnc: string | null, code: string): Promise<void> {
    if (!pendingEnc) throw new AppError('TOTP_NOT_PENDING');
    const step = await this.verifyCode(this.cipher.decrypt(pendingEnc), code, null);
    if (step === null) throw new AppError('TOTP_INVALID');
    await transaction(this.db, async (tx) => {
      if (!(await repo.activatePending(tx, ctx.actor.userId, pendingEnc, step))) throw new AppError('TOTP_NOT_PENDING');
      await recordAudit(tx, this.clock, ctx, {
        action: 'auth.totp_enabled',
        objectType: 'user',
        objectId: ctx.actor.userId,
      });
    });
  }

  /** Forgets the account's authenticator (set up again at the next sign-in where required). */
  clearIn(tx: Db, userId: number): Promise<void> {
    return repo.clearSecret(tx, userId);
  }

  /** A street's sign-in rules, for its staff office and admins above it. */
  async settings(actor: Actor, street: { id: number; path: string; kind: string }) {
    this.mustSet(actor, street);
    const row = await repo.findSettings(this.db, street.id);
    return {
      streetId: street.id,
      staffPasswordRequired: row?.staffPasswordRequired ?? false,
      staffTotpRequired: row?.staffTotpRequired ?? false,
    };
  }

  async updateSettings(
    ctx: RequestContext,
    street: { id: number; path: string; kind: string },
    v: { staffPasswordRequired: boolean; staffTotpRequired: boolean },
  ) {
    this.mustSet(ctx.actor, street);
    await transaction(this.db, async (tx) => {
      await repo.upsertSettings(tx, {
        streetId: street.id,
        ...v,
        updatedAt: this.clock.now(),
        updatedByUserId: ctx.actor.userId,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'street.sign_in_settings',
        objectType: 'org_unit',
        objectId: street.id,
        streetId: street.id,
        detail: v,
      });
    });
    return this.settings(ctx.actor, street);
  }

  private mustSet(actor: Actor, street: { path: string; kind: string }) {
    if (street.kind !== 'street' || !Scope.of(actor, SETTERS).covers(street.path)) throw notFound();
  }

  /** The time step the code matches (±1 step of drift), after `afterStep`; null when it matches none. */
  private async verifyCode(secret: string, code: string, afterStep: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const r = await verify({
      secret,
      token: code,
      epoch: Math.floor(this.clock.now().getTime() / 1000),
      epochTolerance: 30,
      ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
    });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  }
}
