import type {
  BatchReviewRequest,
  BatchReviewResult,
  ChoreSubmissionDetail,
  ChoreSubmissionView,
} from '@louzhang/contracts';
import { type ChorePhotoKind, errorInfo } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { auditWrite, recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, type Fragment, guardFailed, type Write } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once, onceInOneStatement } from '../../platform/idempotency';
import type { Scope } from '../../platform/scope';
import type { Notifier } from '../notifications/notifications.service';
import type { PhotosService } from '../photos/photos.service';
import * as setup from './chore-setup.repository';
import * as repo from './chore-submissions.repository';
import { isSelfReview, reviewScope } from './chores.policy';
import { presentSubmission, presentSubmissionDetail } from './chores.presenter';
import * as tasks from './chores.repository';

/** What the chores module needs of the points ledger (modules/points LedgerService.credit). */
export interface ChoreLedger {
  credit(
    tx: Db,
    input: {
      streetId: number;
      userId: number;
      points: number;
      causeKey: string;
      memo: string;
      actorUserId: number | null;
    },
  ): Promise<{ entryId: number; duplicate: boolean }>;
  /**
   * `credit` as writes for one statement (LedgerService.creditWrites), and how its duplicate cause fails;
   * `read`: what `creditRead`'s column read in the caller's own statement.
   */
  creditWrites(
    db: Db,
    input: {
      streetId: number;
      userId: number;
      points: number;
      causeKey: string;
      memo: string;
      actorUserId: number | null;
    },
    read?: unknown,
  ): Promise<{ entryId: number; writes: Write[] }>;
  /** What `creditWrites` reads first, as a column of the caller's read (street and captain as SQL fragments). */
  creditRead(streetId: Fragment, userId: Fragment): Fragment;
  isDuplicateCause(err: unknown): boolean;
}

