import {
  COUNT_CAP,
  type ListTotal,
  normalisePhone,
  type OrderExportQuery,
  type OrderListQuery,
  type OrderView,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { auditPagedExport, keysetRows, searchMasked } from '../../platform/list-export';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import { Scope } from '../../platform/scope';
import { ORDER_STAFF } from './mall.policy';
import { presentOrder } from './mall.presenter';
import * as mall from './mall.repository';
import * as repo from './mall-orders.repository';
import { normalisePickupCode } from './mall-window';

/** 兑换订单 for staff: search by pickup code, phone or name, status and month filters, count and export. */
export class MallOrdersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
  ) {}

  private filterOf(ctx: RequestContext, q: OrderExportQuery): { scope: Scope; filter: repo.StaffOrderFilter } {
    const scope = Scope.of(ctx.actor, ORDER_STAFF);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return {
      scope,
      filter: { streetId: q.streetId, month: q.month, status: q.status, search: q.q ? this.searchOf(q.q) : undefined },
    };
  }

  /** A mobile number (the captain's, by its blind index), else a pickup code as typed, else a name. */
  private searchOf(text: string): NonNullable<repo.StaffOrderFilter['search']> {
    const phone = normalisePhone(text);
    if (/^1\d{10}$/.test(phone)) return { phoneHash: this.cipher.blindIndex('phone', phone) };
    const code = normalisePickupCode(text);
    if (code) return { pickupCode: code };
    return { text: text.trim() };
  }

  /** Orders of captains within the staff member's jurisdiction, newest first unless asked otherwise. */
  async orders(
    ctx: RequestContext,
    q: OrderListQuery,
  ): Promise<{ items: OrderView[]; nextCursor: string | null } & ListTotal> {
    const { scope, filter } = this.filterOf(ctx, q);
    const after = q.cursor ? Number(decodeKeyCursor(q.cursor, q.sort, ['number'])[0]) : undefined;
    const [found, counted] = await Promise.all([
      repo.staffOrders(this.db, scope, filter, q.sort, after, q.limit + 1),
      // Counted once, for the first page; later pages keep the first page's figure.
      q.cursor ? Promise.resolve(null) : repo.countStaffOrders(this.db, scope, filter, COUNT_CAP),
    ]);
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: await this.present(page, ctx.actor.userId),
      nextCursor: found.length > q.limit && last ? encodeKeyCursor(q.sort, [last.id]) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /** Everything the list's filters show, page by page in its order. Audited first; refused over COUNT_CAP rows. */
  async exportRows(
    ctx: RequestContext,
    q: OrderExportQuery,
  ): Promise<{ total: number; rows: AsyncIterable<OrderView> }> {
    const { scope, filter } = this.filterOf(ctx, q);
    const total = await repo.countStaffOrders(this.db, scope, filter, COUNT_CAP);
    if (total > COUNT_CAP) throw new AppError('EXPORT_TOO_LARGE');
    const entry = { action: 'mall.orders.export', objectType: 'mall_order' };
    await auditPagedExport(this.db, this.clock, ctx, entry, total, searchMasked(q, filter.search));
    const rows = keysetRows({
      read: (after: number | undefined, limit) => repo.staffOrders(this.db, scope, filter, q.sort, after, limit),
      keyOf: (last) => last.id,
      present: (page) => this.present(page, ctx.actor.userId),
    });
    return { total, rows };
  }

  private async present(page: mall.OrderRow[], viewerUserId: number): Promise<OrderView[]> {
    const lines = await mall.linesOf(
      this.db,
      page.map((o) => o.id),
    );
    return page.map((o) => presentOrder(o, lines, viewerUserId));
  }
}
