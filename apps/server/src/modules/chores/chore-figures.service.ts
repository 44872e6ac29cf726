import { type ChoreFigures, shanghaiDay, startOfShanghaiDay } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { Drift } from '../../platform/maintained-totals';
import { isWithin, Scope } from '../../platform/scope';
import type { OrgService } from '../org/org.service';
import * as figures from './chore-figures.repository';
import * as totals from './chore-totals.repository';
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

  /**
   * Over the caller's jurisdiction or one unit in it; without `from`, since the start; without `to`, until
   * now. A period of whole Asia/Shanghai days (the console's) is read from the maintained totals
   * (chore-totals.repository.ts), brought up to date first; a period cut inside a day is counted from the
   * submissions.
   */
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
    const fromDay = q.from ? dayStart(from) : undefined;
    const toDay = dayStart(to);
    const days = fromDay !== null && toDay !== null ? { fromDay, toDay } : null;
    const total = await this.of(scope, from, to, days);
    return {
      orgUnitId: q.orgUnitId ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      ...total,
      byDay: days
        ? await totals.approvedByDay(this.db, scope.paths.map(unitIdOf), days)
        : await figures.approvedByDay(this.db, scope, from, to),
    };
  }

  /** The same figures for one unit's whole subtree, for the monthly report (which checks who reads it). */
  ofUnit(path: string, from: Date, to: Date) {
    const fromDay = dayStart(from);
    const toDay = dayStart(to);
    return this.of(Scope.ofPaths([path]), from, to, fromDay !== null && toDay !== null ? { fromDay, toDay } : null);
  }

  /** Drains the queue of changed task-days into the totals (the `chores.totals` job, and before a read). */
  refresh(): Promise<number> {
    return transaction(this.db, (tx) => totals.refresh(tx));
  }

  /**
   * The drift check (the nightly `chores.totals-drift` job): refreshes, then recomputes `sample` random
   * unit-days straight from the submissions; any difference fails the job with the first one.
   */
  async drift(sample = 200): Promise<Drift[]> {
    await this.refresh();
    const found = await totals.drift(this.db, sample);
    if (found.length > 0) {
      throw new Error(`chore totals drifted on ${found.length} unit-days, e.g. ${JSON.stringify(found[0])}`);
    }
    return found;
  }

  private async of(scope: Scope, from: Date, to: Date, days: { fromDay?: string; toDay: string } | null) {
    let perStreet: Awaited<ReturnType<typeof figures.periodFigures>>;
    if (days) {
      if ((await totals.pending(this.db)) > 0) await this.refresh();
      perStreet = await totals.periodFigures(this.db, scope.paths.map(unitIdOf), days);
    } else {
      perStreet = await figures.periodFigures(this.db, scope, from, to);
    }
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

/** The Asia/Shanghai day starting at `at` (YYYY-MM-DD), or null when `at` is not the start of a day there. */
function dayStart(at: Date): string | null {
  const day = shanghaiDay(at);
  return startOfShanghaiDay(day).getTime() === at.getTime() ? day : null;
}

/** The id of the unit at a materialised path ('/1/4/17/' → 17). */
const unitIdOf = (path: string) => Number(path.split('/').filter(Boolean).at(-1));
