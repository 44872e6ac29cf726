import {
  type Lang,
  type OrgKind,
  type ReportFigures,
  type ReportFiguresByUnit,
  shanghaiDay,
  startOfShanghaiDay,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { ReplicaReads } from '../../platform/replica';
import { isWithin, Scope } from '../../platform/scope';
import * as totals from './report-totals.repository';
import { FIGURES_ROLES, levelName } from './reports.policy';
import * as repo from './reports.repository';

/**
 * Queued changes past which a read first waits for a refresh: up to it, the read recomputes the queued
 * building-days under its units within its own statement (a few index lookups each); past it — the
 * refresh job not running, or a first build — one refresh in this process drains the queue, and every read
 * arriving meanwhile waits for that same one instead of recomputing the queue for itself.
 */
export const DRAIN_OVER_QUEUE = 1_000;

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
  constructor(
    private readonly db: Db,
    /** The figures are a dashboard: read from the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
  ) {}

  /**
   * Read from the maintained totals (report-totals.repository.ts) as a refresh would leave them: the
   * building-days changed since the last refresh recomputed from the reports within the same statement
   * (a queue over DRAIN_OVER_QUEUE rows is drained first) — for any period of whole Asia/Shanghai days.
   * A period cut inside a day is counted from the reports.
   */
  async figures(ctx: RequestContext, q: { orgUnitId?: number; from?: string; to?: string }): Promise<ReportFigures> {
    const scope = Scope.of(ctx.actor, FIGURES_ROLES);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let underPath: string | undefined;
    if (q.orgUnitId !== undefined) {
      const unit = await repo.findOrgUnit(this.db, q.orgUnitId);
      if (!unit || !scope.overlaps(unit.path)) throw notFound();
      underPath = unit.path;
    }
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    const fromDay = from && dayStart(from);
    const toDay = to && dayStart(to);
    let all: (repo.FigureAgg & { grouping: totals.Grouping })[];
    if (fromDay !== null && toDay !== null) {
      // The units whose totals make up the answer: the unit asked for when the caller sees all of it,
      // else the caller's own subtrees inside it (a community's staff looking at their street).
      const paths = underPath
        ? scope.covers(underPath)
          ? [underPath]
          : scope.paths.filter((p) => isWithin(p, underPath as string))
        : [...scope.paths];
      // The building-days still queued are recomputed inside the read (totals.figures), so a read writes
      // nothing; a long queue is drained first, on the primary — a replica shows that refresh once it has
      // replayed it, within its lag.
      await this.drainOver(DRAIN_OVER_QUEUE);
      all = await this.reads.run(ctx, (db) => totals.figures(db, paths.map(unitIdOf), { fromDay, toDay }));
    } else {
      all = await this.reads.run(ctx, (db) => this.scan(db, scope, { underPath, from, to }));
    }
    return this.present(all, ctx.lang, { orgUnitId: q.orgUnitId ?? null, from: q.from ?? null, to: q.to ?? null });
  }

  /**
   * The dashboard's table by unit: the total figures of each unit one level down from the unit asked (or
   * from the caller's own unit), for drilling down street → community → grid → building; a unit the caller
   * sees part of counts that part. Each row is the `total` the figures of that unit would show.
   */
  async byUnit(
    ctx: RequestContext,
    q: { orgUnitId?: number; from?: string; to?: string },
  ): Promise<ReportFiguresByUnit> {
    const scope = Scope.of(ctx.actor, FIGURES_ROLES);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let parentPaths = [...scope.paths];
    if (q.orgUnitId !== undefined) {
      const unit = await repo.findOrgUnit(this.db, q.orgUnitId);
      if (!unit || !scope.overlaps(unit.path)) throw notFound();
      parentPaths = [unit.path];
    }
    // One own unit: its children are the rows; several (a worker of two grids): those units themselves.
    const units =
      parentPaths.length === 1
        ? await totals.childUnits(this.db, unitIdOf(parentPaths[0] as string))
        : await totals.unitsByIds(this.db, parentPaths.map(unitIdOf));
    const rows = units
      .map((u) => ({
        ...u,
        paths: scope.covers(u.path) ? [u.path] : scope.paths.filter((p) => isWithin(p, u.path)),
      }))
      .filter((u) => u.paths.length > 0);
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    const fromDay = from && dayStart(from);
    const toDay = to && dayStart(to);
    const figures = new Map<number, repo.FigureAgg>();
    if (fromDay !== null && toDay !== null) {
      await this.drainOver(DRAIN_OVER_QUEUE);
      const groups = rows.map((u) => ({ key: u.id, ids: u.paths.map(unitIdOf) }));
      for (const f of await this.reads.run(ctx, (db) => totals.figuresByGroup(db, groups, { fromDay, toDay }))) {
        figures.set(Number(f.key), f);
      }
    } else {
      // A period cut inside a day: counted from the reports, unit by unit.
      await this.reads.run(ctx, async (db) => {
        for (const u of rows) {
          const [f] = await repo.figures(db, Scope.ofPaths(u.paths), { from, to, groupBy: 'none' });
          if (f && f.received > 0) figures.set(u.id, f);
        }
      });
    }
    return {
      orgUnitId: q.orgUnitId ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      items: rows.map((u) => ({ orgUnitId: u.id, name: u.name, kind: u.kind as OrgKind, ...row(figures.get(u.id)) })),
    };
  }

  /**
   * The figures of one unit's whole subtree over whole Asia/Shanghai days [fromDay, toDay), from the
   * totals, for the monthly report (which checks who may read it).
   */
  async ofUnit(path: string, fromDay: string, toDay: string, lang: Lang): Promise<ReportFigures> {
    await this.drainOver(0);
    const all = await totals.figures(this.db, [unitIdOf(path)], { fromDay, toDay });
    return this.present(all, lang, { orgUnitId: unitIdOf(path), from: null, to: null });
  }

  private async present(
    all: (repo.FigureAgg & { grouping: totals.Grouping })[],
    lang: Lang,
    head: Pick<ReportFigures, 'orgUnitId' | 'from' | 'to'>,
  ): Promise<ReportFigures> {
    const of = (g: totals.Grouping) => all.filter((a) => a.grouping === g);
    const byCategory = of('category');
    const names = await repo.categoryNames(
      this.db,
      byCategory.map((c) => Number(c.key)),
    );
    return {
      ...head,
      total: row(of('none')[0]),
      byLevel: of('level').map((l) => ({ level: levelName(Number(l.key)), ...row(l) })),
      byCategory: byCategory.map((c) => {
        const n = names.find((x) => x.id === Number(c.key));
        return {
          categoryId: Number(c.key),
          categoryName: (lang === 'en' ? n?.en : n?.zh) ?? '',
          ...row(c),
        };
      }),
      byDay: of('day').map((d) => ({ day: String(d.key), ...row(d) })),
    };
  }

  /** Drains the queue of changed building-days into the totals (the `reports.totals` job, and before a read). */
  refresh(): Promise<number> {
    return transaction(this.db, (tx) => totals.refresh(tx));
  }

  private draining: Promise<number> | null = null;
  /** Refreshes `drainOver` has finished in this process. */
  private drained = 0;

  /**
   * Drains the queue when more than `over` changes wait in it: joins the refresh under way in this process,
   * or starts one — unless one finished while this read was counting (the count is stale then, and the
   * queue drained).
   */
  private async drainOver(over: number): Promise<void> {
    const seen = this.drained;
    if ((await totals.pending(this.db)) <= over) return;
    if (!this.draining) {
      if (this.drained !== seen) return;
      this.draining = this.refresh().finally(() => {
        this.draining = null;
        this.drained++;
      });
    }
    await this.draining;
  }

  /**
   * The drift check (the nightly `reports.totals-drift` job): refreshes, then recomputes `sample` random
   * unit-days straight from the reports; every difference is returned (and logged by the job runner).
   */
  async drift(sample = 200): Promise<totals.Drift[]> {
    await this.refresh();
    const found = await totals.drift(this.db, sample);
    if (found.length > 0) {
      throw new Error(`report totals drifted on ${found.length} unit-days, e.g. ${JSON.stringify(found[0])}`);
    }
    return found;
  }

  /** The figures counted from the reports themselves, for a period that does not fall on whole days. */
  private async scan(db: Db, scope: Scope, f: { underPath?: string; from?: Date; to?: Date }) {
    const out: (repo.FigureAgg & { grouping: totals.Grouping })[] = [];
    for (const grouping of ['none', 'level', 'category', 'day'] as const) {
      for (const r of await repo.figures(db, scope, { ...f, groupBy: grouping })) out.push({ ...r, grouping });
    }
    return out;
  }
}

/** The Asia/Shanghai day starting at `at` (YYYY-MM-DD), or null when `at` is not the start of a day there. */
function dayStart(at: Date): string | null {
  const day = shanghaiDay(at);
  return startOfShanghaiDay(day).getTime() === at.getTime() ? day : null;
}

/** The id of the unit at a materialised path ('/1/4/17/' → 17). */
const unitIdOf = (path: string) => Number(path.split('/').filter(Boolean).at(-1));
