import { randomBytes } from 'node:crypto';
import {
  type CreateMonthlyReport,
  daysInMonth,
  type MonthlyReportView,
  type ReportFigures,
  shanghaiDay,
  shanghaiMidnight,
  shanghaiMonth,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { BlobStore } from '../../platform/files';
import { Scope } from '../../platform/scope';
import type { CoverageService } from '../captains/coverage.service';
import type { CareVisitsService } from '../care/care-visits.service';
import type { ChoreFiguresService } from '../chores/chore-figures.service';
import type { MallService } from '../mall/mall.service';
import type { OrgService } from '../org/org.service';
import type { ReportFiguresService } from '../reports/report-figures.service';
import { type Figure, type MonthlyReportContent, renderMonthlyReport } from './monthly-report-pdf';
import * as repo from './monthly-reports.repository';

/** Who reads and makes monthly reports: the staff of the unit or above it. */
const READERS = ['community_staff', 'street_staff', 'admin'] as const;
/** Reports the monthly job writes per run: the 1st spreads over a few runs rather than one long one. */
const PER_RUN = 4;

export interface MonthlyReportSources {
  org: OrgService;
  reportFigures: ReportFiguresService;
  choreFigures: ChoreFiguresService;
  careVisits: CareVisitsService;
  mall: MallService;
  coverage: CoverageService;
}

/** A month's bounds in Asia/Shanghai: [from, to), its days, and the month before. */
export function monthBounds(month: string) {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const next = m === 12 ? { y: year + 1, m: 1 } : { y: year, m: m + 1 };
  const prev = m === 1 ? { y: year - 1, m: 12 } : { y: year, m: m - 1 };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    from: shanghaiMidnight(year, m, 1),
    to: shanghaiMidnight(next.y, next.m, 1),
    fromDay: `${month}-01`,
    toDay: `${next.y}-${pad(next.m)}-01`,
    days: daysInMonth(year, m),
    previous: `${prev.y}-${pad(prev.m)}`,
  };
}

/**
 * 月度报告 (docs/rules.md#monthly-reports): a street's or community's month on paper, each module's
 * figures beside the month before. The job `monthly-reports.run` writes last month's for every street and
 * community from the 1st; staff (re)generate any ended month on demand and download what is stored.
 */