/** Review of chore submissions by the street, or by community staff where the street delegates it. */
export class ChoreReviewService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
    private readonly ledger: ChoreLedger,
    private readonly notifier?: Notifier,
  ) {}

  /** How many submissions wait for the caller's review (待审核); null for who reviews nowhere. */
  async pendingCount(ctx: RequestContext): Promise<number | null> {
    const scope = await this.scopeOf(this.db, ctx);
    return scope.isEmpty ? null : repo.countPendingReviews(this.db, scope);
  }

  /** One submission with its photos and duplicate flags, for its reviewer or its submitter. */
  async detail(ctx: RequestContext, id: number): Promise<ChoreSubmissionDetail> {
    const r = await repo.findSubmission(this.db, id);
    if (!r) throw notFound();
    if (r.s.submitterUserId !== ctx.actor.userId) {
      const scope = await this.scopeOf(this.db, ctx);
      if (!scope.covers(r.buildingPath)) throw notFound();
    }
    const refs = await repo.photosOf(this.db, id);
    const views = await this.photos.views(
      this.db,
      refs.map((p) => p.id),
    );
    return presentSubmissionDetail(
      r,
      views.map((v) => ({ ...v, kind: refs.find((p) => p.id === v.id)?.kind as ChorePhotoKind })),
    );
  }

  /** Approves and credits the template's points in the same transaction, exactly once (docs/rules.md#chores). */
  async approve(ctx: RequestContext, id: number): Promise<ChoreSubmissionView> {
    // `decide`'s approval with reads first and the whole effect in one statement, guarded by the
    // submission's pending → approved compare-and-set; the ledger's unique cause backs it (exactly once).
    const { value } = await onceInOneStatement(this.db, this.clock, ctx, async (stored) => {
      const scope = await this.scopeOf(this.db, ctx);
      if (scope.isEmpty) throw new AppError('FORBIDDEN');
      const found = await repo.submissionForReview(this.db, id, {
        ledger: (street, user) => this.ledger.creditRead(street, user),
        stored,
      });
      // No row, no probe read: a refusal then looks for a stored answer apart.
      if (found) stored.seen(found.stored);
      if (!found || !scope.covers(found.buildingPath)) throw notFound();
      const { ledger: entryRead, stored: _stored, ...r } = found;
      if (isSelfReview(ctx.actor.userId, r.s.submitterUserId)) throw new AppError('REVIEWER_IS_SUBMITTER');
      if (r.s.status !== 'pending') throw new AppError('CHORE_ALREADY_REVIEWED');
      const now = this.clock.now();
      const memo = `${r.templateName} · ${r.buildingName}`;
      const credit = await this.ledger.creditWrites(
        this.db,
        {
          streetId: r.s.streetId,
          userId: r.s.submitterUserId,
          points: r.points,
          causeKey: `chore_submission:${id}`,
          memo,
          actorUserId: ctx.actor.userId,
        },
        entryRead,
      );
      const writes = [
        tasks.taskStatusWrite(r.s.taskId, ['submitted'], 'approved'),
        ...credit.writes,
        ...(this.notifier?.notifyWrites(this.db, [r.s.submitterUserId], {
          streetId: r.s.streetId,
          kind: 'chore_approved',
          titleZh: `任务已通过，获得 ${r.points} 积分`,
          titleEn: `Chore approved: +${r.points} points`,
          body: memo,
          objectType: 'chore_submission',
          objectId: id,
          sourceKey: `chore_submission:${id}:approve`,
          at: now,
        }) ?? []),
        auditWrite(this.clock, ctx, {
          action: 'chore_submission.approve',
          objectType: 'chore_submission',
          objectId: id,
          streetId: r.s.streetId,
          detail: { points: r.points, ledgerEntryId: credit.entryId },
        }),
      ];
      const value = presentSubmission({
        ...r,
        s: {
          ...r.s,
          status: 'approved',
          reviewerUserId: ctx.actor.userId,
          reviewedAt: now,
          ledgerEntryId: credit.entryId,
        },
        reviewerName: ctx.actor.name,
      });
      return {
        value,
        writes,
        guards: [
          {
            name: 'chore_pending',
            write: repo.markApprovedGuard(id, {
              reviewerUserId: ctx.actor.userId,
              at: now,
              entryId: credit.entryId,
            }),
          },
        ],
        // Decided meanwhile (approved or rejected by someone else): nothing was written, nothing credited.
        refused: (err) =>
          guardFailed(err) === 'chore_pending' || this.ledger.isDuplicateCause(err)
            ? new AppError('CHORE_ALREADY_REVIEWED')
            : undefined,
      };
    });
    return value;
  }

  /** Rejects with a reason; the captain may redo the chore and submit again. */
  async reject(ctx: RequestContext, id: number, reason: string): Promise<ChoreSubmissionView> {
    const { value } = await once(this.db, this.clock, ctx, (tx) =>
      this.decide(tx, ctx, id, { decision: 'reject', reason }),
    );
    return value;
  }

  /** Reviews many submissions: each in its own savepoint, so one refusal does not undo the others. */
  async batch(ctx: RequestContext, input: BatchReviewRequest): Promise<BatchReviewResult> {
    if ((await this.scopeOf(this.db, ctx)).isEmpty) throw new AppError('FORBIDDEN');
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const results: BatchReviewResult['results'] = [];
      for (const id of input.submissionIds) {
        try {
          const v = await tx.transaction((sp) =>
            this.decide(sp as unknown as Db, ctx, id, { decision: input.decision, reason: input.reason }),
          );
          results.push({ submissionId: id, ok: true, status: v.status, error: null });
        } catch (err) {
          if (!(err instanceof AppError) || errorInfo(err.code).status >= 500) throw err;
          results.push({
            submissionId: id,
            ok: false,
            status: null,
            error: { code: err.code, message: err.messageIn(ctx.lang) },
          });
        }
      }
      return { results };
    });
    return value;
  }

  private async decide(
    tx: Db,
    ctx: RequestContext,
    id: number,
    d: { decision: 'approve' | 'reject'; reason?: string | undefined },
  ): Promise<ChoreSubmissionView> {
    const scope = await this.scopeOf(tx, ctx);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const locked = await repo.lockSubmission(tx, id);
    const r = locked ? await repo.findSubmission(tx, id) : undefined;
    if (!r || !scope.covers(r.buildingPath)) throw notFound();
    if (isSelfReview(ctx.actor.userId, r.s.submitterUserId)) throw new AppError('REVIEWER_IS_SUBMITTER');
    if (r.s.status !== 'pending') throw new AppError('CHORE_ALREADY_REVIEWED');
    const now = this.clock.now();
    const approve = d.decision === 'approve';
    const marked = await repo.markReviewed(tx, id, {
      status: approve ? 'approved' : 'rejected',
      reviewerUserId: ctx.actor.userId,
      at: now,
      rejectReason: approve ? null : (d.reason ?? null),
    });
    if (marked.length === 0) throw new AppError('CHORE_ALREADY_REVIEWED');
    await tasks.setTaskStatus(tx, r.s.taskId, ['submitted'], approve ? 'approved' : 'rejected');
    let entryId: number | null = null;
    if (approve) {
      const credit = await this.ledger.credit(tx, {
        streetId: r.s.streetId,
        userId: r.s.submitterUserId,
        points: r.points,
        causeKey: `chore_submission:${id}`,
        memo: `${r.templateName} · ${r.buildingName}`,
        actorUserId: ctx.actor.userId,
      });
      entryId = credit.entryId;
      await repo.setLedgerEntry(tx, id, credit.entryId);
    }
    // The captain hears the outcome: the points on approval, the reason on rejection (docs/rules.md#notifications).
    await this.notifier?.notify(tx, [r.s.submitterUserId], {
      streetId: r.s.streetId,
      kind: approve ? 'chore_approved' : 'chore_rejected',
      titleZh: approve ? `任务已通过，获得 ${r.points} 积分` : '任务被退回，请重新提交',
      titleEn: approve ? `Chore approved: +${r.points} points` : 'Chore sent back: please resubmit',
      body: approve
        ? `${r.templateName} · ${r.buildingName}`
        : `${r.templateName} · ${r.buildingName}：${d.reason ?? ''}`,
      objectType: 'chore_submission',
      objectId: id,
      sourceKey: `chore_submission:${id}:${d.decision}`,
    });
    await recordAudit(tx, this.clock, ctx, {
      action: approve ? 'chore_submission.approve' : 'chore_submission.reject',
      objectType: 'chore_submission',
      objectId: id,
      streetId: r.s.streetId,
      detail: approve ? { points: r.points, ledgerEntryId: entryId } : { reason: d.reason },
    });
    return presentSubmission((await repo.findSubmission(tx, id)) as repo.SubmissionListed);
  }

  /** Whether `actor` submitted or may review a submission that photo `photoId` belongs to (for PhotosService.read). */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    const subs = await repo.submissionsHoldingPhoto(db, photoId);
    if (subs.some((s) => s.submitterUserId === actor.userId)) return true;
    if (subs.length === 0) return false;
    const scope = await this.scopeOf(db, { actor });
    return subs.some((s) => scope.covers(s.buildingPath));
  };

  /** Where the caller reviews: their street, or their community where the street delegates review. */
  async scopeOf(db: Db, ctx: Pick<RequestContext, 'actor'>): Promise<Scope> {
    const communityStreets = ctx.actor.bindings
      .filter((b) => b.role === 'community_staff' && b.streetId !== null)
      .map((b) => b.streetId as number);
    return reviewScope(ctx.actor, await setup.delegatingStreets(db, communityStreets));
  }
}
