import type { ProposalList } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { auditListExport } from '../../platform/list-export';
import type { DeliberationService } from './deliberation.service';
import type { RollRow } from './deliberation-excel';

/** The exports of 议事表决: what the proposals list and a proposal's roll show, read with their own checks. */
export class DeliberationExportsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly deliberation: DeliberationService,
  ) {}

  /** The proposals the caller's list shows; audited (`proposal.export`) before the first byte. */
  async proposals(ctx: RequestContext): Promise<readonly ProposalList['items'][number][]> {
    const { items } = await this.deliberation.list(ctx);
    return auditListExport(this.db, this.clock, ctx, { action: 'proposal.export', objectType: 'proposal' }, {}, items);
  }

  /** A proposal's roll with each household's ballot, for its managers; audited (`proposal.roll_export`) first. */
  async roll(ctx: RequestContext, id: number): Promise<readonly RollRow[]> {
    const { items } = await this.deliberation.roll(ctx, id);
    const { options } = await this.deliberation.get(ctx, id);
    const entry = { action: 'proposal.roll_export', objectType: 'proposal', objectId: id };
    return auditListExport(
      this.db,
      this.clock,
      ctx,
      entry,
      {},
      items.map((e) => ({ ...e, options })),
    );
  }
}
