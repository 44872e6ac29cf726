import type { ChoreSubmissionView, ChoreTaskView, SubmitChoreRequest } from '@louzhang/contracts';
import { shanghaiDay, startOfShanghaiDay } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, pgCode, pgConstraint, retryingConflicts, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { isKeyConflict, once, storedAnswerOf } from '../../platform/idempotency';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { Scope } from '../../platform/scope';
import type { PhotosService } from '../photos/photos.service';
import * as submissions from './chore-submissions.repository';
import * as submitRepo from './chore-submit.repository';
import { CLAIM, proofProblem } from './chores.policy';
import { presentSubmission, presentTask } from './chores.presenter';
import * as repo from './chores.repository';

const HOUR_MS = 3_600_000;
/** A phone's clock may run a little ahead of ours. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** One pending submission per task (partial unique index). */
const PENDING_UNIQUE = 'chore_submissions_pending_uq';

/** The captain's side of chores (docs/rules.md#chores): my tasks, claim (认领), submit proof, my submissions. */
export class ChoresService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
  ) {}

  /** Tasks of my buildings: open ones I may claim and/or the ones I hold. */
  async myTasks(
    ctx: RequestContext,
    q: { view: 'open' | 'claimed' | 'mine' | 'all'; cursor?: string | undefined; limit: number },
  ): Promise<{ items: ChoreTaskView[]; nextCursor: string | null }> {
    const scope = Scope.of(ctx.actor, CLAIM);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const rows = await repo.listTasksForCaptain(this.db, scope, ctx.actor.userId, {
      view: q.view,
      now: this.clock.now(),
      beforeId: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => presentTask(r, ctx.actor.userId)),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.task.id) : null,
    };
  }

  /**
   * Claims a task of one of my buildings: one holder at a time (a conditional UPDATE on the task), and
   * at most the template's daily limit per building (a conditional upsert on a counter row), both
   * holding under concurrent claims.
   */
  async claim(ctx: RequestContext, taskId: number): Promise<ChoreTaskView> {
    const scope = Scope.of(ctx.actor, CLAIM);
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const t = await repo.findTaskInScope(tx, scope, taskId);
      if (!t) throw notFound();
      const now = this.clock.now();
      if (t.archivedAt) throw new AppError('CHORE_TEMPLATE_ARCHIVED');
      if (t.task.dueAt <= now) throw new AppError('CHORE_TASK_CLOSED');
      const expiresAt = new Date(Math.min(now.getTime() + t.claimTtlHours * HOUR_MS, t.task.dueAt.getTime()));
      const claimed = await repo.claimTask(tx, taskId, ctx.actor.userId, now, expiresAt);
      if (claimed.length === 0) throw new AppError('CHORE_TASK_TAKEN');
      if (t.dailyLimitPerBuilding !== null) {
        const ok = await repo.countDailyClaim(tx, {
          templateId: t.task.templateId,
          buildingId: t.task.buildingId,
          day: shanghaiDay(now),
          streetId: t.task.streetId,
          limit: t.dailyLimitPerBuilding,
        });
        if (!ok) throw new AppError('CHORE_DAILY_LIMIT');
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'chore_task.claim',
        objectType: 'chore_task',
        objectId: taskId,
        streetId: t.task.streetId,
        detail: { expiresAt: expiresAt.toISOString() },
      });
      const fresh = await repo.findTaskInScope(tx, scope, taskId);
      return presentTask(fresh as repo.TaskListed, ctx.actor.userId);
    });
    return value;
  }

  /**
   * Submits proof for a task I hold (claimed, or rejected and being redone): my own photos, enough of
   * them, before and after when asked. Photos that look like photos of other tasks' submissions are
   * flagged for the reviewer, naming the earlier submission.
   *
   * A submission that passes is checked and written by one statement (`submitAtOnce`); one that the
   * statement did not write is a retry (its stored answer is replayed) or a refusal, which one read
   * then names (`refusalOf`). Should that read find nothing wrong — the task changed between the two —
   * the statement is tried again.
   */
  async submit(ctx: RequestContext, taskId: number, input: SubmitChoreRequest): Promise<ChoreSubmissionView> {
    const scope = Scope.of(ctx.actor, CLAIM);
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await this.submitAtOnce(ctx, scope, taskId, input);
      if (answer) return answer;
      const stored = await storedAnswerOf<ChoreSubmissionView>(this.db, ctx);
      if (stored) return stored.value;
      await this.refusalOf(ctx, scope, taskId, input);
    }
    // Three times the statement refused what the read then found in order: not a race, a fault.
    throw new Error(`chore submission of task ${taskId}: refused by its statement, passed by its checks`);
  }

  /**
   * The happy path of `submit` in one round trip: one statement that checks what `refusalOf` checks and
   * writes the submission, its photos, look-alike flags, audit row and stored answer
   * (`submitRepo.submitAtOnce`). Undefined when it wrote nothing: a check failed, a concurrent submission of
   * the task won, or the Idempotency-Key was used already.
   */
  private async submitAtOnce(
    ctx: RequestContext,
    scope: Scope,
    taskId: number,
    input: SubmitChoreRequest,
  ): Promise<ChoreSubmissionView | undefined> {
    const now = this.clock.now();
    const doneAt = doneAtOf(input, now);
    if (aheadOfNow(doneAt, now)) return undefined;
    const kinds = new Set(input.photos.map((p) => p.kind));
    try {
      const answer = await retryingConflicts(() =>
        submitRepo.submitAtOnce(
          this.db,
          {
            taskId,
            scope: scope.likePatterns(),
            userId: ctx.actor.userId,
            submitterName: ctx.actor.name,
            photos: input.photos,
            note: input.note ?? null,
            doneAt,
            doneDay: shanghaiDay(doneAt),
            now,
            beforeAndAfter: kinds.has('before') && kinds.has('after'),
            ip: ctx.ip,
            key: ctx.idempotency,
          },
          {
            ownAmong: (userId, photoIds) => this.photos.ownAmong(userId, photoIds),
            lookAlikes: (photoIds) => this.photos.lookAlikes(photoIds),
          },
        ),
      );
      return answer as ChoreSubmissionView | undefined;
    } catch (err) {
      // The key's row or the task's one pending submission (a concurrent submission won): nothing was written.
      if (isKeyConflict(err) || (pgCode(err) === '23505' && pgConstraint(err) === PENDING_UNIQUE)) return undefined;
      throw err;
    }
  }

  /**
   * Why `submitAtOnce` wrote nothing, read in one round trip and thrown: the task is not found in my scope,
   * not mine or no longer live, the time it was done is out of range, the proof falls short, or a photo
   * is not mine. Returns when none of these holds (the task changed since the statement ran).
   */
  private async refusalOf(ctx: RequestContext, scope: Scope, taskId: number, input: SubmitChoreRequest): Promise<void> {
    const ids = input.photos.map((p) => p.id);
    const c = await submitRepo.submissionContext(this.db, scope, taskId, {
      userId: ctx.actor.userId,
      ids,
      ownPhotos: (userId, photoIds) => this.photos.ownAmong(userId, photoIds),
    });
    const t = c.task;
    if (!t) throw notFound();
    const now = this.clock.now();
    const task = t.task;
    const holds = task.claimedByUserId === ctx.actor.userId;
    // A rejected chore may be redone until the chore falls due; a claim only until it expires.
    const live =
      (task.status === 'claimed' && task.claimExpiresAt !== null && task.claimExpiresAt > now) ||
      (task.status === 'rejected' && task.dueAt > now);
    if (!holds || !live) throw new AppError('CHORE_NOT_SUBMITTABLE');
    const doneAt = doneAtOf(input, now);
    if (aheadOfNow(doneAt, now) || doneAt < startOfShanghaiDay(task.occurrence)) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'doneAt', message: 'must lie between the start of the chore and now' }],
      });
    }
    const problem = proofProblem(t, input.photos);
    if (problem) throw new AppError(problem);
    this.photos.requireOwnRead(ids, c.ownPhotos);
  }

  /** My submissions, newest first. */
  async mySubmissions(
    ctx: RequestContext,
    q: { cursor?: string | undefined; limit: number },
  ): Promise<{ items: ChoreSubmissionView[]; nextCursor: string | null }> {
    const rows = await submissions.submissionsOf(this.db, ctx.actor.userId, {
      beforeId: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map(presentSubmission),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.s.id) : null,
    };
  }

  /**
   * The job: claims not submitted in time go back to open (and stop counting against the daily
   * limit). Conditional UPDATEs on rows locked with SKIP LOCKED: safe to run twice or on two instances.
   */
  async expireClaims(now: Date): Promise<{ expired: number }> {
    let expired = 0;
    for (;;) {
      const n = await transaction(this.db, async (tx) => {
        const due = await repo.lockExpiredClaims(tx, now, 200);
        let done = 0;
        for (const c of due) {
          if ((await repo.reopenTask(tx, c.id)).length === 0) continue;
          await repo.releaseDailyClaim(tx, c.templateId, c.buildingId, shanghaiDay(new Date(c.claimedAt)));
          await recordAudit(
            tx,
            this.clock,
            { ip: 'job', actor: null },
            {
              action: 'chore_task.claim_expired',
              objectType: 'chore_task',
              objectId: c.id,
              streetId: c.streetId,
              detail: { claimedBy: c.claimedBy },
            },
          );
          done++;
        }
        return { done, more: due.length === 200 };
      });
      expired += n.done;
      if (!n.more) return { expired };
    }
  }

  /** Approved and pending submissions per captain, for the captains roll. */
  async countsByCaptain(userIds: number[]): Promise<Map<number, { approved: number; pending: number }>> {
    const rs = await submissions.countsBySubmitter(this.db, userIds);
    return new Map(rs.map((r) => [r.userId, { approved: r.approved, pending: r.pending }]));
  }
}

/** When the chore was done, as the captain says (now when they do not say). */
const doneAtOf = (input: SubmitChoreRequest, now: Date): Date => (input.doneAt ? new Date(input.doneAt) : now);

/** Later than now by more than a phone's clock may run ahead. */
const aheadOfNow = (doneAt: Date, now: Date): boolean => doneAt.getTime() > now.getTime() + CLOCK_SKEW_MS;
