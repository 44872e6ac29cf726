import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { AccountsService } from '../accounts/accounts.service';
import * as records from './captain-records.repository';
import * as repo from './captain-registration.repository';

/**
 * Captain registration by staff (the minimum until recruitment exists): binding a user to buildings
 * as their captain is the captain role binding at each building, so the board, report routing and
 * chore claiming follow at once; each bind and unbind is also written to an append-only history.
 * Who may do it is the grant rule for `captain` (role-grants.policy.ts).
 */
export class CaptainRegistrationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountsService,
  ) {}

  /**
   * Registers `userId` as captain of each building in the caller's transaction (recruitment builds on
   * it). A building they already captain is left as it is. Returns the buildings newly bound.
   * The captain's record is created with the first registration; a suspended captain is refused, and an
   * exited one comes back only through a new application (`viaApplication`, docs/rules.md#captains).
   */
  async registerIn(
    tx: Db,
    ctx: RequestContext,
    input: { userId: number; buildingIds: readonly number[]; reason?: string; viaApplication?: boolean },
  ): Promise<number[]> {
    const bound: number[] = [];
    let profileChecked = false;
    for (const buildingId of input.buildingIds) {
      const { bindingId, streetId } = await this.accounts.grantIn(tx, ctx, input.userId, {
        role: 'captain',
        orgUnitId: buildingId,
        reason: input.reason,
      });
      if (!profileChecked && streetId !== null) {
        await this.ensureActiveRecord(tx, ctx, input.userId, streetId, !!input.viaApplication);
        profileChecked = true;
      }
      if (!bindingId) continue;
      bound.push(buildingId);
      if (streetId !== null) {
        await records.insertEvent(tx, {
          streetId,
          userId: input.userId,
          kind: 'bind',
          reason: input.reason ?? null,
          detail: { buildingId },
          actorUserId: ctx.actor.userId,
          at: this.clock.now(),
        });
      }
      await repo.insertAssignment(tx, {
        streetId,
        userId: input.userId,
        buildingId,
        action: 'bind',
        reason: input.reason ?? null,
        actorUserId: ctx.actor.userId,
        at: this.clock.now(),
      });
    }
    return bound;
  }

  /** Registers one captain at one building. */
  async register(ctx: RequestContext, buildingId: number, input: { userId: number; reason?: string }) {
    await transaction(this.db, (tx) => this.registerIn(tx, ctx, { ...input, buildingIds: [buildingId] }));
    return this.history(ctx, buildingId);
  }

  /** Unbinds a captain from a building, with the reason (moved away, stepped down …). */
  async unbind(ctx: RequestContext, buildingId: number, userId: number, reason: string) {
    await transaction(this.db, (tx) => this.unbindIn(tx, ctx, buildingId, userId, reason));
    return this.history(ctx, buildingId);
  }

  /** `unbind` inside the caller's transaction (an exit unbinds every building). */
  async unbindIn(tx: Db, ctx: RequestContext, buildingId: number, userId: number, reason: string): Promise<void> {
    const { streetId } = await this.accounts.revokeRoleIn(tx, ctx, userId, 'captain', buildingId, reason);
    const at = this.clock.now();
    await repo.insertAssignment(tx, {
      streetId,
      userId,
      buildingId,
      action: 'unbind',
      reason,
      actorUserId: ctx.actor.userId,
      at,
    });
    if (streetId !== null && (await records.findProfile(tx, userId))) {
      await records.insertEvent(tx, {
        streetId,
        userId,
        kind: 'unbind',
        reason,
        detail: { buildingId },
        actorUserId: ctx.actor.userId,
        at,
      });
    }
  }

  /**
   * The captain's record before a registration: created active on the first one; a suspended captain
   * is refused; an exited one is made active again only by a new application.
   */
  private async ensureActiveRecord(
    tx: Db,
    ctx: RequestContext,
    userId: number,
    streetId: number,
    viaApplication: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    if (await records.insertProfile(tx, { userId, streetId, statusAt: now, createdAt: now })) {
      await records.insertEvent(tx, { streetId, userId, kind: 'created', actorUserId: ctx.actor.userId, at: now });
      return;
    }
    const p = await records.findProfile(tx, userId, true);
    if (!p || p.status === 'active') return;
    if (p.status === 'suspended') throw new AppError('CAPTAIN_SUSPENDED');
    if (!viaApplication) throw new AppError('CAPTAIN_EXITED_NEEDS_APPLICATION');
    await records.updateProfile(tx, userId, p.version, {
      status: 'active',
      statusReason: null,
      statusAt: now,
      exitedAt: null,
    });
    await records.insertEvent(tx, {
      streetId: p.streetId,
      userId,
      kind: 'status',
      reason: '重新报名入选',
      detail: { from: 'exited', to: 'active' },
      actorUserId: ctx.actor.userId,
      at: now,
    });
  }

  /** A building's captains history, for those who may register its captains. */
  async history(ctx: RequestContext, buildingId: number) {
    if (!(await this.accounts.mayGrantAt(ctx.actor, 'captain', buildingId))) throw notFound();
    const rows = await repo.historyOf(this.db, buildingId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        userId: r.userId,
        userName: r.userName,
        action: r.action as 'bind' | 'unbind',
        reason: r.reason,
        actorName: r.actorName,
        at: r.at.toISOString(),
      })),
    };
  }
}
