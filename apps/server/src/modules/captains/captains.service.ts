import { type CaptainView, maskPhone } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import { Scope } from '../../platform/scope';
import type { ChoresService } from '../chores/chores.service';
import { CAPTAIN_ROLL_READ } from './captains.policy';
import * as repo from './captains.repository';

/** What the roll needs of the points ledger (modules/points LedgerService.balancesOf): one query per page. */
export interface CaptainBalances {
  balancesOf(db: Db, pairs: { streetId: number; userId: number }[]): Promise<Map<string, number>>;
}

/** The captains roll (楼长名册) for staff. */
export class CaptainsService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly chores: ChoresService,
    private readonly balances: CaptainBalances | null,
  ) {}

  /** Captains bound to buildings in the caller's jurisdiction: masked phone, buildings, chores done. */
  async list(
    ctx: RequestContext,
    q: { orgUnitId?: number | undefined; cursor?: string | undefined; limit: number },
  ): Promise<{ items: CaptainView[]; nextCursor: string | null }> {
    const scope = Scope.of(ctx.actor, CAPTAIN_ROLL_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let underPath: string | undefined;
    if (q.orgUnitId !== undefined) {
      const unit = await repo.findUnit(this.db, scope, q.orgUnitId);
      if (!unit) throw notFound();
      underPath = unit.path;
    }
    const rows = await repo.captainsInScope(this.db, scope, {
      underPath,
      afterId: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const userIds = page.map((r) => r.id);
    const counts = await this.chores.countsByCaptain(userIds);
    const balances = this.balances
      ? await this.balances.balancesOf(
          this.db,
          page.map((r) => ({ streetId: r.streetId, userId: r.id })),
        )
      : new Map<string, number>();
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        userId: r.id,
        name: r.name,
        phoneMasked: maskPhone(this.cipher.decrypt(r.phoneEnc)),
        buildings: r.buildings,
        pointsBalance: this.balances ? (balances.get(`${r.streetId}:${r.id}`) ?? 0) : null,
        choresApproved: counts.get(r.id)?.approved ?? 0,
        choresPending: counts.get(r.id)?.pending ?? 0,
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
    };
  }
}
