import type { CouncilView } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import * as repo from './councils.repository';
import { COUNCIL_FORMER_ROLES, innerPaths, manages, PROPOSAL_SCOPE_KINDS, READ_ROLES } from './deliberation.policy';
import { findUnit, type Viewer } from './deliberation.repository';

export interface MemberInput {
  name: string;
  role: 'captain' | 'owner_rep' | 'staff';
  householdId?: number | undefined;
  joinedOn: string;
}
export interface MeetingInput {
  heldOn: string;
  title: string;
  attendees: string;
  minutes: string;
  proposalId?: number | undefined;
}

/**
 * Building councils (楼事会, docs/rules.md#deliberation): one per building or estate, run by those who run its
 * votes; members (captain, owner representatives, community staff) and meetings with minutes.
 */
export class CouncilsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private viewer(actor: Actor): Viewer {
    return { scope: Scope.of(actor, READ_ROLES), inner: innerPaths(actor), userId: actor.userId };
  }

  async create(ctx: RequestContext, input: { orgUnitId: number; name: string }) {
    return transaction(this.db, async (tx) => {
      const unit = await findUnit(tx, input.orgUnitId);
      if (!unit || unit.streetId === null) throw notFound();
      if (!Scope.of(ctx.actor, COUNCIL_FORMER_ROLES).covers(unit.path)) {
        if (Scope.of(ctx.actor, READ_ROLES).overlaps(unit.path) || innerPaths(ctx.actor).length > 0)
          throw new AppError('FORBIDDEN');
        throw notFound();
      }
      if (!(PROPOSAL_SCOPE_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('PROPOSAL_SCOPE_KIND');
      const row = await repo.insertCouncil(tx, {
        streetId: unit.streetId,
        orgUnitId: unit.id,
        path: unit.path,
        name: input.name,
        createdBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      if (!row) throw new AppError('COUNCIL_EXISTS');
      await recordAudit(tx, this.clock, ctx, {
        action: 'council.create',
        objectType: 'council',
        objectId: row.id,
        streetId: row.streetId,
      });
      return this.view(tx, ctx.actor, row.id);
    });
  }

  async list(ctx: RequestContext) {
    const v = this.viewer(ctx.actor);
    if (v.scope.isEmpty && v.inner.length === 0) throw new AppError('FORBIDDEN');
    const found = await repo.listVisible(this.db, v);
    return { items: await Promise.all(found.map((c) => this.view(this.db, ctx.actor, c.id))) };
  }

  /** The councils the list shows; audited (`council.export`) before the first byte. */
  async exportList(ctx: RequestContext): Promise<readonly CouncilView[]> {
    const { items } = await this.list(ctx);
    return auditListExport(this.db, this.clock, ctx, { action: 'council.export', objectType: 'council' }, {}, items);
  }

  async get(ctx: RequestContext, id: number) {
    return this.view(this.db, ctx.actor, id);
  }

  /** Adds a member; a household named must lie under the council's building or estate. */
  async addMember(ctx: RequestContext, id: number, m: MemberInput) {
    return transaction(this.db, async (tx) => {
      const c = await this.managed(tx, ctx.actor, id);
      if (m.householdId !== undefined && !(await repo.householdUnder(tx, m.householdId, c.path)))
        throw new AppError('VALIDATION_FAILED');
      await repo.insertMember(tx, {
        councilId: id,
        name: m.name,
        role: m.role,
        householdId: m.householdId ?? null,
        joinedOn: m.joinedOn,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'council.member',
        objectType: 'council',
        objectId: id,
        streetId: c.streetId,
        detail: { ...m },
      });
      return this.view(tx, ctx.actor, id);
    });
  }

  /** Records a meeting with its minutes (会议纪要), optionally about a proposal of the same building or estate. */
  async addMeeting(ctx: RequestContext, id: number, m: MeetingInput) {
    return transaction(this.db, async (tx) => {
      const c = await this.managed(tx, ctx.actor, id);
      if (m.proposalId !== undefined && !(await repo.proposalAround(tx, m.proposalId, c.path)))
        throw new AppError('VALIDATION_FAILED');
      await repo.insertMeeting(tx, {
        councilId: id,
        ...m,
        proposalId: m.proposalId ?? null,
        createdBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'council.meeting',
        objectType: 'council',
        objectId: id,
        streetId: c.streetId,
        detail: { heldOn: m.heldOn, title: m.title },
      });
      return this.view(tx, ctx.actor, id);
    });
  }

  private async managed(tx: Db, actor: Actor, id: number) {
    const [c] = await repo.listVisible(tx, this.viewer(actor), id);
    if (!c) throw notFound();
    if (!manages(actor, c.path)) throw new AppError('FORBIDDEN');
    return c;
  }

  private async view(db: Db, actor: Actor, id: number) {
    const [c] = await repo.listVisible(db, this.viewer(actor), id);
    if (!c) throw notFound();
    return {
      id: c.id,
      orgUnitId: c.orgUnitId,
      orgUnitName: c.orgUnitName,
      name: c.name,
      members: await repo.members(db, id),
      meetings: await repo.meetings(db, id),
    };
  }
}
