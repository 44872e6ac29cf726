import type {
  CreateProductRequest,
  MallReport,
  OrderView,
  PlaceOrderRequest,
  ProductView,
  Role,
  UpdateMallSettingsRequest,
  UpdateProductRequest,
} from '@louzhang/contracts';
import { lastShanghaiDayBefore } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, guardFailed, pgCode, pgConstraint, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once, onceInOneStatement, type StoredAnswerProbe } from '../../platform/idempotency';
import { Scope, streetsOf } from '../../platform/scope';
import type { Notifier } from '../notifications/notifications.service';
import type { LedgerService } from '../points/ledger.service';
import { MALL_MANAGE, MALL_READ, ORDER_STAFF } from './mall.policy';
import { money, presentOrder, presentProduct, presentWindow } from './mall.presenter';
import * as repo from './mall.repository';
import * as placing from './mall-place.repository';
import * as goods from './mall-products.repository';
import type { SoldOutGoods } from './mall-sold-out';
import * as totals from './mall-totals.repository';
import { refreshMallTotals } from './mall-totals.service';
import { newPickupCode, windowAt } from './mall-window';

/** What the mall needs of the captains' module (CaptainRecordsService.redeemingAfterExit). */
export interface ExitedCaptains {
  redeemingAfterExit(db: Db, userId: number, now: Date): Promise<{ streetId: number; path: string } | null>;
}

/**
 * The points mall and its monthly redemption (docs/rules.md#mall): goods, window settings, placing an order,
 * the month's report. An order once placed is PlacedOrdersService's (mall-placed-orders.service.ts).
 */
