import type { CreatePairRequest, PairView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import { MANAGER_ROLES, PAIRING_ROLES } from './partners.policy';
import * as repo from './partners.repository';

/**
 * Community pairing (结对共建, docs/rules.md#partners): the street pairs a model community with another, with
 * goals and a seconded person (第一书记); staff of either community (and the street) keep shared notes and visits.
 */
export class PairingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(ctx: RequestContext, input: CreatePairRequest): Promise<PairView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const [m, p] = [
        await repo.findUnit(tx, input.mentorCommunityId),
        await repo.findUnit(tx, input.partnerCommunityId),
      ];
      if (!m || !p) throw notFound();
      const pairing = Scope.of(ctx.actor, PAIRING_ROLES);
      if (!pairing.covers(m.path) || !pairing.covers(p.path)) {
        throw Scope.refusal(Scope.of(ctx.actor, MANAGER_ROLES), m.path);
      }
      if (m.kind !== 'community' || p.kind !== 'community' || m.id === p.id) throw new AppError('PAIR_INVALID');
      const id = await repo.insertPair(tx, {
        streetId: m.streetId as number,
        mentorCommunityId: m.id,
        partnerCommunityId: p.id,
        mentorPath: m.path,
        partnerPath: p.path,
        goals: input.goals,
        secondedName: input.secondedName || null,
        secondedRole: input.secondedRole || null,
        startsOn: input.startsOn,
        createdBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      if (id === undefined) throw new AppError('PAIR_EXISTS');
      await recordAudit(tx, this.clock, ctx, {
        action: 'community_pair.create',
        objectType: 'community_pair',
        objectId: id,
        streetId: m.streetId,
      });
      return (await this.present(tx, [(await repo.findPair(tx, id))!]))[0]!;
    });
    return value;
  }

  async list(ctx: RequestContext): Promise<{ items: PairView[] }> {
    const scope = Scope.of(ctx.actor, MANAGER_ROLES);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return { items: await this.present(this.db, await repo.pairsVisible(this.db, scope)) };
  }

  /** 结对共建's export: the pairs the list shows; audited (`community_pair.export`) first. */
  async exportList(ctx: RequestContext): Promise<readonly PairView[]> {
    const { items } = await this.list(ctx);
    const entry = { action: 'community_pair.export', objectType: 'community_pair' };
    return auditListExport(this.db, this.clock, ctx, entry, {}, items);
  }

  /** A shared note or a visit, by staff over either community. */
  async addNote(
    ctx: RequestContext,
    pairId: number,
    input: { kind: 'note' | 'visit'; body: string; happenedOn: string },
  ): Promise<PairView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const pair = await repo.findPair(tx, pairId);
      const scope = Scope.of(ctx.actor, MANAGER_ROLES);
      if (!pair || !(scope.covers(pair.mentorPath) || scope.covers(pair.partnerPath))) {
        throw scope.isEmpty ? new AppError('FORBIDDEN') : notFound();
      }
      await repo.insertPairNote(tx, { pairId, ...input, authorId: ctx.actor.userId, createdAt: this.clock.now() });
      await recordAudit(tx, this.clock, ctx, {
        action: 'community_pair.note',
        objectType: 'community_pair',
        objectId: pairId,
        streetId: pair.streetId,
      });
      return (await this.present(tx, [pair]))[0]!;
    });
    return value;
  }

  private async present(db: Db, pairs: repo.PairListed[]): Promise<PairView[]> {
    const notes = await repo.pairNotes(
      db,
      pairs.map((p) => p.id),
    );
    return pairs.map((p) => ({
      id: p.id,
      mentorCommunityId: p.mentorCommunityId,
      mentorName: p.mentorName,
      partnerCommunityId: p.partnerCommunityId,
      partnerName: p.partnerName,
      goals: p.goals,
      secondedName: p.secondedName,
      secondedRole: p.secondedRole,
      startsOn: p.startsOn,
      notes: notes
        .filter((n) => n.pairId === p.id)
        .map(({ pairId: _p, ...n }) => ({ ...n, createdAt: n.createdAt.toISOString() })),
    }));
  }
}
