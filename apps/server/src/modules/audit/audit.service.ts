import {
  type AuditEntryView,
  type AuditExportQuery,
  type AuditLogQuery,
  addDays,
  COUNT_CAP,
  type ListTotal,
  type Role,
  startOfShanghaiDay,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { auditPagedExport, keysetRows } from '../../platform/list-export';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import * as repo from './audit.repository';

/**
 * 操作日志: who did what, when and from where — every write and every reveal of personal data, allowed or
 * refused (docs/rules.md#personal-data). A street office reads its own street's rows, administrators those
 * of the units they administer; a row of no street (a sign-in, a probe outside anyone's reach) belongs to
 * wherever its actor holds a role. The list counts what its filters show (共 N 条) and exports it; an export
 * is itself a row of the log, written before the first byte.
 */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private filterOf(ctx: RequestContext, q: AuditExportQuery): Omit<repo.AuditFilter, 'limit'> {
    const paths = ctx.actor.bindings.filter((b) => READERS.includes(b.role)).map((b) => b.path);
    if (paths.length === 0) throw new AppError('FORBIDDEN');
    return {
      paths,
      action: q.action,
      actorUserId: q.actorUserId,
      objectType: q.objectType,
      objectId: q.objectId,
      result: q.result,
      from: q.from ? startOfShanghaiDay(q.from) : undefined,
      to: q.to ? startOfShanghaiDay(addDays(q.to, 1)) : undefined,
    };
  }

  /** Whether the caller reads the log at all (a background export is refused otherwise). */
  mayRead(ctx: RequestContext): boolean {
    return ctx.actor.bindings.some((b) => READERS.includes(b.role));
  }

  async search(
    ctx: RequestContext,
    q: AuditLogQuery,
  ): Promise<{ items: AuditEntryView[]; nextCursor: string | null } & ListTotal> {
    const filter = this.filterOf(ctx, q);
    const beforeId = q.cursor ? decodeCursor(q.cursor) : undefined;
    const found = await repo.search(this.db, { ...filter, beforeId, limit: q.limit + 1 });
    // Counted once, for the first page; later pages keep the first page's figure.
    const counted = q.cursor ? null : await repo.count(this.db, filter, COUNT_CAP);
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map(present),
      nextCursor: found.length > q.limit && last ? encodeCursor(last.id) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /**
   * Everything the log's filters show, newest first, for an export: audited before the first row (the entry
   * for the export itself comes after the newest row exported, so it is not among the rows); refused over `maxRows`
   * (COUNT_CAP unless told; null for a background export, which has no cap).
   */
  async exportRows(
    ctx: RequestContext,
    q: AuditExportQuery,
    opts: { maxRows?: number | null; audit?: boolean; auditDetail?: Record<string, unknown> } = {},
  ): Promise<{ total: number; rows: AsyncIterable<AuditEntryView> }> {
    const filter = this.filterOf(ctx, q);
    const maxRows = opts.maxRows === undefined ? COUNT_CAP : opts.maxRows;
    // The newest row the export writes: rows written later (the export's own entry among them) stay out.
    const [newest] = await repo.search(this.db, { ...filter, limit: 1 });
    const upTo = { ...filter, beforeId: (newest?.id ?? 0) + 1 };
    const total = newest ? await repo.count(this.db, upTo, maxRows ?? Number.MAX_SAFE_INTEGER - 1) : 0;
    if (maxRows !== null && total > maxRows) throw new AppError('EXPORT_TOO_LARGE');
    if (opts.audit ?? true) {
      const entry = { action: 'audit.export', objectType: 'audit_log' };
      await auditPagedExport(this.db, this.clock, ctx, entry, total, q, opts.auditDetail);
    }
    const rows = keysetRows({
      from: upTo.beforeId,
      // Newest first: each page is of the entries before the last one handed out.
      read: (beforeId, limit) => (newest ? repo.search(this.db, { ...filter, beforeId, limit }) : Promise.resolve([])),
      keyOf: (last) => last.id,
      present: (page) => page.map(present),
    });
    return { total, rows };
  }
}

function present(r: repo.AuditRow): AuditEntryView {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    result: r.result,
    ip: r.ip,
    actor: r.actorUserId !== null ? { id: r.actorUserId, name: r.actorName ?? '' } : null,
    detail: r.detail,
  };
}

/** Who reads the log: a street office (its street) and administrators (the units they administer). */
const READERS: readonly Role[] = ['street_staff', 'admin'];
