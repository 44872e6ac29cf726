import type {
  BallotView,
  CastBallotRequest,
  CreateProposalRequest,
  ProposalRule,
  ProposalTally,
  ProposalView,
  SendLinkResult,
} from '@louzhang/contracts';
import { formatShanghaiDateTime } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import type { SmsOutboxService } from '../notifications/sms-outbox.service';
import type { PhotosService } from '../photos/photos.service';
import { innerPaths, manages, PROPOSAL_SCOPE_KINDS, READ_ROLES } from './deliberation.policy';
import * as repo from './deliberation.repository';
import { addressOf, entryOf, iso, ProposalViews, presentTally } from './proposal-views.service';
import { isCivilCode, tally, toM2 } from './tally';

/**
 * Proposals and votes (协商议事, docs/rules.md#deliberation): a manager opens a vote over a building or an estate,
 * which freezes its roll (every household with its registered area and owner); households vote on the phone,
 * the captain enters paper forms (with their photo) and door-to-door answers; the tally is computed live and
 * frozen at close. Ballots lock the proposal row for share and close locks it for update, so a ballot either
 * commits before the close (and is counted) or sees the vote closed.
 */
export class DeliberationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
    private readonly sms: { outbox: SmsOutboxService; cipher: PiiCipher; publicUrl: string },
  ) {
    this.views = new ProposalViews(photos);
  }

  /** How a proposal, its tally and a ballot read (proposal-views.service.ts). */
  private readonly views: ProposalViews;

  private viewer(actor: Actor): repo.Viewer {
    return { scope: Scope.of(actor, READ_ROLES), inner: innerPaths(actor), userId: actor.userId };
  }

  /** Opens a vote over a building or an estate in the caller's care; the roll is taken now. */
  async create(ctx: RequestContext, input: CreateProposalRequest): Promise<ProposalView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findUnit(tx, input.scopeOrgUnitId);
      if (!unit || unit.streetId === null) throw notFound();
      if (!manages(ctx.actor, unit.path)) {
        if (Scope.of(ctx.actor, READ_ROLES).overlaps(unit.path) || innerPaths(ctx.actor).length > 0)
          throw new AppError('FORBIDDEN');
        throw notFound();
      }
      if (!(PROPOSAL_SCOPE_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('PROPOSAL_SCOPE_KIND');
      const now = this.clock.now();
      const deadline = new Date(input.deadline);
      if (deadline <= now) throw new AppError('PROPOSAL_DEADLINE_PAST');
      const options = input.options.map((o) => o.trim());
      if (
        options.length > 0 &&
        (isCivilCode(input.rule) || options.length < 2 || new Set(options).size !== options.length)
      )
        throw new AppError('PROPOSAL_OPTIONS_INVALID');
      const households = await repo.householdsUnder(tx, unit.path);
      if (households.length === 0) throw new AppError('PROPOSAL_ROLL_EMPTY');
      if (isCivilCode(input.rule) && households.some((h) => h.areaCm2 === null))
        throw new AppError('PROPOSAL_AREAS_MISSING');
      await this.photos.requireOwn(tx, ctx.actor.userId, input.attachmentPhotoIds);
      const row = await repo.insertProposal(tx, {
        streetId: unit.streetId,
        scopeOrgUnitId: unit.id,
        scopePath: unit.path,
        title: input.title,
        description: input.description,
        rule: input.rule,
        options,
        allowChange: input.allowChange,
        attachmentPhotoIds: [...new Set(input.attachmentPhotoIds)],
        deadline,
        createdBy: ctx.actor.userId,
        createdAt: now,
      });
      await repo.insertRoll(
        tx,
        households.map((h) => ({
          proposalId: row.id,
          householdId: h.id,
          ownerKey: h.ownerKey,
          areaCm2: h.areaCm2 ?? 0,
        })),
      );
      await recordAudit(tx, this.clock, ctx, {
        action: 'proposal.create',
        objectType: 'proposal',
        objectId: row.id,
        streetId: row.streetId,
        detail: { scopeOrgUnitId: unit.id, rule: input.rule, options, households: households.length },
      });
      return this.views.view(tx, ctx.actor, await this.visibleIn(tx, ctx.actor, row.id));
    });
    return value;
  }

  /** Proposals I can see: in my jurisdiction, around my building, or where a household of mine is on the roll. */
  async list(ctx: RequestContext): Promise<{ items: Omit<ProposalView, 'myHouseholds'>[] }> {
    const found = await repo.listVisible(this.db, this.viewer(ctx.actor));
    const items = [];
    for (const p of found) {
      const { myHouseholds: _, ...rest } = await this.views.view(this.db, ctx.actor, p, false);
      items.push(rest);
    }
    return { items };
  }

  async get(ctx: RequestContext, id: number): Promise<ProposalView> {
    return this.views.view(this.db, ctx.actor, await this.visibleIn(this.db, ctx.actor, id));
  }

  /** The tally: live while open (`passed` null), the frozen result once closed. */
  async tally(ctx: RequestContext, id: number): Promise<ProposalTally> {
    const p = await this.visibleIn(this.db, ctx.actor, id);
    return this.views.tallyOf(this.db, p);
  }

  /** The roll with every household's ballot, for those who run the vote. */
  async roll(ctx: RequestContext, id: number) {
    const p = await this.visibleIn(this.db, ctx.actor, id);
    if (!manages(ctx.actor, p.scopePath)) throw new AppError('FORBIDDEN');
    const r = await repo.roll(this.db, id);
    return {
      items: await Promise.all(
        r.map(async (e) => ({
          householdId: e.householdId,
          address: addressOf(e),
          areaM2: toM2(e.areaCm2),
          ownerKey: e.ownerKey,
          ballot: await this.views.ballotOf(this.db, p, e, r),
        })),
      ),
    };
  }

  /**
   * Casts or changes a household's ballot: on the phone by a member of the household (an absentee owner signs in
   * by SMS with the phone the registry holds), or by a manager from a paper form (with its photo) or door to door.
   * Under a civil-code rule the ballot counts for every unit of the same owner (法释〔2009〕7号 art. 9).
   */
  async castBallot(
    ctx: RequestContext,
    id: number,
    input: CastBallotRequest,
  ): Promise<{ ballot: BallotView; created: boolean }> {
    return transaction(this.db, async (tx) => {
      const p = await this.visibleIn(tx, ctx.actor, id, 'share');
      if (p.status === 'closed') throw new AppError('PROPOSAL_CLOSED');
      const now = this.clock.now();
      if (now > new Date(p.deadline)) throw new AppError('BALLOT_DEADLINE_PASSED');
      const hasOptions = p.options.length > 0;
      if (
        hasOptions
          ? input.choice !== undefined || input.option === undefined || input.option >= p.options.length
          : input.choice === undefined || input.option !== undefined
      )
        throw new AppError('BALLOT_OPTION_UNKNOWN');
      const householdId = await this.ballotHousehold(tx, ctx.actor, p, input);
      let formPhotoId: number | null = null;
      if (input.via === 'paper') {
        if (input.formPhotoId === undefined) throw new AppError('BALLOT_FORM_PHOTO_REQUIRED');
        await this.photos.requireOwn(tx, ctx.actor.userId, [input.formPhotoId]);
        formPhotoId = input.formPhotoId;
      }
      const all = await repo.roll(tx, id);
      const target = all.find((e) => e.householdId === householdId)!;
      const units =
        isCivilCode(p.rule as ProposalRule) && target.ownerKey !== null
          ? all.filter((e) => e.ownerKey === target.ownerKey).map((e) => e.householdId)
          : [householdId];
      let created = false;
      for (const hid of units) {
        const put = await repo.putBallot(
          tx,
          {
            proposalId: id,
            householdId: hid,
            choice: input.choice ?? null,
            optionIndex: input.option ?? null,
            castVia: input.via,
            castBy: ctx.actor.userId,
            formPhotoId,
            at: now,
          },
          p.allowChange,
        );
        if (!put) throw new AppError('BALLOT_EXISTS');
        if (hid === householdId) created = put.changes === 0;
        await recordAudit(tx, this.clock, ctx, {
          action: put.changes === 0 ? 'proposal.ballot.cast' : 'proposal.ballot.change',
          objectType: 'proposal',
          objectId: id,
          streetId: p.streetId,
          detail: {
            householdId: hid,
            ...(hasOptions
              ? { option: input.option, previousOption: put.previousOption }
              : { choice: input.choice, previous: put.previous }),
            via: input.via,
            formPhotoId,
          },
        });
      }
      const fresh = await repo.roll(tx, id, units);
      const mine = fresh.find((e) => e.householdId === householdId)!;
      return { ballot: (await this.views.ballotOf(tx, p, mine, fresh))!, created };
    });
  }

  /** Closes the vote: computes the result, freezes and publishes it. Before the deadline only once every household has voted. */
  async close(ctx: RequestContext, id: number): Promise<ProposalTally> {
    return transaction(this.db, async (tx) => {
      const p = await this.visibleIn(tx, ctx.actor, id, 'update');
      if (!manages(ctx.actor, p.scopePath)) throw new AppError('FORBIDDEN');
      if (p.status === 'closed') throw new AppError('PROPOSAL_CLOSED');
      const now = this.clock.now();
      const roll = await repo.roll(tx, id);
      if (now <= new Date(p.deadline) && roll.some((e) => e.choice === null && e.optionIndex === null))
        throw new AppError('PROPOSAL_STILL_OPEN');
      const result = tally(p.rule as ProposalRule, roll.map(entryOf), p.options.length);
      await repo.close(tx, id, result, ctx.actor.userId, now);
      await recordAudit(tx, this.clock, ctx, {
        action: 'proposal.close',
        objectType: 'proposal',
        objectId: id,
        streetId: p.streetId,
        detail: { result },
      });
      return presentTally(p.rule as ProposalRule, 'closed', result, p.options);
    });
  }

  /**
   * Sends the vote link by SMS to the absentee owners (外地业主) of households that have not voted (see
   * repo.absenteesToText): once per owner and proposal, again only with `resend`. Through the SMS outbox, in the
   * same transaction as the record of who had it.
   */
  async sendLink(ctx: RequestContext, id: number, resend: boolean): Promise<SendLinkResult> {
    return transaction(this.db, async (tx) => {
      const p = await this.visibleIn(tx, ctx.actor, id, 'share');
      if (!manages(ctx.actor, p.scopePath)) throw new AppError('FORBIDDEN');
      if (p.status === 'closed') throw new AppError('PROPOSAL_CLOSED');
      const now = this.clock.now();
      if (now > new Date(p.deadline)) throw new AppError('BALLOT_DEADLINE_PASSED');
      const owners = await repo.absenteesToText(tx, id);
      const link = `${this.sms.publicUrl}/m/proposals/${id}`;
      const deadline = formatShanghaiDateTime(p.deadline);
      let sent = 0;
      let alreadySent = 0;
      for (const o of owners) {
        const sends = await repo.recordLinkSms(
          tx,
          { proposalId: id, residentId: o.residentId, householdId: o.householdId, sentBy: ctx.actor.userId, at: now },
          resend,
        );
        if (sends === null) {
          alreadySent += 1;
          continue;
        }
        await this.sms.outbox.queueToPhone(tx, {
          phone: this.sms.cipher.decrypt(o.phoneEnc),
          streetId: p.streetId,
          kind: 'proposal_link',
          text: `【楼长】${p.scopeName}议题「${p.title}」正在表决，${deadline}截止。请用本手机号登录后表决：${link}`,
          params: { scope: p.scopeName, title: p.title, deadline, link },
          sourceKey: `proposal_link:${id}:${o.residentId}:${sends}`,
        });
        sent += 1;
      }
      if (sent === 0) throw new AppError('PROPOSAL_NO_ABSENTEES');
      await recordAudit(tx, this.clock, ctx, {
        action: 'proposal.link_sms',
        objectType: 'proposal',
        objectId: id,
        streetId: p.streetId,
        detail: { sent, alreadySent, resend },
      });
      return { sent, alreadySent };
    });
  }

  /** Residents' comments (收集意见), open to everyone who sees the proposal. */
  async comments(ctx: RequestContext, id: number) {
    await this.visibleIn(this.db, ctx.actor, id);
    return { items: (await repo.comments(this.db, id)).map((c) => ({ ...c, createdAt: iso(c.createdAt) })) };
  }

  /** Adds a comment while the vote is open. */
  async comment(ctx: RequestContext, id: number, body: string) {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const p = await this.visibleIn(tx, ctx.actor, id, 'share');
      if (p.status === 'closed') throw new AppError('PROPOSAL_CLOSED');
      const row = await repo.insertComment(tx, {
        proposalId: id,
        userId: ctx.actor.userId,
        body,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'proposal.comment',
        objectType: 'proposal',
        objectId: id,
        streetId: p.streetId,
      });
      return { id: row.id, authorName: ctx.actor.name, body: row.body, createdAt: iso(row.createdAt) };
    });
    return value;
  }

  /** Whether proposal `id` is closed and passed, and was put to the building at `path` (or its estate). For funds. */
  async passedOver(db: Db, id: number, path: string): Promise<boolean> {
    const r = await repo.closedResult(db, id);
    return !!r && r.status === 'closed' && r.result?.passes === true && path.startsWith(r.scopePath);
  }

  /** Attachments are seen by whoever sees the proposal; a signed paper form only by those who run the vote. */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    for (const id of await repo.proposalsHoldingPhoto(db, photoId)) {
      const [p] = await repo.listVisible(db, this.viewer(actor), id);
      if (p && (p.attachmentPhotoIds.includes(photoId) || manages(actor, p.scopePath))) return true;
    }
    return false;
  };

  private async ballotHousehold(
    tx: Db,
    actor: Actor,
    p: repo.ProposalListed,
    input: CastBallotRequest,
  ): Promise<number> {
    if (input.via !== 'app') {
      if (!manages(actor, p.scopePath)) throw new AppError('FORBIDDEN');
      if (input.householdId === undefined) throw new AppError('BALLOT_HOUSEHOLD_REQUIRED');
      if ((await repo.roll(tx, p.id, [input.householdId])).length === 0) throw new AppError('BALLOT_NOT_ON_ROLL');
      return input.householdId;
    }
    const mine = await repo.myRollHouseholds(tx, p.id, actor.userId);
    if (input.householdId !== undefined) {
      if (!mine.includes(input.householdId)) throw new AppError('BALLOT_NOT_ON_ROLL');
      return input.householdId;
    }
    if (mine.length === 0) throw new AppError('BALLOT_NOT_ON_ROLL');
    if (mine.length > 1) throw new AppError('BALLOT_HOUSEHOLD_REQUIRED');
    return mine[0]!;
  }

  private async visibleIn(db: Db, actor: Actor, id: number, lock?: 'update' | 'share') {
    const [p] = await repo.listVisible(db, this.viewer(actor), id, lock);
    if (!p) throw notFound();
    return p;
  }
}
