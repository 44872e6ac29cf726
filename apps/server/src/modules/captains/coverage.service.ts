import type { CoverageFigure, CoverageView, UncoveredBuilding } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { auditListExport } from '../../platform/list-export';
import type { ReplicaReads } from '../../platform/replica';
import { Scope } from '../../platform/scope';
import { COVERAGE_READ } from './captains.policy';
import * as captainsRepo from './captains.repository';
import * as coverageRepo from './coverage.repository';

/** What coverage needs of the household registry (modules/households HouseholdsService.countsByBuilding). */
export interface HouseholdCounts {
  countsByBuilding(db: Db, paths: readonly string[]): Promise<Map<number, number>>;
}

const EXPORT_ENTRY = (orgUnitId: number | undefined, table: 'uncovered' | 'figures') => ({
  action: `captain.coverage_export.${table}`,
  objectType: 'org_unit',
  objectId: orgUnitId ?? null,
});

/** Open buildings (开放式楼栋): no property company runs them (docs/rules.md#captains). */
const isOpen = (management: string | null) => management !== 'managed' && management !== 'self_managed';

/**
 * Coverage (docs/rules.md#captains): buildings with no active captain (none bound, or only suspended or
 * exited ones), open buildings first, then most households; per community and street the share of
 * buildings covered and households per active captain.
 */
export class CoverageService {
  constructor(
    private readonly db: Db,
    /** Coverage is a dashboard: read from the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly households: HouseholdCounts,
    private readonly clock: Clock,
  ) {}

  /** Coverage under the caller's jurisdiction, or under one unit in it. */
  async coverage(ctx: RequestContext, orgUnitId?: number): Promise<CoverageView> {
    let scope = Scope.of(ctx.actor, COVERAGE_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    if (orgUnitId !== undefined) {
      const unit = await captainsRepo.findUnit(this.db, scope, orgUnitId);
      if (!unit) throw notFound();
      scope = Scope.ofPaths([unit.path]);
    }
    return this.within(scope, (read) => this.reads.run(ctx, read));
  }

  /** 无楼长楼栋's export, for the same unit; audited (`captain.coverage_export`) before the first byte. */
  async exportUncovered(ctx: RequestContext, orgUnitId?: number): Promise<readonly UncoveredBuilding[]> {
    const { uncovered } = await this.coverage(ctx, orgUnitId);
    return auditListExport(this.db, this.clock, ctx, EXPORT_ENTRY(orgUnitId, 'uncovered'), { orgUnitId }, uncovered);
  }

  /** 覆盖率's export, for the same unit; audited (`captain.coverage_export`) before the first byte. */
  async exportFigures(ctx: RequestContext, orgUnitId?: number): Promise<readonly CoverageFigure[]> {
    const { figures } = await this.coverage(ctx, orgUnitId);
    return auditListExport(this.db, this.clock, ctx, EXPORT_ENTRY(orgUnitId, 'figures'), { orgUnitId }, figures);
  }

  /** The coverage figure of one street or community today, for the monthly report (which checks who reads it). */
  async figureOf(orgUnitId: number, path: string): Promise<CoverageView['figures'][number] | null> {
    const { figures } = await this.within(Scope.ofPaths([path]), (read) => read(this.db));
    return figures.find((f) => f.id === orgUnitId) ?? null;
  }

  /** Coverage of `scope`, its rows read through `on` (the replica for the dashboard, the primary otherwise). */
  private async within(scope: Scope, on: <T>(read: (db: Db) => Promise<T>) => Promise<T>): Promise<CoverageView> {
    const { buildings, households } = await on(async (db) => ({
      buildings: await coverageRepo.buildingsWithCaptains(db, scope),
      households: await this.households.countsByBuilding(db, scope.paths),
    }));
    const hh = (id: number) => households.get(Number(id)) ?? 0;
    const uncovered = buildings
      .filter((b) => b.activeCaptains.length === 0)
      .map((b) => ({
        id: b.id,
        name: b.name,
        communityId: b.communityId,
        communityName: b.communityName,
        estateName: b.estateName,
        isOpen: isOpen(b.management),
        households: hh(b.id),
      }))
      .sort(
        (x, y) =>
          Number(y.isOpen) - Number(x.isOpen) ||
          y.households - x.households ||
          x.name.localeCompare(y.name, 'zh') ||
          x.id - y.id,
      )
      .slice(0, 500);

    const groups = new Map<
      string,
      { id: number; name: string; kind: 'street' | 'community'; rows: coverageRepo.BuildingRow[] }
    >();
    for (const b of buildings) {
      const keys: [string, number, string, 'street' | 'community'][] = [['s', b.streetId, b.streetName, 'street']];
      if (b.communityId !== null) keys.push(['c', b.communityId, b.communityName ?? '', 'community']);
      for (const [p, id, name, kind] of keys) {
        const k = `${p}${id}`;
        const g = groups.get(k) ?? { id: Number(id), name, kind, rows: [] };
        g.rows.push(b);
        groups.set(k, g);
      }
    }
    const figures = [...groups.values()].map((g) => {
      const covered = g.rows.filter((b) => b.activeCaptains.length > 0);
      const captains = new Set(g.rows.flatMap((b) => b.activeCaptains.map(Number)));
      const total = g.rows.reduce((s, b) => s + hh(b.id), 0);
      return {
        id: g.id,
        name: g.name,
        kind: g.kind,
        buildings: g.rows.length,
        covered: covered.length,
        households: total,
        coveredHouseholds: covered.reduce((s, b) => s + hh(b.id), 0),
        activeCaptains: captains.size,
        householdsPerCaptain: captains.size > 0 ? Math.round((total / captains.size) * 10) / 10 : null,
        coverage: g.rows.length > 0 ? Math.round((covered.length / g.rows.length) * 10_000) / 10_000 : 0,
      };
    });
    figures.sort((x, y) =>
      x.kind === y.kind ? x.name.localeCompare(y.name, 'zh') || x.id - y.id : x.kind === 'street' ? -1 : 1,
    );
    return { uncovered, figures };
  }
}
