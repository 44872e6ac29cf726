import type { ReportView } from '@louzhang/contracts';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { type ReportChangesService, SYSTEM } from './report-changes.service';
import { cameBack, enter, routeFrom } from './report-routing';
import { AWAITING_ACK, LEVEL, OPEN_STATUSES } from './reports.policy';
import * as repo from './reports.repository';

/** The SLA clocks (docs/rules.md#reports): what happens to a report nobody moved in time. */
export class ReportClocksService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly changes: ReportChangesService,
  ) {}

  /**
   * The SLA job: every report whose clock ran out moves on — waiting or unresolved ones one level up
   * (auto 吹哨), or marked overdue at the top; resolved ones close. Each report is its own transaction
   * holding the row lock and re-checking the clock and version, so two instances running this at once
   * move each report once. Returns how many it moved.
   */
  async run(now: Date = this.clock.now(), batch = 200): Promise<number> {
    let moved = 0;
    for (const d of await repo.dueReports(this.db, now, batch)) {
      try {
        const did = await transaction(this.db, async (tx) => {
          const r = await repo.lockReport(tx, d.id);
          if (!r || r.version !== d.version || !r.dueAt || r.dueAt.getTime() > now.getTime()) return false;
          if (r.status === 'resolved') {
            await this.changes.change(tx, SYSTEM, r, 'auto_closed', { status: 'closed', closedAt: now, dueAt: null });
            return true;
          }
          if (!OPEN_STATUSES.includes(r.status as ReportView['status'])) {
            await this.changes.change(tx, SYSTEM, r, 'overdue', { dueAt: null });
            return true;
          }
          const waiting = AWAITING_ACK.includes(r.status as ReportView['status']);
          const reason = waiting ? '超时未受理，自动上报' : '超时未办结，自动上报';
          // A report a department sent back is not dispatched by the clock (the category's default department
          // is likely the one that sent it back): it is marked overdue at the street, which dispatches it.
          const next =
            r.level < LEVEL.department && !cameBack(r)
              ? await routeFrom(tx, r, r.level + 1).catch(() => undefined)
              : undefined;
          if (next) {
            const set = await enter(tx, r, next, 'submitted', now);
            await this.changes.change(tx, SYSTEM, r, 'auto_escalated', set, {
              note: reason,
              detail: { clock: waiting ? 'acknowledge' : 'resolve' },
            });
          } else {
            await this.changes.change(
              tx,
              SYSTEM,
              r,
              'overdue',
              { isOverdue: true, dueAt: null },
              {
                note: waiting ? '超时未受理' : '超时未办结',
                detail: { clock: waiting ? 'acknowledge' : 'resolve' },
              },
            );
          }
          return true;
        });
        if (did) moved++;
      } catch (err) {
        // Another instance changed it between our read and our write: it has been handled.
        if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err;
      }
    }
    return moved;
  }
}