export class MallService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly notifier?: Notifier,
    private readonly exits?: ExitedCaptains,
    /** Goods known sold out (mall-sold-out.ts); without it every order reads its goods. */
    private readonly soldOut?: SoldOutGoods,
  ) {}

  /** The street's goods and whether this month's window is open. */
  async products(ctx: RequestContext, streetId?: number) {
    const street = await this.streetFor(ctx, MALL_READ, streetId).catch(async (err) => {
      const exited = await this.exitedPlace(ctx, streetId);
      if (!exited) throw err;
      return exited.streetId;
    });
    const staff = Scope.of(ctx.actor, MALL_MANAGE).isEmpty === false;
    const [items, days] = await Promise.all([
      goods.listProducts(this.db, street, !staff),
      goods.windowDays(this.db, street),
    ]);
    return {
      streetId: street,
      window: presentWindow(windowAt(this.clock.now(), days)),
      items: items.map(presentProduct),
    };
  }

  /** Whether `actor` may browse a mall whose goods show photo `photoId` (for PhotosService.read). */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    const scope = Scope.of(actor, MALL_READ);
    return (await goods.streetsShowingPhoto(db, photoId)).some(
      (s) => scope.covers(s.path) || streetsOf(actor, MALL_READ).has(s.streetId),
    );
  };

  /** Adds goods to a street's mall. */
  async createProduct(ctx: RequestContext, input: CreateProductRequest): Promise<ProductView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const streetId = await this.streetFor(ctx, MALL_MANAGE, input.streetId, tx);
      const p = await goods.insertProduct(tx, {
        streetId,
        name: input.name,
        description: input.description ?? null,
        photoId: input.photoId ?? null,
        pointsPrice: input.pointsPrice,
        stock: input.stock,
        unitCostYuan: input.unitCostYuan,
        perPersonLimit: input.perPersonLimit ?? null,
        isActive: input.isActive,
        at: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'mall.product.create',
        objectType: 'mall_product',
        objectId: p.id,
        streetId,
        detail: { name: p.name, stock: p.stock, pointsPrice: p.pointsPrice },
      });
      return presentProduct(p);
    });
    return value;
  }

  /** Changes price, cost, limit, visibility, or moves the stock (restocking; never below zero). */
  async updateProduct(ctx: RequestContext, id: number, input: UpdateProductRequest): Promise<ProductView> {
    return transaction(this.db, async (tx) => {
      const found = await goods.findProduct(tx, id);
      if (!found) throw notFound();
      await this.streetFor(ctx, MALL_MANAGE, found.streetId, tx);
      const { stockDelta, ...rest } = input;
      if (stockDelta !== undefined && found.stock + stockDelta < 0) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ path: 'stockDelta', message: 'stock would go below zero' }],
        });
      }
      const p = await goods.updateProduct(tx, id, { ...rest, ...(stockDelta !== undefined ? { stockDelta } : {}) });
      if (!p) throw notFound();
      await recordAudit(tx, this.clock, ctx, {
        action: 'mall.product.update',
        objectType: 'mall_product',
        objectId: id,
        streetId: p.streetId,
        detail: input,
      });
      return presentProduct(p);
    });
  }

  /**
   * Redeems points for goods: one order per captain per window, all of it or nothing. The path is
   * kept short for the opening-day rush: stock is taken by one conditional UPDATE, the order with its
   * lines and audit row is one statement, the ledger debit is one statement; a loser gets SOLD_OUT
   * and, the transaction rolled back, is charged nothing.
   */
  async placeOrder(ctx: RequestContext, input: PlaceOrderRequest): Promise<OrderView> {
    const binding = ctx.actor.bindings.find(
      (b) =>
        b.role === 'captain' && b.streetId !== null && (input.streetId === undefined || b.streetId === input.streetId),
    );
    const place =
      binding && binding.streetId !== null
        ? { streetId: binding.streetId, path: binding.path }
        : await this.exitedPlace(ctx, input.streetId);
    if (!place) throw new AppError('NOT_A_CAPTAIN');
    const streetId = place.streetId;
    const items = [...input.items].sort((x, y) => x.productId - y.productId);
    // One read — window, products, the ledger's accounts, the stored answer of a retry — then the whole order in one statement: each
    // line's stock taken by a guarded conditional UPDATE, the order with its lines and audit row, the debit
    // (docs/ARCHITECTURE.md#performance). A loser is told from what was read, without a write; one that
    // loses in the statement itself wrote nothing and is charged nothing.
    const { value } = await onceInOneStatement(this.db, this.clock, ctx, async (stored) => {
      const now = this.clock.now();
      // Goods all known sold out are not read again (orderRead).
      const known = this.soldOut?.known(items);
      const epoch = this.soldOut?.epoch ?? 0;
      const c = await this.orderRead(streetId, ctx.actor.userId, items, known, stored);
      stored.seen(c.stored);
      this.soldOut?.keep(c.products, epoch);
      const window = windowAt(now, c.window);
      if (!window.isOpen) throw new AppError('WINDOW_CLOSED');
      const byId = new Map((known ?? c.products).map((p) => [p.id, p]));
      refuseUnavailable(streetId, items, byId);
      if (items.some((i) => (byId.get(i.productId)?.stock ?? 0) < i.quantity)) throw new AppError('SOLD_OUT');
      // The read draws the ids whenever every line has stock, so always by here.
      const orderId = c.orderId;
      if (orderId === null) throw new Error('the order context drew no order id for an order in stock');
      const lines = items.map((i) => {
        const p = byId.get(i.productId) as goods.ProductRow;
        return {
          productId: p.id,
          productName: p.name,
          quantity: i.quantity,
          pointsPrice: p.pointsPrice,
          unitCostYuan: p.unitCostYuan,
        };
      });
      const pointsTotal = lines.reduce((s, l) => s + l.quantity * l.pointsPrice, 0);
      const costTotalYuan = money(lines.reduce((s, l) => s + l.quantity * l.unitCostYuan, 0));
      const pickupCode = newPickupCode();
      const debit = await this.ledger.debitWrites(
        this.db,
        {
          streetId,
          userId: ctx.actor.userId,
          points: pointsTotal,
          causeKey: `mall_order:${orderId}`,
          memo: `积分兑换：${lines.map((l) => `${l.productName}×${l.quantity}`).join('、')}`,
        },
        c.ledger,
      );
      const writes = [
        ...placing.orderWrites({
          id: orderId,
          streetId,
          userId: ctx.actor.userId,
          windowMonth: window.month,
          path: place.path,
          pointsTotal,
          costTotalYuan,
          pickupCode,
          at: now,
          lines,
          audit: { ip: ctx.ip, detail: { items, pointsTotal } },
        }),
        ...debit.writes,
      ];
      const value = presentOrder(
        {
          id: orderId,
          streetId,
          userId: ctx.actor.userId,
          userName: ctx.actor.name,
          windowMonth: window.month,
          path: place.path,
          status: 'placed',
          pointsTotal,
          costTotalYuan,
          pickupCode,
          createdAt: now,
        },
        lines.map((l) => ({ ...l, orderId })),
        ctx.actor.userId,
      );
      return {
        value,
        writes,
        guards: lines.map((l) => ({ name: 'stock', write: placing.takeStockGuard(streetId, l) })),
        refused: (err) => {
          if (guardFailed(err) === 'stock') return new AppError('SOLD_OUT');
          if (pgCode(err) === '23505' && pgConstraint(err) === placing.ONE_PER_WINDOW) {
            return new AppError('ORDER_LIMIT_REACHED');
          }
          if (this.ledger.isOverdraft(err)) return new AppError('INSUFFICIENT_POINTS');
          return undefined;
        },
      };
    });
    return value;
  }

  /**
   * What placing an order reads: for goods all `known` sold out, the window and stored answer only (read
   * together with the other such orders of the moment); else the goods too, with the ids an order needs.
   */
  private async orderRead(
    streetId: number,
    userId: number,
    items: readonly { productId: number }[],
    known: goods.ProductRow[] | undefined,
    stored: StoredAnswerProbe,
  ) {
    if (known && this.soldOut) {
      const read = await this.soldOut.read({ streetId, userId, key: stored.lookup?.key ?? null });
      return { ...read, products: [], orderId: null, ledger: null };
    }
    return placing.orderContext(
      this.db,
      streetId,
      userId,
      items.map((i) => i.productId),
      { ledger: (street, user) => this.ledger.debitRead(street, user), stored },
    );
  }

  /** Orders in the caller's scope not yet picked up (待核销); null for who hands out no goods. */
  async awaitingPickupCount(ctx: RequestContext): Promise<number | null> {
    const scope = Scope.of(ctx.actor, ORDER_STAFF);
    return scope.isEmpty ? null : repo.countAwaitingPickup(this.db, scope);
  }

  /** The street's monthly window (days, Asia/Shanghai) and the window of the current month. */
  async settings(ctx: RequestContext, streetId?: number) {
    const street = await this.streetFor(ctx, MALL_MANAGE, streetId);
    const days = await goods.windowDays(this.db, street);
    return { streetId: street, ...days };
  }

  /** Sets the days of the monthly redemption window. */
  async updateSettings(ctx: RequestContext, input: UpdateMallSettingsRequest) {
    return transaction(this.db, async (tx) => {
      const street = await this.streetFor(ctx, MALL_MANAGE, input.streetId, tx);
      const before = await goods.windowDays(tx, street);
      await goods.upsertWindowDays(tx, street, input, this.clock.now());
      await recordAudit(tx, this.clock, ctx, {
        action: 'mall.settings.update',
        objectType: 'mall_settings',
        objectId: street,
        streetId: street,
        detail: { before, after: { windowStartDay: input.windowStartDay, windowEndDay: input.windowEndDay } },
      });
      return { streetId: street, windowStartDay: input.windowStartDay, windowEndDay: input.windowEndDay };
    });
  }

  /** Units, points and yuan per product for one street and window. */
  async report(ctx: RequestContext, streetId: number | undefined, month: string | undefined): Promise<MallReport> {
    const street = await this.streetFor(ctx, MALL_MANAGE, streetId);
    return this.monthReport(street, month ?? windowAt(this.clock.now()).month);
  }

  /** The report of one street's month, for the monthly report (which checks who reads it). */
  async monthReport(street: number, m: string): Promise<MallReport> {
    // From the maintained totals, brought up to date first (mall-totals.service.ts).
    await refreshMallTotals(this.db);
    const r = await totals.report(this.db, street, m);
    const yuanPerPoint = await this.ledger.yuanPerPoint(this.db, street);
    const points = r.products.reduce((s, p) => s + p.points, 0);
    return {
      streetId: street,
      month: m,
      yuanPerPoint,
      products: r.products.map((p) => ({ ...p, costYuan: money(p.costYuan) })),
      totals: {
        orders: r.orders,
        cancelled: r.cancelled,
        units: r.products.reduce((s, p) => s + p.unitsOrdered, 0),
        points,
        costYuan: money(r.products.reduce((s, p) => s + p.costYuan, 0)),
        pointsYuan: money(points * yuanPerPoint),
      },
    };
  }

  /** Where a captain who has exited still redeems, while their points have not expired (docs/rules.md#captains). */
  private async exitedPlace(ctx: RequestContext, streetId?: number) {
    const p = await this.exits?.redeemingAfterExit(this.db, ctx.actor.userId, this.clock.now());
    return p && (streetId === undefined || p.streetId === streetId) ? p : null;
  }

  /**
   * The street a request is about: the one given, if the caller reaches it with one of `roles`
   * (bound in it or above it), else the caller's first street for those roles.
   */
  private async streetFor(ctx: RequestContext, roles: readonly Role[], streetId?: number, db: Db = this.db) {
    const scope = Scope.of(ctx.actor, roles);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    if (streetId === undefined) {
      const first = ctx.actor.bindings.find((b) => roles.includes(b.role) && b.streetId !== null);
      if (!first?.streetId) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'streetId', message: 'required' }] });
      }
      return first.streetId;
    }
    const path = await goods.streetPath(db, streetId);
    const bound = streetsOf(ctx.actor, roles).has(streetId);
    if (path === undefined || !(bound || scope.covers(path))) throw notFound();
    return streetId;
  }

  /**
   * The window-opening job: once a street's monthly window is open, tells each of its captains once per
   * window (the source key names street and month), so running it every few minutes is safe.
   */
  async announceWindows(now: Date = this.clock.now()): Promise<number> {
    if (!this.notifier) return 0;
    let sent = 0;
    for (const streetId of await goods.streetsWithGoods(this.db)) {
      const w = windowAt(now, await goods.windowDays(this.db, streetId));
      if (!w.isOpen) continue;
      const captains = await goods.captainsOfStreet(this.db, streetId);
      const month = w.month;
      // The last open day, in Shanghai time (closesAt is the following midnight there).
      const closes = lastShanghaiDayBefore(w.closesAt);
      sent += await transaction(this.db, (tx) =>
        (this.notifier as Notifier).notify(tx, captains, {
          streetId,
          kind: 'mall_window_open',
          titleZh: '积分商城本月兑换已开始',
          titleEn: 'The points mall is open for this month’s orders',
          body: `兑换截止 ${closes}，每月兑换一次，人人有机会`,
          objectType: null,
          objectId: null,
          sourceKey: `mall_window:${streetId}:${month}`,
        }),
      );
    }
    return sent;
  }
}

/** An unknown or withdrawn product, or more than a person may take: refused before anything is written. */
function refuseUnavailable(
  streetId: number,
  items: readonly { productId: number; quantity: number }[],
  found: Map<number, goods.ProductRow>,
): void {
  for (const i of items) {
    const p = found.get(i.productId);
    if (!p || p.streetId !== streetId || !p.isActive) throw new AppError('PRODUCT_UNAVAILABLE');
    if (p.perPersonLimit !== null && i.quantity > p.perPersonLimit) {
      throw new AppError('PER_PERSON_LIMIT', {
        zh: `${p.name}每人限兑 ${p.perPersonLimit} 件`,
        en: `${p.perPersonLimit} per person`,
      });
    }
  }
}
