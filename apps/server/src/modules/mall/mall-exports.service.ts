import type { MallReport, ProductView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { auditListExport } from '../../platform/list-export';
import type { MallService } from './mall.service';

/** The exports of 积分商城's products and its monthly report, read with the lists' own checks. */
export class MallExportsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly mall: MallService,
  ) {}

  /** The street's products as the list shows them; audited (`mall.products_export`) before the first byte. */
  async products(ctx: RequestContext, streetId?: number): Promise<readonly ProductView[]> {
    const list = await this.mall.products(ctx, streetId);
    const entry = { action: 'mall.products_export', objectType: 'mall_product', streetId: list.streetId };
    return auditListExport(this.db, this.clock, ctx, entry, { streetId }, list.items);
  }

  /** The month's report, one line per product; audited (`mall.report_export`) before the first byte. */
  async report(
    ctx: RequestContext,
    streetId?: number,
    month?: string,
  ): Promise<readonly MallReport['products'][number][]> {
    const r = await this.mall.report(ctx, streetId, month);
    const entry = { action: 'mall.report_export', objectType: 'mall_report', streetId: r.streetId };
    return auditListExport(this.db, this.clock, ctx, entry, { streetId, month: r.month }, r.products);
  }
}
