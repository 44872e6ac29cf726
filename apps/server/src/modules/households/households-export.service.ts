import type { ExportQuery } from '@louzhang/contracts';
import { COUNT_CAP, maskChinaId, maskPhone, normalisePhone } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { ReplicaReads } from '../../platform/replica';
import { Scope } from '../../platform/scope';
import { REGISTRY_READ } from './households.policy';
import { addressOf, careTagsOf } from './households.presenter';
import * as repo from './households.repository';
import type { HouseholdsService } from './households.service';
import type { ExportRow } from './households-excel';

/** Households read per page while exporting. */
const EXPORT_PAGE = 200;

export interface ExportOptions {
  /** Refused (EXPORT_TOO_LARGE) over this many households; null: no limit (a background export). */
  maxRows?: number | null;
  /** Write the audit entry (household.export) before the first row; a background export audits on request. */
  audit?: boolean;
  /** Added to the audit entry's detail (the background export's id). */
  auditDetail?: Record<string, unknown>;
}

/**
 * The registry's export (one row per resident, phone and ID masked as on screen): what the list's filters
 * show, page by page in the list's order. The streamed download and the background export (导出任务) both
 * read it; the rows are written by households-export-xlsx.ts. `total` counts households (the list's rows).
 */
export class HouseholdsExportService {
  constructor(
    private readonly db: Db,
    /** Lag-tolerant reads (the list and its export): the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly households: HouseholdsService,
  ) {}

  /** Whether `ctx` may export the registry at all (the list's permission). */
  mayExport(ctx: RequestContext): boolean {
    return !Scope.of(ctx.actor, REGISTRY_READ).isEmpty;
  }

  /** The filters as the audit log keeps them: a phone searched for stays masked. */
  private maskedFilters(filters: ExportQuery) {
    const phone = filters.q ? normalisePhone(filters.q) : '';
    return {
      orgUnitId: filters.orgUnitId,
      careTag: filters.careTag,
      q: filters.q && /^1\d{10}$/.test(phone) ? maskPhone(phone) : filters.q,
    };
  }

  async exportRows(
    ctx: RequestContext,
    filters: ExportQuery,
    opts: ExportOptions = {},
  ): Promise<{ total: number; rows: AsyncIterable<ExportRow> }> {
    if (!this.mayExport(ctx)) throw new AppError('FORBIDDEN');
    const maxRows = opts.maxRows === undefined ? COUNT_CAP : opts.maxRows;
    const total = await this.households.count(ctx, filters, maxRows ?? Number.MAX_SAFE_INTEGER - 1);
    if (maxRows !== null && total > maxRows) throw new AppError('EXPORT_TOO_LARGE');
    if (opts.audit ?? true) {
      await transaction(this.db, (tx) =>
        recordAudit(tx, this.clock, ctx, {
          action: 'household.export',
          objectType: 'household',
          detail: { rows: total, ...this.maskedFilters(filters), ...opts.auditDetail },
        }),
      );
    }
    const { reads, cipher, households } = this;
    async function* rows(): AsyncIterable<ExportRow> {
      let cursor: string | null = null;
      do {
        const page = await households.list(ctx, { ...filters, limit: EXPORT_PAGE, cursor: cursor ?? undefined });
        const full = await reads.run(ctx, (db) =>
          repo.residentsOf(
            db,
            page.items.map((h) => h.id),
          ),
        );
        for (const h of page.items) {
          for (const m of full.filter((x) => x.householdId === h.id)) {
            const idNumber = cipher.decryptOptional(m.idNumberEnc);
            yield {
              householdId: h.id,
              buildingName: h.buildingName,
              unitLabel: h.unitLabel,
              floor: h.floor,
              room: h.room,
              floorArea: h.floorArea,
              ownerKey: h.ownerKey,
              relation: m.relation,
              name: m.name,
              gender: (m.gender as 'M' | 'F' | null) ?? null,
              birthYear: m.birthYear,
              phone: cipher.maskedPhone(m.phoneEnc),
              idNumber: idNumber ? maskChinaId(idNumber) : null,
              careTags: h.careTags === null ? [] : careTagsOf(m, cipher),
              address: addressOf(h),
            };
          }
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
    return { total, rows: rows() };
  }
}
