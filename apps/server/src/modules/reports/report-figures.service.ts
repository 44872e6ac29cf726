import type { ReportFigures } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import { FIGURES_ROLES, levelName } from './reports.policy';
import * as repo from './reports.repository';

const round = (v: number | null, d = 2) => (v === null || v === undefined ? null : Number(Number(v).toFixed(d)));
const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 4) : null);

function row(a: repo.FigureAgg | undefined) {
  const received = a?.received ?? 0;
  const resolved = a?.resolved ?? 0;
  const within = a?.resolved_within_community ?? 0;
  return {
    received,
    answered: a?.answered ?? 0,
    resolved,
    responseRate: ratio(a?.answered ?? 0, received),
    avgFirstAnswerHours: round(a?.first_answer_hours ?? null),
    avgResolutionHours: round(a?.resolution_hours ?? null),
    avgRating: round(a?.avg_rating ?? null),
    rated: a?.rated ?? 0,
    resolvedWithinCommunity: within,
    escalatedBeyondCommunity: a?.escalated_beyond_community ?? 0,
    shareResolvedWithinCommunity: ratio(within, resolved),
  };
}

/**
 * Figures of docs/rules.md#reports per jurisdiction, level and category: received, answered, resolved, time to
 * first answer, resolution time, satisfaction, and "小事不出社区" made measurable (resolved without
 * leaving the community vs escalated beyond it). Reports are counted by when they were received.
 */
export class ReportFiguresService {
  constructor(private readonly db: Db) {}

  async figures(ctx: RequestContext, q: { orgUnitId?: number; from?: string; to?: string }): Promise<ReportFigures> {
    const scope = Scope.of(ctx.actor, FIGURES_ROLES);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let underPath: string | undefined;
    if (q.orgUnitId !== undefined) {
      const unit = await repo.findOrgUnit(this.db, q.orgUnitId);
      if (!unit || !scope.overlaps(unit.path)) throw notFound();
      underPath = unit.path;
    }
    const f = { underPath, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined };
    // One after another: on PGlite there is one connection anyway, and on PostgreSQL it spares the pool.
    const total = await repo.figures(this.db, scope, { ...f, groupBy: 'none' });
    const byLevel = await repo.figures(this.db, scope, { ...f, groupBy: 'level' });
    const byCategory = await repo.figures(this.db, scope, { ...f, groupBy: 'category' });
    const byDay = await repo.figures(this.db, scope, { ...f, groupBy: 'day' });
    const names = await repo.categoryNames(
      this.db,
      byCategory.map((c) => Number(c.key)),
    );
    return {
      orgUnitId: q.orgUnitId ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      total: row(total[0]),
      byLevel: byLevel.map((l) => ({ level: levelName(Number(l.key)), ...row(l) })),
      byCategory: byCategory.map((c) => {
        const n = names.find((x) => x.id === Number(c.key));
        return {
          categoryId: Number(c.key),
          categoryName: (ctx.lang === 'en' ? n?.en : n?.zh) ?? '',
          ...row(c),
        };
      }),
      byDay: byDay.map((d) => ({ day: String(d.key), ...row(d) })),
    };
  }
}
