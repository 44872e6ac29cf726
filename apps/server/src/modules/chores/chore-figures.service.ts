import type { ChoreFigures } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { isWithin, Scope } from '../../platform/scope';
import type { OrgService } from '../org/org.service';
import * as figures from './chore-figures.repository';
import { TEMPLATE_READ } from './chores.policy';

interface YuanRates {
  yuanPerPoint(db: Db, streetId: number): Promise<number>;
}

const money = (v: number) => Math.round(v * 100) / 100;

/**
 * Chores and points over a period, for the dashboard and the monthly report: submitted, approved, rejected,
 * the points those approvals credited and their yuan value (docs/rules.md#dashboards).
 */
export class ChoreFiguresService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly rates: YuanRates,
  ) {}

  /** Over the caller's jurisdiction or one unit in it; without `from`, since the start; without `to`, until now. */
  async figures(ctx: RequestContext, q: { orgUnitId?: number; from?: string; to?: string }): Promise<ChoreFigures> {
    let scope = Scope.of(ctx.actor, TEMPLATE_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    if (q.orgUnitId !== undefined) {
      const unit = await this.org.placeOf(this.db, q.orgUnitId);
      if (!unit || !scope.overlaps(unit.path)) throw notFound();
      // All of the unit when the caller sees all of it, else the caller's own subtrees inside it.
      scope = scope.covers(unit.path)
        ? Scope.ofPaths([unit.path])
        : Scope.ofPaths(scope.paths.filter((p) => isWithin(p, unit.path)));
    }
    const now = this.clock.now();
    const from = q.from ? new Date(q.from) : new Date(0);
    const to = q.to ? new Date(q.to) : now;
    if (!(from < to)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'to', message: 'must be after from' }] });
    }
    const total = await this.of(scope, from, to);
    return {
      orgUnitId: q.orgUnitId ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      ...total,
      byDay: await figures.approvedByDay(this.db, scope, from, to),
    };
  }

  /** The same figures for one unit's whole subtree, for the monthly report (which checks who reads it). */
  ofUnit(path: string, from: Date, to: Date) {
    return this.of(Scope.ofPaths([path]), from, to);
  }

  private async of(scope: Scope, from: Date, to: Date) {
    const perStreet = await figures.periodFigures(this.db, scope, from, to);
    let pointsYuan = 0;
    for (const s of perStreet) pointsYuan += s.points * (await this.rates.yuanPerPoint(this.db, s.streetId));
    const sum = (k: 'submitted' | 'approved' | 'rejected' | 'points') => perStreet.reduce((a, s) => a + s[k], 0);
    return {
      submitted: sum('submitted'),
      approved: sum('approved'),
      rejected: sum('rejected'),
      points: sum('points'),
      pointsYuan: money(pointsYuan),
    };
  }
}
