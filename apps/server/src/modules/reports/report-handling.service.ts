import type { ReportDetail, ReportView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import { type Db, type Fragment, type Write, writeAll } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import type { PhotosService } from '../photos/photos.service';
import type { ReportChangesService } from './report-changes.service';
import * as listsRepo from './report-lists.repository';
import { cameBack, enter, HOUR, type Route, routeFrom, slaOf } from './report-routing';
import { type ReportViewsService, viewerOf } from './report-views.service';
import { AWAITING_ACK, allowedActions, departmentsOf, isCurrentHandler, LEVEL } from './reports.policy';
import * as repo from './reports.repository';

/** A resolved report the reporter neither confirms nor contests closes by itself after this long (docs/rules.md#reports "after N days"). */
export const AUTO_CLOSE_MS = 7 * 24 * HOUR;

/** What reports need of honours (HonourTalliesService): the tally write of a rating, given who resolved the report. */
export interface RatingTallies {
  rated(v: { streetId: number; rating: number; handler: Fragment; at: Date }): Write;
}

/**
 * Handling a report (docs/rules.md#reports): the current handler accepts, answers, resolves, escalates
 * (吹哨; from the street to a department) or rejects it, a department returns it to the street, and the
 * reporter rates the answer, which closes or reopens it.
 */
export class ReportHandlingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
    private readonly changes: ReportChangesService,
    private readonly views: ReportViewsService,
    /** The honours' per-quarter totals, moved with every rating (null: none kept). */
    private readonly tallies: RatingTallies | null = null,
  ) {}

  /**
   * Runs a handler's action on a report the actor can see, once per Idempotency-Key, in one transaction:
   * locks it, checks the actor holds its current level and the action is open, then applies `fn`.
   */
  private async act(
    ctx: RequestContext,
    id: number,
    action: keyof ReturnType<typeof allowedActions>,
    fn: (tx: Db, r: repo.ReportRow) => Promise<unknown>,
  ): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      if (!(await listsRepo.findVisible(tx, viewerOf(ctx.actor), id))) throw notFound();
      const r = (await repo.lockReport(tx, id)) as repo.ReportRow;
      const handler = isCurrentHandler(ctx.actor, r);
      if (!handler) throw new AppError('REPORT_NOT_HANDLER');
      if (!allowedActions(r, true)[action]) {
        const waiting = r.level === LEVEL.department && AWAITING_ACK.includes(r.status as ReportView['status']);
        if (waiting && (action === 'answer' || action === 'resolve')) throw new AppError('REPORT_NOT_ACCEPTED');
        if (action === 'escalate' && r.level === LEVEL.department) throw new AppError('REPORT_TOP_LEVEL');
        throw new AppError('REPORT_BAD_STATE');
      }
      await fn(tx, r);
      return this.views.detailOf(tx, ctx, id);
    });
    return value;
  }

  /** Acknowledges the report at the current level (受理; a department's 报到). The resolve clock runs from the level's start. */
  async accept(ctx: RequestContext, id: number, message?: string): Promise<ReportDetail> {
    return this.act(ctx, id, 'accept', async (tx, r) => {
      const sla = await slaOf(tx, r.categoryId, r.level);
      await this.changes.change(
        tx,
        ctx,
        r,
        'accepted',
        {
          status: 'accepted',
          acceptedAt: this.clock.now(),
          dueAt: new Date(r.levelEnteredAt.getTime() + sla.resolveHours * HOUR),
        },
        { note: message ?? null },
      );
    });
  }

  /** Answers the resident (答复); answering also acknowledges, except that a department must accept first. */
  async answer(ctx: RequestContext, id: number, input: { message: string; photoIds: number[] }) {
    return this.act(ctx, id, 'answer', async (tx, r) => {
      await this.photos.requireOwn(tx, ctx.actor.userId, input.photoIds);
      const now = this.clock.now();
      const sla = await slaOf(tx, r.categoryId, r.level);
      const wasWaiting = AWAITING_ACK.includes(r.status as ReportView['status']);
      await this.changes.change(
        tx,
        ctx,
        r,
        'answered',
        {
          status: 'in_progress',
          acceptedAt: r.acceptedAt ?? now,
          firstAnsweredAt: r.firstAnsweredAt ?? now,
          ...(wasWaiting ? { dueAt: new Date(r.levelEnteredAt.getTime() + sla.resolveHours * HOUR) } : {}),
        },
        { note: input.message, photoIds: input.photoIds },
      );
    });
  }

  /** Resolves it (办结) with a note and "after" photos; the reporter then rates, or it closes itself after 7 days. */
  async resolve(ctx: RequestContext, id: number, input: { message: string; photoIds: number[] }) {
    return this.act(ctx, id, 'resolve', async (tx, r) => {
      await this.photos.requireOwn(tx, ctx.actor.userId, input.photoIds);
      const now = this.clock.now();
      await this.changes.change(
        tx,
        ctx,
        r,
        'resolved',
        {
          status: 'resolved',
          acceptedAt: r.acceptedAt ?? now,
          firstAnsweredAt: r.firstAnsweredAt ?? now,
          resolvedAt: now,
          isOverdue: false,
          dueAt: new Date(now.getTime() + AUTO_CLOSE_MS),
        },
        { note: input.message, photoIds: input.photoIds },
      );
    });
  }

  /** Passes the report one level up with a reason (吹哨); from the street it is dispatched to a department (部门报到). */
  async escalate(ctx: RequestContext, id: number, input: { reason: string; departmentId?: number }) {
    return this.act(ctx, id, 'escalate', async (tx, r) => {
      // Sent back by a department: the category's default is likely the one that sent it back, so the
      // street names the department it dispatches to now.
      if (cameBack(r) && input.departmentId === undefined) throw new AppError('REPORT_DEPARTMENT_REQUIRED');
      const next = await routeFrom(tx, r, r.level + 1, input.departmentId);
      if (!next) throw new AppError('REPORT_DEPARTMENT_REQUIRED');
      const set = await enter(tx, r, next, 'submitted', this.clock.now());
      await this.changes.change(tx, ctx, r, 'escalated', set, {
        note: input.reason,
        detail: { departmentId: next.departmentId },
      });
    });
  }

  /** Declines the report (not a matter for this system, or not a real problem), with the reason shown to the reporter. */
  async reject(ctx: RequestContext, id: number, reason: string) {
    return this.act(ctx, id, 'reject', async (tx, r) => {
      await this.changes.change(
        tx,
        ctx,
        r,
        'rejected',
        { status: 'rejected', closedAt: this.clock.now(), dueAt: null },
        { note: reason },
      );
    });
  }

  /**
   * A department sends a report dispatched to it back to the street (退回/申请改派: not its duty), with a
   * reason for the street; unlike 不予受理 the report stays open. It waits in the street's inbox again
   * (待受理 at the street, to dispatch to another department) with a fresh acknowledge clock at the street
   * level; the department's clock stops. The department still reads it until the street dispatches it
   * elsewhere, but no longer acts on it.
   */
  async returnToStreet(ctx: RequestContext, id: number, reason: string): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      if (!(await listsRepo.findVisible(tx, viewerOf(ctx.actor), id))) throw notFound();
      const r = (await repo.lockReport(tx, id)) as repo.ReportRow;
      const mine = r.departmentId !== null && departmentsOf(ctx.actor).includes(r.departmentId);
      if (r.level !== LEVEL.department) {
        // Its department, after sending it back (or after the street took it over again).
        if (mine) throw new AppError('REPORT_NOT_AT_DEPARTMENT');
        throw new AppError('REPORT_NOT_HANDLER');
      }
      if (!isCurrentHandler(ctx.actor, r)) throw new AppError('REPORT_NOT_HANDLER');
      if (!allowedActions(r, true).return) throw new AppError('REPORT_BAD_STATE');
      const street = await routeFrom(tx, r, LEVEL.street);
      if (street?.level !== LEVEL.street) throw new AppError('REPORT_BAD_STATE');
      const set = await enter(tx, r, street, 'submitted', this.clock.now());
      await this.changes.change(tx, ctx, r, 'returned', set, {
        note: reason,
        detail: { departmentId: r.departmentId },
      });
      return this.views.detailOf(tx, ctx, id);
    });
    return value;
  }

  /** The reporter rates the answer 1–5; "not solved" reopens it one level up (docs/rules.md#reports), "solved" closes it. */
  async rate(ctx: RequestContext, id: number, input: { rating: number; solved: boolean; comment?: string }) {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      if (!(await listsRepo.findVisible(tx, viewerOf(ctx.actor), id))) throw notFound();
      const r = (await repo.lockReport(tx, id)) as repo.ReportRow;
      if (r.reporterUserId !== ctx.actor.userId) throw new AppError('REPORT_NOT_REPORTER');
      if (r.status !== 'resolved') throw new AppError('REPORT_BAD_STATE');
      const now = this.clock.now();
      if (input.solved) {
        const closed = await this.changes.change(
          tx,
          ctx,
          r,
          'rated',
          { status: 'closed', rating: input.rating, closedAt: now, dueAt: null },
          { note: input.comment ?? null, detail: { rating: input.rating, solved: true } },
        );
        // Counted for honours once, in the rating's quarter, for whoever resolved it last (a report is rated
        // once: only a resolved report can be, and rating closes it; "not solved" reopens it unrated).
        if (this.tallies) {
          await writeAll(tx, [
            this.tallies.rated({
              streetId: r.streetId,
              rating: input.rating,
              handler: repo.lastResolverOf(r.id),
              at: closed.updatedAt,
            }),
          ]);
        }
      } else {
        // One level up, except for a report a department sent back: the street that holds it reopens it and
        // decides where it goes (one level up would be the department that sent it back).
        const up = cameBack(r)
          ? undefined
          : await routeFrom(tx, r, Math.min(r.level + 1, LEVEL.department), r.departmentId).catch(() => undefined);
        const next =
          up ?? ({ level: r.level, handlerOrgUnitId: r.handlerOrgUnitId, departmentId: r.departmentId } as Route);
        const set = await enter(tx, r, next, 'reopened', now);
        await this.changes.change(
          tx,
          ctx,
          r,
          'reopened',
          { ...set, rating: input.rating, resolvedAt: null },
          { note: input.comment ?? null, detail: { rating: input.rating, solved: false } },
        );
      }
      return this.views.detailOf(tx, ctx, id);
    });
    return value;
  }
}
