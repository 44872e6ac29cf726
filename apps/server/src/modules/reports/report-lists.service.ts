import {
  COUNT_CAP,
  isValidPhone,
  normalisePhone,
  REPORT_LEVELS,
  type ReportExportQuery,
  type ReportListQuery,
  type ReportView,
} from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { auditPagedExport, EXPORT_PAGE, keysetRows, searchMasked } from '../../platform/list-export';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import type { ReplicaReads } from '../../platform/replica';
import { Scope } from '../../platform/scope';
import * as listsRepo from './report-lists.repository';
import { HOUR } from './report-routing';
import { viewerOf } from './report-views.service';
import { HANDLER_ROLES, LEVEL, OPEN_STATUSES, PROXY_ROLES } from './reports.policy';
import { presentReport } from './reports.presenter';
import * as repo from './reports.repository';

/**
 * Lists of reports (docs/rules.md#reports): a page of them (mine, handling, or all in my jurisdiction) with
 * its filters and search box, its export, the workbench's counts of what waits, and the places to file at.
 */
export class ReportListsService {
  constructor(
    private readonly db: Db,
    /** Lag-tolerant reads (the list and its export): the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
  ) {}

  /** Lanes, squares and markets where the caller may file: in the communities they live in, or staff's jurisdiction. */
  async places(ctx: RequestContext) {
    return { items: await listsRepo.placesFor(this.db, ctx.actor.userId, Scope.of(ctx.actor, PROXY_ROLES)) };
  }

  /** Where reports wait for `actor` to act: each handler binding's level under its unit, or its department. */
  private handlingAt(actor: Actor): listsRepo.HandlingAt[] {
    const at: listsRepo.HandlingAt[] = [];
    for (const b of actor.bindings) {
      const level = Number(Object.entries(HANDLER_ROLES).find(([, roles]) => roles.includes(b.role))?.[0] ?? 0);
      if (!level) continue;
      at.push(level === LEVEL.department ? { departmentId: b.orgUnitId } : { level, path: b.path });
    }
    return at;
  }

  /**
   * The caller's to-do among reports (the workbench): how many wait for them (待我处理), how many are due
   * within `soonHours` (即将超时) and how many are overdue (已超时). Null when they handle reports nowhere.
   */
  async handlingCounts(ctx: RequestContext, soonHours = 24) {
    const at = this.handlingAt(ctx.actor);
    if (at.length === 0) return null;
    const soon = new Date(this.clock.now().getTime() + soonHours * HOUR);
    return listsRepo.countHandling(this.db, at, OPEN_STATUSES, soon);
  }

  /** The filters of the list (and its export) as a repository filter, with who is looking. */
  private async listFilter(
    ctx: RequestContext,
    q: ReportExportQuery,
    limit: number,
  ): Promise<{ viewer: listsRepo.Viewer | null; filter: listsRepo.ReportFilter }> {
    const filter: listsRepo.ReportFilter = { limit };
    const seen = viewerOf(ctx.actor);
    let viewer: listsRepo.Viewer | null = seen;
    if (q.view === 'mine') {
      viewer = null;
      filter.followedBy = ctx.actor.userId;
    } else if (q.view === 'handling') {
      filter.handlingAt = this.handlingAt(ctx.actor);
      filter.statusIn = [...OPEN_STATUSES];
    }
    if (q.status) filter.status = q.status;
    if (q.level) filter.level = REPORT_LEVELS.indexOf(q.level) + 1;
    if (q.categoryId) filter.categoryTree = [q.categoryId];
    if (q.orgUnitId) {
      const unit = await repo.findOrgUnit(this.db, q.orgUnitId);
      if (!unit) throw notFound();
      filter.underPath = unit.path;
    }
    if (q.q) filter.search = await this.searchOf(q.q, seen.scope);
    return { viewer, filter };
  }

  /**
   * What the search box asks for: a mobile number (the reporter's, found by its blind index, never by
   * decrypting), a report number (digits, `#` optional), a landline with its area code, or else an
   * address: the units of that name (a building, an estate, a community), within the caller's
   * jurisdiction when they have one (a department's staff see reports dispatched to them anywhere).
   */
  private async searchOf(text: string, scope: Scope): Promise<NonNullable<listsRepo.ReportFilter['search']>> {
    const phone = normalisePhone(text);
    if (/^1\d{10}$/.test(phone)) return { phoneHash: this.cipher.blindIndex('phone', phone) };
    const number = /^#?(\d{1,15})$/.exec(text);
    if (number) return { id: Number(number[1]) };
    if (isValidPhone(phone)) return { phoneHash: this.cipher.blindIndex('phone', phone) };
    return { paths: await listsRepo.unitPathsNamed(this.db, text, scope.isEmpty ? null : scope, 50) };
  }

  /** A page of reports: mine (filed or followed), handling (waiting at my level), or all in my jurisdiction. */
  async list(ctx: RequestContext, q: ReportListQuery) {
    const { viewer, filter } = await this.listFilter(ctx, q, q.limit + 1);
    const after = q.cursor ? decodeKeyCursor(q.cursor, q.sort, listsRepo.SORT_KEY_SHAPE[q.sort]) : undefined;
    const [found, counted] = await this.reads.run(ctx, (db) =>
      Promise.all([
        listsRepo.listVisible(db, viewer, filter, q.sort, after),
        // Counted once, for the first page; later pages keep the first page's figure.
        q.cursor ? Promise.resolve(null) : listsRepo.countVisible(db, viewer, filter, COUNT_CAP),
      ]),
    );
    const page = found.slice(0, q.limit);
    const following = await repo.isFollowing(
      this.db,
      page.map((l) => l.report.id),
      ctx.actor.userId,
    );
    const last = page.at(-1);
    return {
      items: page.map((l) => presentReport(l, ctx.actor, this.cipher, ctx.lang, following.has(l.report.id))),
      nextCursor:
        found.length > q.limit && last ? encodeKeyCursor(q.sort, listsRepo.sortKeyOf(q.sort, last.report)) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /**
   * Everything the list's filters show, for an export, page by page in the list's order, as the list
   * presents it (the reporter's phone masked). Audited before the first row (unless `audit: false`: a
   * background export audits when asked for); refused over `maxRows` (COUNT_CAP unless given; null: no limit).
   */
  async exportRows(
    ctx: RequestContext,
    q: ReportExportQuery,
    opts: { maxRows?: number | null; audit?: boolean; auditDetail?: Record<string, unknown> } = {},
  ): Promise<{ total: number; rows: AsyncIterable<ReportView> }> {
    const { viewer, filter } = await this.listFilter(ctx, q, EXPORT_PAGE + 1);
    const maxRows = opts.maxRows === undefined ? COUNT_CAP : opts.maxRows;
    const total = await this.reads.run(ctx, (db) =>
      listsRepo.countVisible(db, viewer, filter, maxRows ?? Number.MAX_SAFE_INTEGER - 1),
    );
    if (maxRows !== null && total > maxRows) throw new AppError('EXPORT_TOO_LARGE');
    if (opts.audit ?? true) {
      const entry = { action: 'report.export', objectType: 'report' };
      const filters = searchMasked(q, filter.search);
      await auditPagedExport(this.db, this.clock, ctx, entry, total, filters, opts.auditDetail);
    }
    const rows = keysetRows({
      // The filter reads EXPORT_PAGE + 1 rows a query (its limit, set above).
      read: (after: listsRepo.ReportAfter | undefined) =>
        this.reads.run(ctx, (db) => listsRepo.listVisible(db, viewer, filter, q.sort, after)),
      keyOf: (last) => listsRepo.sortKeyOf(q.sort, last.report),
      pageSize: EXPORT_PAGE,
      present: (page) => page.map((l) => presentReport(l, ctx.actor, this.cipher, ctx.lang, false)),
    });
    return { total, rows };
  }
}
