import type {
  CreateFundRequest,
  FundList,
  FundView,
  PaymentView,
  RecordExpenseRequest,
  RecordPaymentRequest,
  UpdateSharesRequest,
} from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import { innerPaths, manages, READ_ROLES } from '../deliberation/deliberation.policy';
import type { DeliberationService } from '../deliberation/deliberation.service';
import type { PhotosService } from '../photos/photos.service';
import { type CostListPrint, renderCostList } from './cost-list-pdf';
import { presentFund } from './funds.presenter';
import * as repo from './funds.repository';
import { sharesFor, splitFen } from './shares';

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Shared funds (docs/rules.md#shared-funds): a captain or staff over a building opens a fund with its notice, quotes
 * and each household's share (summing to the total exactly); payments once per household; expenses with receipts;
 * settling refunds what is left. The whole cost list is open to every household of the building.
 */
export class FundsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
    private readonly deliberation: DeliberationService,
  ) {}

  private viewer(actor: Actor): repo.Viewer {
    return { scope: Scope.of(actor, READ_ROLES), inner: innerPaths(actor), userId: actor.userId };
  }

  /** Opens a fund over a building: shares equal, by floor area (largest remainder) or custom summing to the total. */
  async create(ctx: RequestContext, input: CreateFundRequest): Promise<FundView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findUnit(tx, input.buildingId);
      if (!unit || unit.streetId === null || unit.kind !== 'building') throw notFound();
      if (!manages(ctx.actor, unit.path)) {
        if (Scope.of(ctx.actor, READ_ROLES).overlaps(unit.path) || innerPaths(ctx.actor).length > 0)
          throw new AppError('FORBIDDEN');
        throw notFound();
      }
      if (input.proposalId !== undefined && !(await this.deliberation.passedOver(tx, input.proposalId, unit.path)))
        throw new AppError('FUND_PROPOSAL_INVALID');
      const households = await repo.householdsOf(tx, unit.id);
      if (households.length === 0) throw new AppError('FUND_NO_HOUSEHOLDS');
      const amounts = sharesFor(input.split, input.totalFen, households, input.customShares);
      const photoIds = input.quotes.flatMap((q) => (q.photoId ? [q.photoId] : []));
      await this.photos.requireOwn(tx, ctx.actor.userId, photoIds);
      const now = this.clock.now();
      const fund = await repo.insertFund(tx, {
        streetId: unit.streetId,
        buildingId: unit.id,
        path: unit.path,
        title: input.title,
        notice: input.notice,
        proposalId: input.proposalId ?? null,
        totalFen: input.totalFen,
        split: input.split,
        createdBy: ctx.actor.userId,
        createdAt: now,
      });
      await repo.insertShares(
        tx,
        [...amounts].map(([householdId, amountFen]) => ({ fundId: fund.id, householdId, amountFen })),
      );
      await repo.insertQuotes(
        tx,
        input.quotes.map((q) => ({
          fundId: fund.id,
          contractor: q.contractor,
          amountFen: q.amountFen,
          photoId: q.photoId ?? null,
          note: q.note || null,
          createdBy: ctx.actor.userId,
          createdAt: now,
        })),
      );
      await recordAudit(tx, this.clock, ctx, {
        action: 'fund.create',
        objectType: 'fund',
        objectId: fund.id,
        streetId: fund.streetId,
        detail: { buildingId: unit.id, totalFen: input.totalFen, split: input.split, households: households.length },
      });
      return this.view(tx, ctx.actor, (await repo.listVisible(tx, this.viewer(ctx.actor), fund.id))[0]!);
    });
    return value;
  }

  async list(ctx: RequestContext) {
    const found = await repo.listVisible(this.db, this.viewer(ctx.actor));
    const items = [];
    for (const f of found) {
      const v = await this.view(this.db, ctx.actor, f);
      items.push({
        id: v.id,
        buildingId: v.buildingId,
        buildingName: v.buildingName,
        title: v.title,
        totalFen: v.totalFen,
        status: v.status,
        createdAt: v.createdAt,
        totals: v.totals,
      });
    }
    return { items };
  }

  /** The funds the list shows; audited (`fund.export`) before the first byte. */
  async exportList(ctx: RequestContext): Promise<readonly FundList['items'][number][]> {
    const { items } = await this.list(ctx);
    return auditListExport(this.db, this.clock, ctx, { action: 'fund.export', objectType: 'fund' }, {}, items);
  }

  /** The cost list (费用清单): everything about the fund, for every household of the building. */
  async get(ctx: RequestContext, id: number): Promise<FundView> {
    return this.view(this.db, ctx.actor, await this.visibleIn(this.db, ctx.actor, id));
  }

  /** A quote added by a manager, with its photo. */
  async addQuote(
    ctx: RequestContext,
    id: number,
    q: { contractor: string; amountFen: number; photoId?: number | undefined; note?: string | undefined },
  ) {
    return transaction(this.db, async (tx) => {
      const f = await this.managed(tx, ctx.actor, id);
      if (q.photoId) await this.photos.requireOwn(tx, ctx.actor.userId, [q.photoId]);
      await repo.insertQuotes(tx, [
        {
          fundId: id,
          contractor: q.contractor,
          amountFen: q.amountFen,
          photoId: q.photoId ?? null,
          note: q.note || null,
          createdBy: ctx.actor.userId,
          createdAt: this.clock.now(),
        },
      ]);
      await recordAudit(tx, this.clock, ctx, {
        action: 'fund.quote',
        objectType: 'fund',
        objectId: id,
        streetId: f.streetId,
        detail: q,
      });
      return this.view(tx, ctx.actor, f);
    });
  }

  /**
   * Re-splits the total among the fund's households (the same ones) before any payment: once a household has paid,
   * the shares are fixed (FUND_SHARES_LOCKED). The fund row is locked, as a payment locks it, so an edit and a first
   * payment cannot both pass.
   */
  async updateShares(ctx: RequestContext, id: number, input: UpdateSharesRequest): Promise<FundView> {
    return transaction(this.db, async (tx) => {
      const f = await this.managed(tx, ctx.actor, id);
      if (await repo.anyPayment(tx, id)) throw new AppError('FUND_SHARES_LOCKED');
      const current = await repo.shares(tx, id);
      const amounts = sharesFor(
        input.split,
        f.totalFen,
        current.map((s) => ({ id: s.householdId, areaCm2: s.areaCm2 })),
        input.customShares,
      );
      await repo.resplit(tx, id, input.split, amounts);
      await recordAudit(tx, this.clock, ctx, {
        action: 'fund.shares',
        objectType: 'fund',
        objectId: id,
        streetId: f.streetId,
        detail: {
          split: input.split,
          previousSplit: f.split,
          changed: current.filter((s) => amounts.get(s.householdId) !== s.amountFen).length,
        },
      });
      return this.view(tx, ctx.actor, { ...f, split: input.split });
    });
  }

  /**
   * A household's payment of its share, once: the captain (or staff) records it with the receipt's photo, or a member
   * of the household confirms on the phone that they paid.
   */
  async pay(ctx: RequestContext, id: number, input: RecordPaymentRequest): Promise<PaymentView> {
    return transaction(this.db, async (tx) => {
      const f = await this.visibleIn(tx, ctx.actor, id, true);
      if (f.status === 'settled') throw new AppError('FUND_SETTLED');
      const mine = await repo.myHouseholds(tx, f.buildingId, ctx.actor.userId);
      const isManager = manages(ctx.actor, f.path);
      let householdId: number;
      let method: 'captain' | 'household';
      if (input.householdId !== undefined && !mine.includes(input.householdId)) {
        if (!isManager) throw new AppError('FUND_NOT_MY_HOUSEHOLD');
        householdId = input.householdId;
        method = 'captain';
      } else {
        householdId = input.householdId ?? (mine.length === 1 ? mine[0]! : -1);
        if (householdId === -1) throw new AppError(mine.length === 0 ? 'FUND_NOT_MY_HOUSEHOLD' : 'VALIDATION_FAILED');
        method = 'household';
      }
      if (method === 'captain') {
        if (input.receiptPhotoId === undefined) throw new AppError('FUND_RECEIPT_REQUIRED');
      }
      if (input.receiptPhotoId !== undefined)
        await this.photos.requireOwn(tx, ctx.actor.userId, [input.receiptPhotoId]);
      const share = (await repo.shares(tx, id)).find((s) => s.householdId === householdId);
      if (!share) throw new AppError('FUND_NOT_MY_HOUSEHOLD');
      if (share.amountFen === 0) throw new AppError('VALIDATION_FAILED');
      const now = this.clock.now();
      const ok = await repo.insertPayment(tx, {
        fundId: id,
        householdId,
        amountFen: share.amountFen,
        method,
        receiptPhotoId: input.receiptPhotoId ?? null,
        recordedBy: ctx.actor.userId,
        createdAt: now,
      });
      if (!ok) throw new AppError('FUND_PAYMENT_EXISTS');
      await recordAudit(tx, this.clock, ctx, {
        action: 'fund.payment',
        objectType: 'fund',
        objectId: id,
        streetId: f.streetId,
        detail: { householdId, amountFen: share.amountFen, method },
      });
      return {
        householdId,
        amountFen: share.amountFen,
        method,
        receiptPhoto: input.receiptPhotoId ? ((await this.photos.views(tx, [input.receiptPhotoId]))[0] ?? null) : null,
        recordedByName: ctx.actor.name,
        at: iso(now),
      };
    });
  }

  /** An expense, only with the photo of its receipt. */
  async addExpense(ctx: RequestContext, id: number, input: RecordExpenseRequest): Promise<FundView> {
    return transaction(this.db, async (tx) => {
      const f = await this.managed(tx, ctx.actor, id);
      if (input.receiptPhotoId === undefined) throw new AppError('FUND_RECEIPT_REQUIRED');
      await this.photos.requireOwn(tx, ctx.actor.userId, [input.receiptPhotoId]);
      await repo.insertExpense(tx, {
        fundId: id,
        item: input.item,
        amountFen: input.amountFen,
        receiptPhotoId: input.receiptPhotoId,
        spentOn: input.spentOn,
        recordedBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'fund.expense',
        objectType: 'fund',
        objectId: id,
        streetId: f.streetId,
        detail: { ...input },
      });
      return this.view(tx, ctx.actor, f);
    });
  }

  /** Settles the fund: what is left (paid − spent) goes back to the payers in proportion to what they paid. */
  async settle(ctx: RequestContext, id: number): Promise<FundView> {
    return transaction(this.db, async (tx) => {
      const f = await this.managed(tx, ctx.actor, id);
      const shares = await repo.shares(tx, id);
      const paid = shares.reduce((s, x) => s + (x.paidFen ?? 0), 0);
      const spent = (await repo.expenses(tx, id)).reduce((s, e) => s + e.amountFen, 0);
      const left = paid - spent;
      const now = this.clock.now();
      if (left > 0) {
        const payers = shares
          .filter((s) => (s.paidFen ?? 0) > 0)
          .map((s) => ({ key: s.householdId, weight: s.paidFen! }));
        const refunds = splitFen(left, payers);
        await repo.insertRefunds(
          tx,
          [...refunds]
            .filter(([, fen]) => fen > 0)
            .map(([householdId, amountFen]) => ({ fundId: id, householdId, amountFen, createdAt: now })),
        );
      }
      await repo.settle(tx, id, now);
      await recordAudit(tx, this.clock, ctx, {
        action: 'fund.settle',
        objectType: 'fund',
        objectId: id,
        streetId: f.streetId,
        detail: { paid, spent, refunded: Math.max(left, 0) },
      });
      return this.view(tx, ctx.actor, { ...f, status: 'settled', settledAt: now });
    });
  }

  /** The cost list on one A4 page, for the stairwell. */
  async costListPdf(ctx: RequestContext, id: number): Promise<{ pdf: Buffer; filename: string }> {
    const v = await this.get(ctx, id);
    const print: CostListPrint = v;
    return { pdf: await renderCostList(print), filename: `费用清单-${v.buildingName}-${v.id}.pdf` };
  }

  /** Whoever sees the fund sees its quotes' and receipts' photos: the cost list is for every household to inspect. */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    for (const id of await repo.fundsHoldingPhoto(db, photoId)) {
      if ((await repo.listVisible(db, this.viewer(actor), id)).length > 0) return true;
    }
    return false;
  };

  private async visibleIn(db: Db, actor: Actor, id: number, lock = false) {
    const [f] = await repo.listVisible(db, this.viewer(actor), id, lock);
    if (!f) throw notFound();
    return f;
  }

  private async managed(tx: Db, actor: Actor, id: number) {
    const f = await this.visibleIn(tx, actor, id, true);
    if (!manages(actor, f.path)) throw new AppError('FORBIDDEN');
    if (f.status === 'settled') throw new AppError('FUND_SETTLED');
    return f;
  }

  private async view(db: Db, actor: Actor, f: repo.FundListed): Promise<FundView> {
    const [quotes, shares, expenses, mine] = [
      await repo.quotes(db, f.id),
      await repo.shares(db, f.id),
      await repo.expenses(db, f.id),
      await repo.myHouseholds(db, f.buildingId, actor.userId),
    ];
    const photoIds = [
      ...quotes.flatMap((q) => (q.photoId ? [q.photoId] : [])),
      ...shares.flatMap((s) => (s.receiptPhotoId ? [s.receiptPhotoId] : [])),
      ...expenses.map((e) => e.receiptPhotoId),
    ];
    const views = new Map((await this.photos.views(db, photoIds)).map((p) => [p.id, p]));
    return presentFund(f, { quotes, shares, expenses, mine, photos: views, canManage: manages(actor, f.path) });
  }
}
