import type { MyOrderListQuery, OrderView } from '@louzhang/contracts';
import QRCode from 'qrcode';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { Scope } from '../../platform/scope';
import type { Notifier } from '../notifications/notifications.service';
import type { LedgerService } from '../points/ledger.service';
import { CANCELLABLE_BY_OWNER, CANCELLABLE_BY_STAFF, ORDER_STAFF, PICKABLE } from './mall.policy';
import { presentOrder } from './mall.presenter';
import * as repo from './mall.repository';
import { normalisePickupCode } from './mall-window';

/**
 * A mall order once placed (MallService.placeOrder): the captain's orders and pick-up QR code, staff
 * packing it and handing it over against the code, and its cancellation with the refund (docs/rules.md#mall).
 */
export class PlacedOrdersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly notifier?: Notifier,
  ) {}

  /** The signed-in captain's orders, newest first. */
  async myOrders(ctx: RequestContext, q: MyOrderListQuery) {
    return this.page(
      await repo.listOrders(this.db, {
        userId: ctx.actor.userId,
        ...(q.streetId ? { streetId: q.streetId } : {}),
        ...(q.month ? { month: q.month } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.cursor ? { beforeId: decodeCursor(q.cursor) } : {}),
        limit: q.limit + 1,
      }),
      q.limit,
      ctx.actor.userId,
    );
  }
  private async page(list: repo.OrderRow[], limit: number, viewerUserId: number) {
    const items = list.slice(0, limit);
    const lines = await repo.linesOf(
      this.db,
      items.map((o) => o.id),
    );
    const last = items.at(-1);
    return {
      items: items.map((o) => presentOrder(o, lines, viewerUserId)),
      nextCursor: list.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  async order(ctx: RequestContext, id: number): Promise<OrderView> {
    const o = await this.visibleOrder(this.db, ctx, id);
    return presentOrder(o, await repo.linesOf(this.db, [o.id]), ctx.actor.userId);
  }

  /** The pick-up code as a QR code (SVG) for the captain to show at the community office. */
  async pickupQr(ctx: RequestContext, id: number): Promise<string> {
    const o = await this.visibleOrder(this.db, ctx, id);
    if (o.userId !== ctx.actor.userId) throw notFound();
    return QRCode.toString(o.pickupCode, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  /** Staff have the goods packed: placed → ready. */
  async markReady(ctx: RequestContext, id: number): Promise<OrderView> {
    return transaction(this.db, async (tx) => {
      const o = await repo.findOrder(tx, id, true);
      if (!o || !Scope.of(ctx.actor, ORDER_STAFF).covers(o.path)) throw notFound();
      if (!(await repo.setStatus(tx, id, ['placed'], 'ready', { by: ctx.actor.userId, at: this.clock.now() }))) {
        throw new AppError('ORDER_STATE');
      }
      await this.notifier?.notify(tx, [o.userId], {
        streetId: o.streetId,
        kind: 'order_ready',
        titleZh: '兑换的商品已备好，请到社区领取',
        titleEn: 'Your order is ready for pick-up at the community office',
        body: `取货码 ${o.pickupCode}`,
        objectType: 'mall_order',
        objectId: id,
        sourceKey: `mall_order:${id}:ready`,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'mall.order.ready',
        objectType: 'mall_order',
        objectId: id,
        streetId: o.streetId,
      });
      return presentOrder({ ...o, status: 'ready' }, await repo.linesOf(tx, [id]), ctx.actor.userId);
    });
  }

  /**
   * Hands the goods over against the pick-up code: only staff whose jurisdiction covers the captain's
   * building; a code from elsewhere reads as unknown.
   */
  async verifyPickup(ctx: RequestContext, rawCode: string): Promise<OrderView> {
    const scope = Scope.of(ctx.actor, ORDER_STAFF);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const code = normalisePickupCode(rawCode);
    if (!code) throw new AppError('PICKUP_CODE_UNKNOWN');
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const o = await repo.findOrderByCode(tx, code);
      if (!o || !scope.covers(o.path)) throw new AppError('PICKUP_CODE_UNKNOWN');
      if (!(await repo.setStatus(tx, o.id, PICKABLE, 'picked_up', { by: ctx.actor.userId, at: this.clock.now() }))) {
        throw new AppError('ORDER_STATE', { zh: `订单状态：${o.status}`, en: `order is ${o.status}` });
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'mall.order.pickup',
        objectType: 'mall_order',
        objectId: o.id,
        streetId: o.streetId,
      });
      return presentOrder({ ...o, status: 'picked_up' }, await repo.linesOf(tx, [o.id]), 'verifier');
    });
    return value;
  }

  /** Cancels an order: the goods go back on the shelf and the points back to the captain (a reversal entry). */
  async cancel(ctx: RequestContext, id: number, reason: string): Promise<OrderView> {
    return transaction(this.db, async (tx) => {
      const o = await repo.findOrder(tx, id, true);
      const isOwner = o?.userId === ctx.actor.userId;
      const isStaff = !!o && Scope.of(ctx.actor, ORDER_STAFF).covers(o.path);
      if (!o || (!isOwner && !isStaff)) throw notFound();
      const from = isStaff ? CANCELLABLE_BY_STAFF : CANCELLABLE_BY_OWNER;
      const at = this.clock.now();
      if (!(await repo.setStatus(tx, id, from, 'cancelled', { by: ctx.actor.userId, at, reason }))) {
        throw new AppError('ORDER_STATE');
      }
      await repo.restock(tx, id);
      const entryId = await this.ledger.entryIdOf(tx, o.streetId, `mall_order:${id}`);
      if (entryId !== undefined) {
        await this.ledger.reverse(tx, {
          streetId: o.streetId,
          entryId,
          kind: 'redemption_refund',
          memo: `取消兑换，退回积分：${reason}`,
          actorUserId: ctx.actor.userId,
        });
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'mall.order.cancel',
        objectType: 'mall_order',
        objectId: id,
        streetId: o.streetId,
        detail: { reason, refunded: o.pointsTotal },
      });
      return presentOrder({ ...o, status: 'cancelled' }, await repo.linesOf(tx, [id]), ctx.actor.userId);
    });
  }
  private async visibleOrder(db: Db, ctx: RequestContext, id: number): Promise<repo.OrderRow> {
    const o = await repo.findOrder(db, id);
    if (!o) throw notFound();
    if (o.userId !== ctx.actor.userId && !Scope.of(ctx.actor, ORDER_STAFF).covers(o.path)) throw notFound();
    return o;
  }
}
