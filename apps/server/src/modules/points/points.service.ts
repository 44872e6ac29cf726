import type {
  AdjustmentView,
  CreateAdjustmentRequest,
  MyPointsQuery,
  PointAccountView,
  UpdatePointSettingsRequest,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { Scope } from '../../platform/scope';
import { captainKey, ISSUANCE, type LedgerService } from './ledger.service';
import { ACCOUNT_READ, ADJUST, mayApprove, needsSecondApprover } from './points.policy';
import * as repo from './points.repository';

const iso = (d: Date | string) => new Date(d).toISOString();

function presentAdjustment(a: repo.AdjustmentRow): AdjustmentView {
  return {
    id: a.id,
    streetId: a.streetId,
    captainUserId: a.userId,
    points: a.points,
    reason: a.reason,
    status: a.status,
    requestedBy: a.requestedBy,
    decidedBy: a.decidedBy,
    entryId: a.entryId,
    createdAt: iso(a.createdAt),
  };
}

/** Captains' balances and history, staff views of them, and manual adjustments (docs/rules.md#points). */
export class PointsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
  ) {}

  /** The signed-in captain's balance and history in one street (their first captain street by default). */
  async mine(ctx: RequestContext, q: MyPointsQuery): Promise<PointAccountView> {
    const captainStreets = ctx.actor.bindings.filter((b) => b.role === 'captain' && b.streetId).map((b) => b.streetId);
    const accountStreets = await repo.accountStreetsOf(this.db, ctx.actor.userId);
    const streets = [...new Set([...captainStreets, ...accountStreets])] as number[];
    const streetId = q.streetId ?? streets[0];
    if (streetId === undefined || !streets.includes(streetId)) throw notFound();
    return this.accountView(streetId, ctx.actor.userId, ctx.actor.name, q);
  }

  /** A captain's account as staff see it: only for captains at a building within the caller's jurisdiction. */
  async ofCaptain(ctx: RequestContext, userId: number, q: MyPointsQuery): Promise<PointAccountView> {
    const scope = Scope.of(ctx.actor, ACCOUNT_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const streets = await repo.captainStreetsInScope(this.db, scope, userId);
    const streetId = q.streetId ?? streets[0];
    if (streetId === undefined || !streets.includes(streetId)) throw notFound();
    const name = await repo.userName(this.db, userId);
    return this.accountView(streetId, userId, name ?? '', q);
  }

  private async accountView(
    streetId: number,
    userId: number,
    userName: string,
    q: MyPointsQuery,
  ): Promise<PointAccountView> {
    const street = await repo.streetInfo(this.db, streetId);
    if (!street) throw notFound();
    const account = await repo.captainAccount(this.db, streetId, userId);
    const page = account
      ? await repo.history(this.db, account.id, q.cursor ? decodeCursor(q.cursor) : undefined, q.limit + 1)
      : [];
    const items = page.slice(0, q.limit);
    const last = items.at(-1);
    const balance = account?.balance ?? 0;
    return {
      streetId,
      streetName: street.name,
      userId,
      userName,
      balance,
      yuanPerPoint: street.yuanPerPoint,
      balanceYuan: Math.round(balance * street.yuanPerPoint * 100) / 100,
      items: items.map((r) => ({
        entryId: r.entryId,
        kind: r.kind as PointAccountView['items'][number]['kind'],
        amount: r.amount,
        memo: r.memo,
        at: iso(r.at),
        reversesEntryId: r.reversesEntryId,
      })),
      nextCursor: page.length > q.limit && last ? encodeCursor(last.entryId) : null,
    };
  }

  /**
   * A manual adjustment with its reason. Up to the street's threshold it is applied at once; above it
   * it waits for a second person (docs/rules.md#points).
   */
  async requestAdjustment(ctx: RequestContext, input: CreateAdjustmentRequest): Promise<AdjustmentView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const streetId = await this.adjustableStreet(tx, ctx, input.captainUserId, input.streetId);
      const street = await repo.streetInfo(tx, streetId);
      if (!street) throw notFound();
      const pending = needsSecondApprover(input.points, street.adjustmentThreshold);
      let adj = await repo.insertAdjustment(tx, {
        streetId,
        userId: input.captainUserId,
        points: input.points,
        reason: input.reason,
        status: pending ? 'pending' : 'applied',
        requestedBy: ctx.actor.userId,
        at: this.clock.now(),
      });
      if (!pending) adj = await this.apply(tx, adj, null);
      await recordAudit(tx, this.clock, ctx, {
        action: pending ? 'points.adjustment.request' : 'points.adjustment.apply',
        objectType: 'point_adjustment',
        objectId: adj.id,
        streetId,
        detail: { captainUserId: input.captainUserId, points: input.points, reason: input.reason },
      });
      return presentAdjustment(adj);
    });
    return value;
  }

  /** A second street staff member or admin approves a pending adjustment; the entry is written then. */
  async approveAdjustment(ctx: RequestContext, id: number): Promise<AdjustmentView> {
    return this.decide(ctx, id, 'applied');
  }

  /** Refuses a pending adjustment (the requester may withdraw their own). */
  async rejectAdjustment(ctx: RequestContext, id: number): Promise<AdjustmentView> {
    return this.decide(ctx, id, 'rejected');
  }

  async listAdjustments(ctx: RequestContext, status: string | undefined, limit: number): Promise<AdjustmentView[]> {
    const scope = Scope.of(ctx.actor, ADJUST);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    // By the street's place in the tree: an admin bound at the district or city has no street of their own.
    return (await repo.listAdjustments(this.db, scope, status, limit)).map((a) => ({
      ...presentAdjustment(a),
      captainName: a.captainName,
      requestedByName: a.requestedByName,
      decidedByName: a.decidedByName,
    }));
  }

  /** 积分调整's export: what the list shows for the same filters; audited (`points.adjustments_export`) first. */
  async exportAdjustments(
    ctx: RequestContext,
    q: { status?: string; limit: number },
  ): Promise<readonly AdjustmentView[]> {
    const items = await this.listAdjustments(ctx, q.status, q.limit);
    const entry = { action: 'points.adjustments_export', objectType: 'points_adjustment' };
    return auditListExport(this.db, this.clock, ctx, entry, q, items);
  }

  private async decide(ctx: RequestContext, id: number, status: 'applied' | 'rejected'): Promise<AdjustmentView> {
    return transaction(this.db, async (tx) => {
      const adj = await repo.findAdjustmentForUpdate(tx, id);
      if (!adj) throw notFound();
      await this.adjustableStreet(tx, ctx, adj.userId, adj.streetId);
      if (adj.status !== 'pending') throw new AppError('ALREADY_DECIDED');
      if (status === 'applied' && !mayApprove(ctx.actor.userId, adj.requestedBy)) {
        throw new AppError('SECOND_APPROVER_REQUIRED');
      }
      const decided =
        status === 'applied'
          ? await this.apply(tx, adj, ctx.actor.userId)
          : await repo.decideAdjustment(tx, id, {
              status,
              decidedBy: ctx.actor.userId === adj.requestedBy ? null : ctx.actor.userId,
              entryId: null,
              at: this.clock.now(),
            });
      await recordAudit(tx, this.clock, ctx, {
        action: `points.adjustment.${status === 'applied' ? 'approve' : 'reject'}`,
        objectType: 'point_adjustment',
        objectId: id,
        streetId: adj.streetId,
        detail: { captainUserId: adj.userId, points: adj.points },
      });
      return presentAdjustment(decided);
    });
  }

  private async apply(tx: Db, adj: repo.AdjustmentRow, approver: number | null): Promise<repo.AdjustmentRow> {
    await this.ledger.ensureAccounts(tx, adj.streetId, [adj.userId]);
    const { entryId } = await this.ledger.post(tx, {
      streetId: adj.streetId,
      kind: 'adjustment',
      causeKey: `adjustment:${adj.id}`,
      memo: `积分调整：${adj.reason}`,
      actorUserId: approver ?? adj.requestedBy,
      legs: [
        { ownerKey: ISSUANCE, amount: -adj.points },
        { ownerKey: captainKey(adj.userId), amount: adj.points },
      ],
    });
    return repo.decideAdjustment(tx, adj.id, { status: 'applied', decidedBy: approver, entryId, at: this.clock.now() });
  }

  /** A street's point value and adjustment threshold (defaults until the street sets its own). */
  async settings(ctx: RequestContext, streetId?: number) {
    const street = await this.managedStreet(this.db, ctx, streetId);
    const info = await repo.streetInfo(this.db, street);
    if (!info) throw notFound();
    return { streetId: street, yuanPerPoint: info.yuanPerPoint, adjustmentThreshold: info.adjustmentThreshold };
  }

  /** Sets what a point is worth in yuan and the adjustment threshold (street staff, admins). */
  async updateSettings(ctx: RequestContext, input: UpdatePointSettingsRequest) {
    return transaction(this.db, async (tx) => {
      const street = await this.managedStreet(tx, ctx, input.streetId);
      const info = await repo.streetInfo(tx, street);
      if (!info) throw notFound();
      const next = {
        yuanPerPoint: input.yuanPerPoint ?? info.yuanPerPoint,
        adjustmentThreshold: input.adjustmentThreshold ?? info.adjustmentThreshold,
      };
      await repo.upsertSettings(tx, street, next, this.clock.now());
      await recordAudit(tx, this.clock, ctx, {
        action: 'points.settings.update',
        objectType: 'point_settings',
        objectId: street,
        streetId: street,
        detail: {
          before: { yuanPerPoint: info.yuanPerPoint, adjustmentThreshold: info.adjustmentThreshold },
          after: next,
        },
      });
      return { streetId: street, ...next };
    });
  }

  /** A street the caller runs as street staff (bound in it) or admin (bound in it or above it). */
  private async managedStreet(db: Db, ctx: RequestContext, streetId?: number): Promise<number> {
    const scope = Scope.of(ctx.actor, ADJUST);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const id = streetId ?? ctx.actor.bindings.find((b) => ADJUST.includes(b.role) && b.streetId !== null)?.streetId;
    if (!id) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'streetId', message: 'required' }] });
    const path = await repo.streetPath(db, id);
    if (!path || !scope.covers(path)) throw notFound();
    return id;
  }

  /** The street in which the caller may adjust this captain's points; 404 outside their jurisdiction. */
  private async adjustableStreet(tx: Db, ctx: RequestContext, userId: number, streetId?: number): Promise<number> {
    const scope = Scope.of(ctx.actor, ADJUST);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const streets = await repo.captainStreetsInScope(tx, scope, userId);
    const chosen = streetId ?? streets[0];
    if (chosen === undefined || !streets.includes(chosen)) throw notFound();
    return chosen;
  }
}
