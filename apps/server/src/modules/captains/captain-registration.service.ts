import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { notFound } from '../../platform/errors';
import type { AccountsService } from '../accounts/accounts.service';
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
   */
  async registerIn(
    tx: Db,
    ctx: RequestContext,
    input: { userId: number; buildingIds: readonly number[]; reason?: string },
  ): Promise<number[]> {
    const bound: number[] = [];
    for (const buildingId of input.buildingIds) {
      const { bindingId, streetId } = await this.accounts.grantIn(tx, ctx, input.userId, {
        role: 'captain',
        orgUnitId: buildingId,
        reason: input.reason,
      });
      if (!bindingId) continue;
      bound.push(buildingId);
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
    await transaction(this.db, async (tx) => {
      const { streetId } = await this.accounts.revokeRoleIn(tx, ctx, userId, 'captain', buildingId, reason);
      await repo.insertAssignment(tx, {
        streetId,
        userId,
        buildingId,
        action: 'unbind',
        reason,
        actorUserId: ctx.actor.userId,
        at: this.clock.now(),
      });
    });
    return this.history(ctx, buildingId);
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
