import ExcelJS from 'exceljs';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import * as workRepo from './captain-work.repository';
import { CAPTAIN_RECORD_WRITE } from './captains.policy';
import * as captainsRepo from './captains.repository';

const NO_UNIT = '（无工作单位）';
const SHANGHAI = '+08:00';

/**
 * Cadres' work for their units (docs/rules.md#captains): per employer unit, each captain's approved chores
 * and their points, the reports they resolved, their training hours and their confirmed volunteer service hours
 * (activities held in the period, counted toward the employer unit) in a period, as an Excel workbook for the units'
 * performance reviews. Phones are masked. Like honours scoring, one read-only aggregate over the ledger
 * and the reports' timeline.
 */
export class CaptainWorkService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
  ) {}

  /** The workbook for captains serving (or having served) buildings under the caller's jurisdiction or `orgUnitId`. */
  async export(ctx: RequestContext, q: { orgUnitId?: number | undefined; from: string; to: string }): Promise<Buffer> {
    let scope = Scope.of(ctx.actor, CAPTAIN_RECORD_WRITE);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    if (q.orgUnitId !== undefined) {
      const unit = await captainsRepo.findUnit(this.db, scope, q.orgUnitId);
      if (!unit) throw notFound();
      scope = Scope.ofPaths([unit.path]);
    }
    if (q.to < q.from) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'to', message: 'before from' }] });
    const from = `${q.from}T00:00:00${SHANGHAI}`;
    // `to` is inclusive: up to the start of the next day.
    const to = new Date(new Date(`${q.to}T00:00:00${SHANGHAI}`).getTime() + 86_400_000).toISOString();
    const data = await workRepo.workRows(this.db, scope, from, to, q);
    await recordAudit(this.db, this.clock, ctx, {
      action: 'captain.work-export',
      objectType: 'captain',
      detail: { orgUnitId: q.orgUnitId ?? null, from: q.from, to: q.to, rows: data.length },
    });
    return this.workbook(data, q);
  }

  private async workbook(data: workRepo.WorkRow[], q: { from: string; to: string }): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = '楼长通';
    wb.created = this.clock.now();
    const period = `${q.from} 至 ${q.to}`;
    const summary = wb.addWorksheet('按单位汇总');
    summary.addRow([`楼长工作情况（${period}）`]);
    summary.addRow([
      '工作单位',
      '楼长人数',
      '完成任务数',
      '任务积分',
      '办结诉求数',
      '培训学时',
      '志愿服务时长（小时）',
    ]).font = { bold: true };
    const units = new Map<
      string,
      { captains: number; chores: number; points: number; reports: number; hours: number; volunteer: number }
    >();
    for (const r of data) {
      const k = r.employerUnit ?? NO_UNIT;
      const u = units.get(k) ?? { captains: 0, chores: 0, points: 0, reports: 0, hours: 0, volunteer: 0 };
      u.captains++;
      u.chores += Number(r.chores);
      u.points += Number(r.chorePoints);
      u.reports += Number(r.reportsResolved);
      u.hours += Number(r.trainingHours);
      // Hundredths, summed as integers so 1.1 + 2.2 stays 3.3.
      u.volunteer += Math.round(Number(r.volunteerHours) * 100);
      units.set(k, u);
    }
    for (const [k, u] of units)
      summary.addRow([k, u.captains, u.chores, u.points, u.reports, u.hours, u.volunteer / 100]);
    summary.columns.forEach((c, i) => {
      c.width = i === 0 ? 28 : 14;
    });
    const detail = wb.addWorksheet('明细');
    detail.addRow([
      '工作单位',
      '姓名',
      '手机号',
      '状态',
      '负责楼栋',
      '完成任务数',
      '任务积分',
      '办结诉求数',
      '培训学时',
      '志愿服务时长（小时）',
    ]).font = {
      bold: true,
    };
    const statusZh: Record<string, string> = { active: '在岗', suspended: '暂停', exited: '已退出' };
    for (const r of data) {
      detail.addRow([
        r.employerUnit ?? NO_UNIT,
        r.name,
        this.cipher.maskedPhone(r.phoneEnc),
        statusZh[r.status] ?? r.status,
        r.buildings ?? '',
        Number(r.chores),
        Number(r.chorePoints),
        Number(r.reportsResolved),
        Number(r.trainingHours),
        Math.round(Number(r.volunteerHours) * 100) / 100,
      ]);
    }
    detail.columns.forEach((c, i) => {
      c.width = [24, 12, 14, 8, 30, 12, 12, 12][i] ?? 12;
    });
    return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }
}