export class MonthlyReportsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly blobs: BlobStore,
    private readonly from: MonthlyReportSources,
  ) {}

  async list(ctx: RequestContext, orgUnitId?: number): Promise<{ items: MonthlyReportView[] }> {
    const scope = this.scope(ctx);
    return { items: (await repo.list(this.db, scope, orgUnitId)).map(present) };
  }

  /** Makes (or makes again) the report of a street or community for an ended month, and stores it. */
  async generate(ctx: RequestContext, input: CreateMonthlyReport): Promise<MonthlyReportView> {
    const scope = this.scope(ctx);
    const unit = await this.from.org.placeOf(this.db, input.orgUnitId);
    if (!unit || !scope.covers(unit.path)) throw notFound();
    if (unit.kind !== 'street' && unit.kind !== 'community') throw new AppError('REPORT_SCOPE_UNSUPPORTED');
    if (input.month >= shanghaiMonth(this.clock.now())) throw new AppError('MONTH_NOT_ENDED');
    const id = await this.make(unit, input.month, ctx.actor.userId, true);
    const row = id === null ? undefined : await repo.find(this.db, id);
    if (!row) throw new Error(`monthly report of unit ${unit.id} for ${input.month} was not stored`);
    return present(row);
  }

  async file(ctx: RequestContext, id: number): Promise<{ bytes: Buffer; fileName: string }> {
    const scope = this.scope(ctx);
    const row = await repo.find(this.db, id);
    if (!row || !scope.covers(row.path)) throw notFound();
    const bytes = await this.blobs.get(row.fileKey);
    if (!bytes) throw new Error(`monthly report ${id}: file ${row.fileKey} is missing`);
    return { bytes, fileName: fileNameOf(row) };
  }

  /**
   * The job: last month's report for every street and community that has none yet, a few per run. A second
   * run or instance making the same one keeps the first stored and drops its own file.
   */
  async runMonthly(now: Date = this.clock.now()): Promise<number> {
    const month = monthBounds(shanghaiMonth(now)).previous;
    let made = 0;
    // One unit that cannot be made does not hold up the others; the run then fails with its error (logged).
    const failed: unknown[] = [];
    for (const u of await repo.unitsMissing(this.db, month, PER_RUN)) {
      try {
        const unit = {
          id: Number(u.id),
          name: u.name,
          path: u.path,
          kind: u.kind,
          streetId: u.street_id && Number(u.street_id),
        };
        if ((await this.make(unit, month, null, false)) !== null) made++;
      } catch (err) {
        failed.push(err);
      }
    }
    if (failed.length > 0) throw new AggregateError(failed, `monthly reports for ${month}: ${failed.length} failed`);
    return made;
  }

  /** The figures and charts of a unit's month, as printed. */
  async content(
    unit: { id: number; name: string; path: string; kind: string; streetId: number | null },
    month: string,
  ): Promise<MonthlyReportContent> {
    const b = monthBounds(month);
    const p = monthBounds(b.previous);
    const f = this.from;
    const [reportsNow, reportsBefore] = [
      await f.reportFigures.ofUnit(unit.path, b.fromDay, b.toDay, 'zh'),
      await f.reportFigures.ofUnit(unit.path, p.fromDay, p.toDay, 'zh'),
    ];
    const choresNow = await f.choreFigures.ofUnit(unit.path, b.from, b.to);
    const choresBefore = await f.choreFigures.ofUnit(unit.path, p.from, p.to);
    const careNow = await f.careVisits.periodFigures(unit.path, b.from, b.to);
    const careBefore = await f.careVisits.periodFigures(unit.path, p.from, p.to);
    const coverage = await f.coverage.figureOf(unit.id, unit.path);

    const n = (label: string, now: number | null, before: number | null, kind: Figure['kind'] = 'count'): Figure => ({
      label,
      now,
      before,
      kind,
    });
    const t = reportsNow.total;
    const t0 = reportsBefore.total;
    const sections: MonthlyReportContent['sections'] = [
      {
        title: '一、诉求办理',
        note: '按收到诉求的日期统计；合并的重复诉求不计。',
        figures: [
          n('收到诉求（件）', t.received, t0.received),
          n('已答复（件）', t.answered, t0.answered),
          n('已办结（件）', t.resolved, t0.resolved),
          n('答复率', t.responseRate, t0.responseRate, 'ratio'),
          n('平均首次答复（小时）', t.avgFirstAnswerHours, t0.avgFirstAnswerHours, 'decimal'),
          n('平均办结（小时）', t.avgResolutionHours, t0.avgResolutionHours, 'decimal'),
          n('平均满意度（星）', t.avgRating, t0.avgRating, 'decimal'),
          n(
            '小事不出社区（办结中社区内解决）',
            t.shareResolvedWithinCommunity,
            t0.shareResolvedWithinCommunity,
            'ratio',
          ),
        ],
      },
      {
        title: '二、楼长任务与积分',
        note: '提交按提交日期，通过、退回与积分按审核日期统计。',
        figures: [
          n('提交任务（次）', choresNow.submitted, choresBefore.submitted),
          n('审核通过（次）', choresNow.approved, choresBefore.approved),
          n('退回（次）', choresNow.rejected, choresBefore.rejected),
          n('发放积分（分）', choresNow.points, choresBefore.points),
          n('积分折合（元）', choresNow.pointsYuan, choresBefore.pointsYuan, 'decimal'),
        ],
      },
      {
        title: '三、关爱走访',
        figures: [
          n('走访（次）', careNow.visits, careBefore.visits),
          n('走访对象（人）', careNow.people, careBefore.people),
          n('走访中发现并转为诉求（件）', careNow.reports, careBefore.reports),
        ],
      },
    ];
    if (unit.kind === 'street') {
      const mallNow = await f.mall.monthReport(unit.id, month);
      const mallBefore = await f.mall.monthReport(unit.id, b.previous);
      sections.push({
        title: '四、积分商城',
        note: '按兑换窗口所在月份统计。',
        figures: [
          n('兑换订单（笔）', mallNow.totals.orders, mallBefore.totals.orders),
          n('兑换商品（件）', mallNow.totals.units, mallBefore.totals.units),
          n('消耗积分（分）', mallNow.totals.points, mallBefore.totals.points),
          n('商品成本（元）', mallNow.totals.costYuan, mallBefore.totals.costYuan, 'decimal'),
        ],
      });
    }
    if (coverage) {
      sections.push({
        title: `${unit.kind === 'street' ? '五' : '四'}、楼长覆盖`,
        note: `生成之日（${shanghaiDay(this.clock.now())}）的情况，不分月份。`,
        current: true,
        figures: [
          n('楼栋（栋）', coverage.buildings, null),
          n('有在岗楼长的楼栋（栋）', coverage.covered, null),
          n('覆盖率', coverage.coverage, null, 'ratio'),
          n('在岗楼长（人）', coverage.activeCaptains, null),
          n('每名楼长服务户数', coverage.householdsPerCaptain, null, 'decimal'),
        ],
      });
    }
    const perDay = new Map(reportsNow.byDay.map((d) => [d.day, d.received]));
    const receivedByDay = Array.from({ length: b.days }, (_, i) => {
      const day = `${month}-${String(i + 1).padStart(2, '0')}`;
      return perDay.get(day) ?? 0;
    });
    return {
      unitName: unit.name,
      month,
      previousMonth: b.previous,
      printedOn: shanghaiDay(this.clock.now()),
      sections,
      receivedByDay,
      byCategory: byCategory(reportsNow, reportsBefore),
    };
  }

  private async make(
    unit: { id: number; name: string; path: string; kind: string; streetId: number | null },
    month: string,
    by: number | null,
    replace: boolean,
  ): Promise<number | null> {
    const pdf = await renderMonthlyReport(await this.content(unit, month));
    const key = `${randomBytes(32).toString('hex')}.pdf`;
    await this.blobs.put(key, pdf);
    const stored = await repo.store(
      this.db,
      { orgUnitId: unit.id, month, fileKey: key, fileBytes: pdf.length, generatedBy: by, at: this.clock.now() },
      replace,
    );
    if (stored === null) {
      await this.blobs.delete(key);
      return null;
    }
    if (stored.replacedKey && stored.replacedKey !== key) await this.blobs.delete(stored.replacedKey);
    return stored.id;
  }

  private scope(ctx: RequestContext): Scope {
    const scope = Scope.of(ctx.actor, READERS);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return scope;
  }
}

/** Categories received this month or the month before, the most received this month first. */
function byCategory(now: ReportFigures, before: ReportFigures) {
  const m = new Map<number, { name: string; now: number; before: number }>();
  for (const c of now.byCategory) m.set(c.categoryId, { name: c.categoryName, now: c.received, before: 0 });
  for (const c of before.byCategory) {
    const e = m.get(c.categoryId) ?? { name: c.categoryName, now: 0, before: 0 };
    e.before = c.received;
    m.set(c.categoryId, e);
  }
  return [...m.values()]
    .filter((c) => c.now + c.before > 0)
    .sort((x, y) => y.now - x.now || y.before - x.before || x.name.localeCompare(y.name, 'zh'));
}

const fileNameOf = (r: repo.MonthlyReportRow) => `${r.orgUnitName}-${r.month}-月度报告.pdf`;

function present(r: repo.MonthlyReportRow): MonthlyReportView {
  return {
    id: Number(r.id),
    orgUnitId: Number(r.orgUnitId),
    orgUnitName: r.orgUnitName,
    month: r.month,
    generatedByName: r.generatedByName,
    generatedAt: r.generatedAt.toISOString(),
    fileBytes: r.fileBytes,
    fileName: fileNameOf(r),
  };
}
