import type { AccountView, CreateAccountRequest, GrantRequest, OrgKind, Role } from '@louzhang/contracts';
import { maskPhone } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import type { AuthService } from '../auth/auth.service';
import type { OrgService } from '../org/org.service';
import * as repo from './accounts.repository';
import { fitsUnit, GRANTING_ROLES, mayGrant, mayManageAccount } from './role-grants.policy';

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

/**
 * Accounts and roles run by staff (用户与权限): create a staff account, grant and revoke role
 * bindings, disable and re-enable an account, send a password reset code. Who may grant what is
 * `role-grants.policy.ts`; every change is audited in its own transaction.
 */
export class AccountsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly org: OrgService,
    private readonly auth: AuthService,
  ) {}

  /** 用户与权限's export: what the list shows for the same filter (phones masked); audited (`account.export`). */
  async exportList(ctx: RequestContext, q: { orgUnitId?: number; phone?: string }): Promise<readonly AccountView[]> {
    const { items } = await this.list(ctx, q);
    const filters = { orgUnitId: q.orgUnitId, phone: q.phone ? maskPhone(q.phone) : undefined };
    return auditListExport(this.db, this.clock, ctx, { action: 'account.export', objectType: 'user' }, filters, items);
  }

  /** Accounts holding a role inside the caller's granting scope (under `orgUnitId`), or one by phone. */
  async list(ctx: RequestContext, q: { orgUnitId?: number; phone?: string }): Promise<{ items: AccountView[] }> {
    const scope = Scope.of(ctx.actor, GRANTING_ROLES);
    if (scope.isEmpty) throw forbidden();
    if (q.phone) {
      // Finding a person by phone is how staff make an existing resident a captain; audited.
      const u = await repo.findUserByPhoneHash(this.db, this.cipher.blindIndex('phone', q.phone));
      await transaction(this.db, (tx) =>
        recordAudit(tx, this.clock, ctx, {
          action: 'account.lookup',
          objectType: 'user',
          objectId: u?.id ?? null,
          result: u ? 'ok' : 'denied',
        }),
      );
      return { items: u ? await this.present(await repo.usersByIds(this.db, [u.id])) : [] };
    }
    let under: string | null = null;
    if (q.orgUnitId) {
      const place = await this.org.placeOf(this.db, q.orgUnitId);
      if (!place || !scope.covers(place.path)) throw notFound();
      under = place.path;
    }
    return { items: await this.present(await repo.usersWithBindingsIn(this.db, scope, under, 200)) };
  }

  async get(ctx: RequestContext, id: number): Promise<AccountView> {
    const u = await repo.findUser(this.db, id);
    if (!u) throw notFound();
    const binds = await repo.bindingsOfUsers(this.db, [id]);
    const scope = Scope.of(ctx.actor, GRANTING_ROLES);
    if (scope.isEmpty || (binds.length > 0 && !binds.some((b) => scope.covers(b.path)))) throw notFound();
    const [view] = await this.present([u]);
    return view as AccountView;
  }

  /** Creates a staff account with its first role; the person signs in by SMS code (no password is set). */
  async create(ctx: RequestContext, input: CreateAccountRequest): Promise<AccountView> {
    const place = await this.grantablePlace(ctx.actor, input.role, input.orgUnitId);
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const now = this.clock.now();
      const id = await repo.insertUser(tx, {
        name: input.name,
        phoneEnc: this.cipher.encrypt(input.phone),
        phoneHash: this.cipher.blindIndex('phone', input.phone),
        passwordHash: null,
        createdAt: now,
      });
      if (!id) throw new AppError('PHONE_TAKEN');
      await repo.insertBinding(tx, {
        userId: id,
        role: input.role,
        orgUnitId: place.id,
        streetId: place.streetId,
        at: now,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'account.create',
        objectType: 'user',
        objectId: id,
        streetId: place.streetId,
        detail: { role: input.role, orgUnitId: place.id },
      });
      return id;
    });
    return this.get(ctx, value);
  }

  /** Grants `role` at a unit to an existing account. Granting what they already hold changes nothing. */
  async grant(ctx: RequestContext, userId: number, input: GrantRequest): Promise<AccountView> {
    await transaction(this.db, (tx) => this.grantIn(tx, ctx, userId, input));
    return this.get(ctx, userId);
  }

  /**
   * `grant` inside the caller's transaction (captain registration builds on it): the new binding's id
   * (null when the account already held that role there) and the street of the unit.
   */
  async grantIn(
    tx: Db,
    ctx: RequestContext,
    userId: number,
    input: GrantRequest,
  ): Promise<{ bindingId: number | null; streetId: number | null }> {
    const place = await this.grantablePlace(ctx.actor, input.role, input.orgUnitId, tx);
    const u = await repo.findUser(tx, userId);
    if (!u) throw notFound();
    const bindingId = await repo.insertBinding(tx, {
      userId,
      role: input.role,
      orgUnitId: place.id,
      streetId: place.streetId,
      at: this.clock.now(),
    });
    if (bindingId) {
      await recordAudit(tx, this.clock, ctx, {
        action: 'role.grant',
        objectType: 'role_binding',
        objectId: bindingId,
        streetId: place.streetId,
        detail: { userId, role: input.role, orgUnitId: place.id, reason: input.reason ?? null },
      });
    }
    return { bindingId, streetId: place.streetId };
  }

  /**
   * Makes a confirmed resident a `resident` of their building in the caller's transaction. Not a grant:
   * the residency rule (the building's captain or its staff confirm who lives there) decided it.
   */
  async bindResidentIn(tx: Db, ctx: RequestContext, userId: number, building: { id: number; streetId: number }) {
    const bindingId = await repo.insertBinding(tx, {
      userId,
      role: 'resident',
      orgUnitId: building.id,
      streetId: building.streetId,
      at: this.clock.now(),
    });
    if (bindingId) {
      await recordAudit(tx, this.clock, ctx, {
        action: 'role.grant',
        objectType: 'role_binding',
        objectId: bindingId,
        streetId: building.streetId,
        detail: { userId, role: 'resident', orgUnitId: building.id, reason: 'residency confirmed' },
      });
    }
  }

  /** Revokes the account's `role` at a unit inside the caller's transaction; NOT_FOUND when not held. */
  async revokeRoleIn(
    tx: Db,
    ctx: RequestContext,
    userId: number,
    role: Role,
    orgUnitId: number,
    reason: string,
  ): Promise<{ streetId: number | null }> {
    const binds = await repo.bindingsOfUsers(tx, [userId]);
    const b = binds.find((x) => x.role === role && x.orgUnitId === orgUnitId);
    if (!b) {
      await this.grantablePlace(ctx.actor, role, orgUnitId, tx); // out of reach answers as such first
      throw notFound();
    }
    await this.revokeIn(tx, ctx, b, reason);
    return { streetId: b.streetId };
  }

  /** Whether the actor may grant `role` at the unit (for reads that follow the same rule). */
  async mayGrantAt(actor: Actor, role: Role, orgUnitId: number): Promise<boolean> {
    const place = await this.org.placeOf(this.db, orgUnitId);
    return !!place && mayGrant(actor.bindings, role, place);
  }

  /** Revokes one binding; never the last admin's. */
  async revoke(ctx: RequestContext, userId: number, bindingId: number, reason?: string): Promise<void> {
    await transaction(this.db, async (tx) => {
      const b = await repo.findBinding(tx, bindingId);
      if (!b || b.userId !== userId) throw notFound();
      await this.revokeIn(tx, ctx, b, reason);
    });
  }

  private async revokeIn(tx: Db, ctx: RequestContext, b: repo.BindingRow, reason: string | undefined): Promise<void> {
    if (!mayGrant(ctx.actor.bindings, b.role, { kind: b.orgKind, path: b.path })) {
      throw this.outOfReach(ctx.actor, b.path);
    }
    if (b.role === 'admin') {
      await repo.lockAdmins(tx);
      if ((await repo.otherAdmins(tx, null, b.bindingId)) === 0) throw new AppError('LAST_ADMIN');
    }
    await repo.deleteBinding(tx, b.bindingId);
    await recordAudit(tx, this.clock, ctx, {
      action: 'role.revoke',
      objectType: 'role_binding',
      objectId: b.bindingId,
      streetId: b.streetId,
      detail: { userId: b.userId, role: b.role, orgUnitId: b.orgUnitId, reason: reason ?? null },
    });
  }

  /** Disables an account and ends its sessions at once; never the last admin. */
  async disable(ctx: RequestContext, userId: number, reason: string): Promise<AccountView> {
    await transaction(this.db, async (tx) => {
      const { user, binds } = await this.manageable(tx, ctx.actor, userId);
      if (binds.some((b) => b.role === 'admin')) {
        await repo.lockAdmins(tx);
        if ((await repo.otherAdmins(tx, userId, null)) === 0) throw new AppError('LAST_ADMIN');
      }
      const now = this.clock.now();
      if (!user.disabledAt) await repo.setDisabled(tx, userId, now);
      await repo.revokeSessionsOf(tx, userId, now);
      await recordAudit(tx, this.clock, ctx, {
        action: 'account.disable',
        objectType: 'user',
        objectId: userId,
        detail: { reason },
      });
    });
    return this.get(ctx, userId);
  }

  async enable(ctx: RequestContext, userId: number): Promise<AccountView> {
    await transaction(this.db, async (tx) => {
      await this.manageable(tx, ctx.actor, userId);
      await repo.setDisabled(tx, userId, null);
      await recordAudit(tx, this.clock, ctx, { action: 'account.enable', objectType: 'user', objectId: userId });
    });
    return this.get(ctx, userId);
  }

  /** Sends the account's phone a one-time reset code by SMS; no password is ever shown to staff. */
  async sendPasswordReset(ctx: RequestContext, userId: number): Promise<void> {
    const { user, binds } = await this.manageable(this.db, ctx.actor, userId);
    const phone = this.cipher.decrypt(user.phoneEnc);
    await this.auth.sendCode(phone, 'reset', ctx.ip, binds.find((b) => b.streetId)?.streetId ?? null);
    await transaction(this.db, (tx) =>
      recordAudit(tx, this.clock, ctx, { action: 'account.password_reset_sent', objectType: 'user', objectId: userId }),
    );
  }

  /**
   * Clears the account's authenticator (a lost or replaced phone) and ends its sessions; where the street
   * requires a second factor, the person sets up a new one at their next sign-in. Same rule as disabling.
   */
  async resetSecondFactor(ctx: RequestContext, userId: number): Promise<void> {
    await transaction(this.db, async (tx) => {
      await this.manageable(tx, ctx.actor, userId);
      await this.auth.clearSecondFactorIn(tx, userId);
      await recordAudit(tx, this.clock, ctx, {
        action: 'account.second_factor_reset',
        objectType: 'user',
        objectId: userId,
      });
    });
  }

  /** My own live sessions, the current one marked. */
  async mySessions(actor: Actor, currentToken: string) {
    const current = this.auth.tokenHashOf(currentToken).slice(0, 16);
    const rows = await repo.liveSessionsOf(this.db, actor.userId);
    return {
      items: rows.map((s) => ({
        id: s.tokenHash.slice(0, 16),
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
        current: s.tokenHash.slice(0, 16) === current,
      })),
    };
  }

  /** Ends one of my sessions (signing out a lost phone). */
  async endMySession(ctx: RequestContext, id: string): Promise<void> {
    await transaction(this.db, async (tx) => {
      if (!(await repo.revokeSessionByPrefix(tx, ctx.actor.userId, id, this.clock.now()))) throw notFound();
      await recordAudit(tx, this.clock, ctx, {
        action: 'auth.session_end',
        objectType: 'user',
        objectId: ctx.actor.userId,
      });
    });
  }

  /** The unit where `role` is to be granted, if the actor may grant it there (else 403/404/400). */
  private async grantablePlace(actor: Actor, role: Role, orgUnitId: number, db: Db = this.db) {
    const place = await this.org.placeOf(db, orgUnitId);
    if (!place) throw notFound();
    if (!mayGrant(actor.bindings, role, place)) throw this.outOfReach(actor, place.path);
    if (!fitsUnit(role, place.kind)) throw new AppError('ROLE_UNIT_MISMATCH');
    return place;
  }

  /** Inside the actor's granting scope but not theirs to grant: 403; outside it: 404 (not found). */
  private outOfReach(actor: Actor, path: string): AppError {
    return Scope.refusal(Scope.of(actor, GRANTING_ROLES), path, 'GRANT_NOT_ALLOWED');
  }

  private async manageable(db: Db, actor: Actor, userId: number): Promise<{ user: UserRow; binds: repo.BindingRow[] }> {
    const user = await repo.findUser(db, userId);
    if (!user) throw notFound();
    const binds = await repo.bindingsOfUsers(db, [userId]);
    const target = binds.map((b) => ({ role: b.role, path: b.path, kind: b.orgKind as OrgKind }));
    if (!mayManageAccount(actor.bindings, target)) {
      const scope = Scope.of(actor, GRANTING_ROLES);
      throw Scope.refusal(scope, binds.find((b) => scope.covers(b.path))?.path, 'GRANT_NOT_ALLOWED');
    }
    return { user, binds };
  }

  private async present(users: { id: number; name: string; phoneEnc: string; disabledAt: Date | null }[]) {
    const binds = await repo.bindingsOfUsers(
      this.db,
      users.map((u) => u.id),
    );
    return users.map((u) => ({
      id: u.id,
      name: u.name,
      phoneMasked: this.cipher.maskedPhone(u.phoneEnc),
      disabled: u.disabledAt !== null,
      roles: binds
        .filter((b) => b.userId === u.id)
        .map((b) => ({
          bindingId: b.bindingId,
          role: b.role,
          orgUnitId: b.orgUnitId,
          orgUnitName: b.orgUnitName,
          orgKind: b.orgKind,
        })),
    }));
  }
}
