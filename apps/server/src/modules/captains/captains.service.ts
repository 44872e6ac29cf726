import {
  type CaptainExportQuery,
  type CaptainListQuery,
  type CaptainView,
  COUNT_CAP,
  type ListTotal,
  normalisePhone,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { auditPagedExport, keysetRows, searchMasked } from '../../platform/list-export';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import type { ReplicaReads } from '../../platform/replica';
import { Scope } from '../../platform/scope';
import type { ChoresService } from '../chores/chores.service';
import { CAPTAIN_ROLL_READ } from './captains.policy';
import * as repo from './captains.repository';

/** What the roll needs of the points ledger (modules/points LedgerService.balancesOf): one query per page. */
export interface CaptainBalances {
  balancesOf(db: Db, pairs: { streetId: number; userId: number }[]): Promise<Map<string, number>>;
}

/** The captains roll (楼长名册) for staff: search, filters, sorts with keyset pages, count and export. */
export class CaptainsService {
  constructor(
    private readonly db: Db,
    /** Lag-tolerant reads (the list and its export): the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly chores: ChoresService,
    private readonly balances: CaptainBalances | null,
  ) {}

  /** The caller's roll scope and the filter the query asks for (a unit outside the scope is not found). */
  private async filterOf(
    ctx: RequestContext,
    q: CaptainExportQuery,
  ): Promise<{ scope: Scope; filter: repo.CaptainFilter }> {
    const scope = Scope.of(ctx.actor, CAPTAIN_ROLL_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let underPath: string | undefined;
    if (q.orgUnitId !== undefined) {
      const unit = await repo.findUnit(this.db, scope, q.orgUnitId);
      if (!unit) throw notFound();
      underPath = unit.path;
    }
    return { scope, filter: { underPath, status: q.status, search: q.q ? this.searchOf(q.q) : undefined } };
  }

  /** A mobile number is looked up by its blind index (phones are encrypted at rest); other text by name. */
  private searchOf(text: string): NonNullable<repo.CaptainFilter['search']> {
    const phone = normalisePhone(text);
    // Accounts sign in with a mobile number: that is the only phone a captain has here.
    if (/^1\d{10}$/.test(phone)) return { phoneHash: this.cipher.blindIndex('phone', phone) };
    return { text: text.trim() };
  }

  /** Captains bound to buildings in the caller's jurisdiction: masked phone, buildings, chores done. */
  async list(
    ctx: RequestContext,
    q: CaptainListQuery,
  ): Promise<{ items: CaptainView[]; nextCursor: string | null } & ListTotal> {
    const { scope, filter } = await this.filterOf(ctx, q);
    const after = q.cursor ? Number(decodeKeyCursor(q.cursor, q.sort, ['number'])[0]) : undefined;
    const [rows, counted] = await this.reads.run(ctx, (db) =>
      Promise.all([
        repo.captainsInScope(db, scope, filter, q.sort, after, q.limit + 1),
        // Counted once, for the first page; later pages keep the first page's figure.
        q.cursor ? Promise.resolve(null) : repo.countInScope(db, scope, filter, COUNT_CAP),
      ]),
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: await this.present(page),
      nextCursor: rows.length > q.limit && last ? encodeKeyCursor(q.sort, [last.id]) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /**
   * Everything the roll's filters show, for an export, page by page in the roll's order, as the roll
   * presents it (phones masked). Audited before the first row; refused over COUNT_CAP rows.
   */
  async exportRows(
    ctx: RequestContext,
    q: CaptainExportQuery,
  ): Promise<{ total: number; rows: AsyncIterable<CaptainView> }> {
    const { scope, filter } = await this.filterOf(ctx, q);
    const total = await this.reads.run(ctx, (db) => repo.countInScope(db, scope, filter, COUNT_CAP));
    if (total > COUNT_CAP) throw new AppError('EXPORT_TOO_LARGE');
    const entry = { action: 'captain.export', objectType: 'captain' };
    await auditPagedExport(this.db, this.clock, ctx, entry, total, searchMasked(q, filter.search));
    const rows = keysetRows({
      read: (after: number | undefined, limit) =>
        this.reads.run(ctx, (db) => repo.captainsInScope(db, scope, filter, q.sort, after, limit)),
      keyOf: (last) => last.id,
      present: (page) => this.present(page),
    });
    return { total, rows };
  }

  /** A page of captains as the roll shows them: chores counted and balances read in one query each. */
  private async present(page: repo.CaptainRow[]): Promise<CaptainView[]> {
    const counts = await this.chores.countsByCaptain(page.map((r) => r.id));
    const balances = this.balances
      ? await this.balances.balancesOf(
          this.db,
          page.map((r) => ({ streetId: r.streetId, userId: r.id })),
        )
      : new Map<string, number>();
    return page.map((r) => ({
      userId: r.id,
      name: r.name,
      phoneMasked: this.cipher.maskedPhone(r.phoneEnc),
      status: r.status,
      buildings: r.buildings,
      pointsBalance: this.balances ? (balances.get(`${r.streetId}:${r.id}`) ?? 0) : null,
      choresApproved: counts.get(r.id)?.approved ?? 0,
      choresPending: counts.get(r.id)?.pending ?? 0,
    }));
  }
}
