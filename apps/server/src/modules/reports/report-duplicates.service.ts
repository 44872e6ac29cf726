import type { ReportDetail, ReportView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import type { ReportChangesService } from './report-changes.service';
import * as listsRepo from './report-lists.repository';
import { type ReportViewsService, viewerOf } from './report-views.service';
import { MERGE_ROLES, OPEN_STATUSES } from './reports.policy';
import * as repo from './reports.repository';

/**
 * Duplicates (docs/rules.md#reports): the open reports a resident sees before filing, joining one of them
 * instead (我也遇到), and staff merging a duplicate into the report of the same problem.
 */
export class ReportDuplicatesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly changes: ReportChangesService,
    private readonly views: ReportViewsService,
  ) {}

  /** Open reports of one category in one building, shown before filing so a resident can join one instead. */
  async similar(ctx: RequestContext, buildingId: number, categoryId: number) {
    const building = await repo.findOrgUnit(this.db, buildingId);
    if (building?.kind !== 'building' && building?.kind !== 'place') throw notFound();
    if (!(await this.views.maySeeBuilding(this.db, ctx.actor, building))) throw notFound();
    const found = await listsRepo.openInBuilding(this.db, buildingId, categoryId);
    const following = await repo.isFollowing(
      this.db,
      found.map((f) => f.report.id),
      ctx.actor.userId,
    );
    return {
      items: found.map((l) => ({
        id: l.report.id,
        categoryName: ctx.lang === 'en' ? l.categoryNameEn : l.categoryNameZh,
        description: l.report.description,
        location: l.report.location,
        status: l.report.status as ReportView['status'],
        followerCount: l.report.followerCount,
        createdAt: l.report.createdAt.toISOString(),
        isFollowing: following.has(l.report.id),
      })),
    };
  }

  /** Joins an open report of one's building instead of filing a duplicate (我也遇到): the joiner follows it. */
  async join(ctx: RequestContext, id: number): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const r = await repo.lockReport(tx, id);
      if (!r) throw notFound();
      const building = { id: r.buildingId, path: r.path, kind: (await repo.findOrgUnit(tx, r.buildingId))?.kind };
      const visible = (await listsRepo.findVisible(tx, viewerOf(ctx.actor), id)) !== undefined;
      if (!visible && !(await this.views.maySeeBuilding(tx, ctx.actor, building))) throw notFound();
      if (!OPEN_STATUSES.includes(r.status as ReportView['status'])) throw new AppError('REPORT_BAD_STATE');
      const added = await repo.addFollower(tx, {
        reportId: r.id,
        userId: ctx.actor.userId,
        streetId: r.streetId,
        kind: 'joined',
        createdAt: this.clock.now(),
      });
      if (added)
        await this.changes.change(tx, ctx, r, 'joined', { followerCount: await repo.countFollowers(tx, r.id) });
      return this.views.detailOf(tx, ctx, id);
    });
    return value;
  }

  /** Merges duplicate `id` into `intoId`: its followers follow the other, and it closes as merged. */
  async merge(ctx: RequestContext, id: number, intoId: number): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const scope = Scope.of(ctx.actor, MERGE_ROLES);
      const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
      const a = await repo.lockReport(tx, first);
      const b = await repo.lockReport(tx, second);
      const dup = a?.id === id ? a : b;
      const target = a?.id === intoId ? a : b;
      if (!dup || !scope.covers(dup.path)) throw notFound();
      if (!target || !scope.covers(target.path)) throw notFound();
      const open = (x: repo.ReportRow) => OPEN_STATUSES.includes(x.status as ReportView['status']);
      if (dup.id === target.id || dup.streetId !== target.streetId || !open(dup) || !open(target)) {
        throw new AppError('REPORT_MERGE_INVALID');
      }
      const now = this.clock.now();
      await repo.copyFollowers(tx, dup.id, target.id, now);
      await this.changes.change(
        tx,
        ctx,
        target,
        'merged',
        { followerCount: await repo.countFollowers(tx, target.id) },
        { detail: { mergedReportId: dup.id } },
      );
      await this.changes.change(
        tx,
        ctx,
        dup,
        'merged_into',
        { status: 'merged', mergedIntoId: target.id, closedAt: now, dueAt: null },
        { detail: { intoReportId: target.id } },
      );
      return this.views.detailOf(tx, ctx, target.id);
    });
    return value;
  }
}
