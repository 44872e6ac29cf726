import type { CareVisitView, LogVisitRequest } from '@louzhang/contracts';
import { shanghaiDay } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import type { NotificationsService } from '../notifications/notifications.service';
import type { ReportsService } from '../reports/reports.service';
import { CARE_READ, VISIT_REPORT } from './care.policy';
import { presentVisit } from './care.presenter';
import * as repo from './care.repository';
import type { CareService } from './care.service';

/** A visit may be logged up to this far after the fact (the phone's outbox may hold it for days). */
const CLOCK_SKEW_MS = 5 * 60_000;
const EVERYTHING = Scope.ofPaths(['/']);

/**
 * Visit logs (docs/rules.md#care-visits): written by the person's assigned visitor (from the phone, queued offline
 * with its Idempotency-Key), a need found on a visit turned into a report in one step, and the daily
 * due / overdue reminders.
 */
export class CareVisitsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly care: CareService,
    private readonly reports: ReportsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Logs a visit by the person's assigned visitor; anyone else gets CARE_NOT_ASSIGNED. */
  async log(ctx: RequestContext, input: LogVisitRequest): Promise<CareVisitView> {
    const now = this.clock.now();
    const visitedAt = input.visitedAt ? new Date(input.visitedAt) : now;
    if (visitedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new AppError('CARE_VISIT_IN_FUTURE');
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const p = await this.care.person(tx, ctx, input.residentId, CARE_READ);
      if (p.row.visitorUserId !== ctx.actor.userId) throw new AppError('CARE_NOT_ASSIGNED');
      const row = await repo.insertVisit(tx, {
        streetId: p.row.streetId,
        residentId: input.residentId,
        path: p.row.path,
        visitorUserId: ctx.actor.userId,
        visitedAt,
        visitedOn: shanghaiDay(visitedAt),
        findingsEnc: this.cipher.encryptOptional(input.findings || null),
        needEnc: this.cipher.encryptOptional(input.need || null),
        errands: [...new Set(input.errands)],
        createdAt: now,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'care.visit.log',
        objectType: 'care_visit',
        objectId: row.id,
        streetId: row.streetId,
        detail: { residentId: input.residentId, errands: row.errands },
      });
      return presentVisit({ ...row, visitorName: ctx.actor.name }, this.cipher);
    });
    return value;
  }

  /**
   * Turns the need found on a visit into a report filed on the resident's behalf (代报), pre-filled
   * with the need, in the resident's building. One report per visit: the link and the report commit
   * together, and a second attempt is CARE_VISIT_REPORTED.
   */
  async report(ctx: RequestContext, visitId: number, input: { categoryId: number; description?: string }) {
    const visit = await repo.findVisit(this.db, visitId);
    if (!visit || !Scope.of(ctx.actor, CARE_READ).covers(visit.path)) throw notFound();
    const mayFile = visit.visitorUserId === ctx.actor.userId || Scope.of(ctx.actor, VISIT_REPORT).covers(visit.path);
    if (!mayFile) throw new AppError('CARE_NOT_ASSIGNED');
    if (visit.reportId !== null) throw new AppError('CARE_VISIT_REPORTED');
    const need = this.cipher.decryptOptional(visit.needEnc);
    const description = input.description ?? need;
    if (!description) throw new AppError('CARE_NO_NEED');
    const p = await this.care.person(this.db, ctx, visit.residentId, CARE_READ);
    const { id, created } = await this.reports.createFromSystem(
      { actor: ctx.actor, ip: ctx.ip },
      {
        channel: 'proxy',
        buildingId: p.row.buildingId,
        categoryId: input.categoryId,
        description,
        reporterName: p.row.name,
        externalId: `care_visit:${visitId}`,
      },
      async (tx, reportId) => {
        if (!(await repo.setVisitReport(tx, visitId, reportId))) throw new AppError('CARE_VISIT_REPORTED');
        await recordAudit(tx, this.clock, ctx, {
          action: 'care.visit.report',
          objectType: 'care_visit',
          objectId: visitId,
          streetId: visit.streetId,
          detail: { reportId },
        });
      },
    );
    if (!created) throw new AppError('CARE_VISIT_REPORTED');
    return { visitId, reportId: id };
  }

  /**
   * The reminder job: tells each visitor on the day a visit falls due and once it is overdue, once per
   * person and due date (the source key), so running it every few minutes on several instances is safe.
   */
  /** Visits logged under a unit over [from, to) and the reports they raised, for the monthly report. */
  periodFigures(path: string, from: Date, to: Date) {
    return repo.visitFigures(this.db, path, from, to);
  }

  async runReminders(now: Date = this.clock.now()): Promise<number> {
    const today = shanghaiDay(now);
    const people = await this.care.caredIn(this.db, EVERYTHING, today, {});
    let sent = 0;
    for (const { row, view } of people) {
      if (row.visitorUserId === null || (view.status !== 'due_today' && view.status !== 'overdue')) continue;
      const overdue = view.status === 'overdue';
      sent += await this.db.transaction((tx) =>
        this.notifications.notify(tx as unknown as Db, [row.visitorUserId as number], {
          streetId: row.streetId,
          kind: overdue ? 'care_overdue' : 'care_due',
          titleZh: overdue ? `走访已逾期：${view.name}` : `今日应走访：${view.name}`,
          titleEn: overdue ? `Visit overdue: ${view.name}` : `Visit due today: ${view.name}`,
          body: `${view.address}（应于 ${view.dueOn} 走访）`,
          objectType: 'resident',
          objectId: row.residentId,
          sourceKey: `care_${overdue ? 'overdue' : 'due'}:${row.residentId}:${view.dueOn}`,
          at: now,
        }),
      );
    }
    return sent;
  }
}
