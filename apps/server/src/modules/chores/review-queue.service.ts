import {
  type ChoreSubmissionView,
  COUNT_CAP,
  type ListTotal,
  normalisePhone,
  type ReviewQueueExportQuery,
  type ReviewQueueQuery,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { auditPagedExport, keysetRows, searchMasked } from '../../platform/list-export';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import type { ReplicaReads } from '../../platform/replica';
import type { Scope } from '../../platform/scope';
import type { ChoreReviewService } from './chore-review.service';
import * as setup from './chore-setup.repository';
import { presentSubmission } from './chores.presenter';
import * as repo from './review-queue.repository';

/** 审核 the review queue: search, status and community filters, oldest or newest first, count and export. */
export class ReviewQueueService {
  constructor(
    private readonly db: Db,
    /** Lag-tolerant reads (the list and its export): the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly review: ChoreReviewService,
  ) {}

  private async filterOf(
    ctx: RequestContext,
    q: ReviewQueueExportQuery,
  ): Promise<{ scope: Scope; filter: repo.QueueFilter }> {
    const scope = await this.review.scopeOf(this.db, ctx);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let communityPath: string | undefined;
    if (q.communityId !== undefined) {
      const unit = await setup.findOrgUnitById(this.db, q.communityId);
      if (unit?.kind !== 'community') throw notFound();
      // Community staff are bound below their street: a community overlapping the scope either way is fine.
      if (!scope.overlaps(unit.path)) throw notFound();
      communityPath = unit.path;
    }
    const phone = q.q ? normalisePhone(q.q) : '';
    const search = !q.q
      ? undefined
      : // A mobile number is the captain's, found by its blind index (phones are encrypted at rest).
        /^1\d{10}$/.test(phone)
        ? { phoneHash: this.cipher.blindIndex('phone', phone) }
        : { text: q.q.trim() };
    return { scope, filter: { status: q.status, communityPath, search } };
  }

  /** Submissions awaiting (or past) review in the reviewer's scope, oldest first unless asked otherwise. */
  async queue(
    ctx: RequestContext,
    q: ReviewQueueQuery,
  ): Promise<{ items: ChoreSubmissionView[]; nextCursor: string | null } & ListTotal> {
    const { scope, filter } = await this.filterOf(ctx, q);
    const after = q.cursor ? Number(decodeKeyCursor(q.cursor, q.sort, ['number'])[0]) : undefined;
    const [rows, counted] = await this.reads.run(ctx, (db) =>
      Promise.all([
        repo.reviewQueue(db, scope, filter, q.sort, after, q.limit + 1),
        // Counted once, for the first page; later pages keep the first page's figure.
        q.cursor ? Promise.resolve(null) : repo.countQueue(db, scope, filter, COUNT_CAP),
      ]),
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map(presentSubmission),
      nextCursor: rows.length > q.limit && last ? encodeKeyCursor(q.sort, [last.s.id]) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /**
   * Everything the queue's filters show, for an export, page by page in the queue's order. Audited before
   * the first row; refused over COUNT_CAP rows.
   */
  async exportRows(
    ctx: RequestContext,
    q: ReviewQueueExportQuery,
  ): Promise<{ total: number; rows: AsyncIterable<ChoreSubmissionView> }> {
    const { scope, filter } = await this.filterOf(ctx, q);
    const total = await this.reads.run(ctx, (db) => repo.countQueue(db, scope, filter, COUNT_CAP));
    if (total > COUNT_CAP) throw new AppError('EXPORT_TOO_LARGE');
    const entry = { action: 'chore_review.export', objectType: 'chore_submission' };
    await auditPagedExport(this.db, this.clock, ctx, entry, total, searchMasked(q, filter.search));
    const rows = keysetRows({
      read: (after: number | undefined, limit) =>
        this.reads.run(ctx, (db) => repo.reviewQueue(db, scope, filter, q.sort, after, limit)),
      keyOf: (last) => last.s.id,
      present: (page) => page.map(presentSubmission),
    });
    return { total, rows };
  }
}
