import type { Workbench } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { ChoreReviewService } from '../chores/chore-review.service';
import type { MallService } from '../mall/mall.service';
import type { ReportsService } from '../reports/reports.service';
import type { ResidencyService } from '../residency/residency.service';

/**
 * 工作台: what waits for the caller today, counted by the modules that own the work (each in the caller's
 * own jurisdiction, by the same rules as its lists), so a count and the list it opens always agree.
 */
export class WorkbenchService {
  constructor(
    private readonly reports: ReportsService,
    private readonly choreReview: ChoreReviewService,
    private readonly mall: MallService,
    private readonly residency: ResidencyService,
  ) {}

  async counts(ctx: RequestContext): Promise<Workbench> {
    const [handling, reviews, pickups, residency] = await Promise.all([
      this.reports.handlingCounts(ctx),
      this.choreReview.pendingCount(ctx),
      this.mall.awaitingPickupCount(ctx),
      this.residency.pendingCount(ctx),
    ]);
    return {
      reviews,
      handling: handling?.waiting ?? null,
      dueSoon: handling?.dueSoon ?? null,
      overdue: handling?.overdue ?? null,
      pickups,
      residency,
    };
  }
}
