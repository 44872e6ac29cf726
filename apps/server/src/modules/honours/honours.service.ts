import { randomBytes } from 'node:crypto';
import {
  HONOUR_LABELS,
  type HonourKind,
  type HonourRoundView,
  type HonourScoreView,
  type Role,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import type { CaptainSettings } from '../captains/captain-records.service';
import type { Notifier } from '../notifications/notifications.service';
import { verifyUrlOf } from './certificate-pdf';
import { periodLabel, periodOf } from './honour-period';
import * as scorer from './honour-scoring.repository';
import { type MyHonour, myHonour, presentRound, presentScore } from './honours.presenter';
import * as repo from './honours.repository';

/** What honours need of the captains' module (CaptainRecordsService). */
export interface CaptainStreets {
  settingsOf(db: Db, streetId: number): Promise<CaptainSettings>;
  streetInReach(
    ctx: RequestContext,
    streetId: number,
    roles: readonly Role[],
    within?: boolean,
  ): Promise<{ path: string; name: string }>;
}

/** What honours need of the points ledger (LedgerService.creditHonourBonus). */
export interface HonourBonus {
  creditHonourBonus(
    tx: Db,
    input: {
      streetId: number;
      userId: number;
      points: number;
      causeKey: string;
      memo: string;
      actorUserId: number | null;
    },
  ): Promise<{ entryId: number; duplicate: boolean }>;
}

/** Street staff run honours; community staff read them (docs/rules.md#honours). */
const HONOUR_WRITE: readonly Role[] = ['street_staff', 'admin'];
const HONOUR_READ: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

/** Honoured captains notified per statement (a street of a million honours 300,000 at once). */
const NOTIFY_CHUNK = 20_000;

/**
 * Honours (docs/rules.md#honours): quarterly 星级楼长 and yearly 最美楼长 per street. A draft scores
 * every active captain (honours.repository.ts scoreRound states the formula and the tie rule); a
 * reviewer checks it; publishing credits the optional bonus exactly once per honoured captain and
 * issues each a certificate whose QR code verifies it at a public URL (HonourCertificatesService).
 */
export class HonoursService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly captains: CaptainStreets,
    private readonly bonus: HonourBonus | null,
    private readonly publicUrl: string,
    private readonly notifier?: Notifier,
    /** How many of the top scores a draft stores besides the honoured (HONOURS_STORED_TOP). */
    private readonly opts: { storedTop: number } = { storedTop: scorer.TOP },
  ) {}

  /** Drafts (or re-drafts) a street's round for an ended period with the street's quota and scoring settings. */
  async draft(
    ctx: RequestContext,
    input: { streetId: number; kind: HonourKind; period: string; bonusPoints: number },
  ): Promise<HonourRoundView> {
    await this.captains.streetInReach(ctx, input.streetId, HONOUR_WRITE);
    const p = periodOf(input.kind, input.period);
    const now = this.clock.now();
    if (p.end.getTime() > now.getTime()) throw new AppError('HONOUR_PERIOD_NOT_ENDED');
    const id = await transaction(this.db, async (tx) => {
      const settings = await this.captains.settingsOf(tx, input.streetId);
      const quotaPercent = input.kind === 'star' ? settings.starQuotaPercent : settings.beautyQuotaPercent;
      if (quotaPercent < 1 || quotaPercent > 100) throw new AppError('HONOUR_QUOTA_INVALID');
      await repo.insertRound(tx, {
        streetId: input.streetId,
        kind: input.kind,
        period: input.period,
        start: p.start,
        end: p.end,
        quotaPercent,
        bonusPoints: input.bonusPoints,
        draftedBy: ctx.actor.userId,
        at: now,
      });
      const round = await repo.findRoundByPeriod(tx, input.streetId, input.kind, input.period);
      if (!round) throw new Error('honour round vanished');
      if (round.status !== 'draft') throw new AppError('HONOUR_ROUND_EXISTS');
      await repo.redraft(tx, round.id, { quotaPercent, bonusPoints: input.bonusPoints, by: ctx.actor.userId, at: now });
      const scoring = {
        minActivity: settings.minActivity,
        priorWeight: settings.ratingPriorWeight,
        pointsPerStar: settings.pointsPerStar,
      };
      const figures = await scorer.scoreRound(tx, {
        roundId: round.id,
        streetId: input.streetId,
        startDay: p.startDay,
        endDay: p.endDay,
        quotaPercent,
        storedTop: this.opts.storedTop,
        ...scoring,
      });
      await scorer.finishRound(tx, round.id, { ...figures, ...scoring });
      await recordAudit(tx, this.clock, ctx, {
        action: 'honours.draft',
        objectType: 'honour_round',
        objectId: round.id,
        streetId: input.streetId,
        detail: { kind: input.kind, period: input.period, quotaPercent },
      });
      return round.id;
    });
    return this.view(this.db, id);
  }

  /** The reviewer confirms the draft (draft → reviewed). */
  async review(ctx: RequestContext, id: number): Promise<HonourRoundView> {
    const r = await this.round(this.db, ctx, id, HONOUR_WRITE);
    await transaction(this.db, async (tx) => {
      if (!(await repo.moveRound(tx, id, 'draft', 'reviewed', ctx.actor.userId, this.clock.now()))) {
        const now = await repo.findRound(tx, id);
        throw new AppError(now?.status === 'published' ? 'HONOUR_ALREADY_PUBLISHED' : 'CONFLICT');
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'honours.review',
        objectType: 'honour_round',
        objectId: id,
        streetId: r.streetId,
      });
    });
    return this.view(this.db, id);
  }

  /**
   * Publishes a reviewed round (reviewed → published, one compare-and-set: of two concurrent publishes
   * one wins, the other is HONOUR_ALREADY_PUBLISHED), issues certificates and credits the bonus
   * through the ledger, once per honour (cause `honour:<round>:<captain>`), in the same transaction.
   */
  async publish(ctx: RequestContext, id: number): Promise<HonourRoundView> {
    const r = await this.round(this.db, ctx, id, HONOUR_WRITE);
    await transaction(this.db, async (tx) => {
      if (!(await repo.moveRound(tx, id, 'reviewed', 'published', ctx.actor.userId, this.clock.now()))) {
        const now = await repo.findRound(tx, id);
        throw new AppError(now?.status === 'published' ? 'HONOUR_ALREADY_PUBLISHED' : 'HONOUR_NOT_REVIEWED');
      }
      const label = HONOUR_LABELS[r.kind].zh;
      const honoured = await repo.honouredOf(tx, id);
      // In chunks, so no one statement carries hundreds of thousands of ids.
      const ids = honoured.map((x) => x.userId);
      for (let i = 0; i < ids.length; i += NOTIFY_CHUNK) {
        await this.notifier?.notify(tx, ids.slice(i, i + NOTIFY_CHUNK), {
          streetId: r.streetId,
          kind: 'honour_published',
          titleZh: `恭喜您被评为${periodLabel(r.period)}${label}`,
          titleEn: `You are a ${HONOUR_LABELS[r.kind].en.toLowerCase()} of ${r.period}`,
          body: r.bonusPoints > 0 ? `奖励积分 ${r.bonusPoints} 分` : '',
          objectType: 'honour_round',
          objectId: id,
          sourceKey: `honour:${id}`,
        });
      }
      await repo.setTokens(
        tx,
        id,
        honoured.map((s) => s.userId),
        honoured.map(() => randomBytes(16).toString('hex')),
      );
      for (const s of honoured) {
        if (r.bonusPoints > 0 && this.bonus) {
          await this.bonus.creditHonourBonus(tx, {
            streetId: r.streetId,
            userId: s.userId,
            points: r.bonusPoints,
            causeKey: `honour:${id}:${s.userId}`,
            memo: `${label}奖励 · ${periodLabel(r.period)}`,
            actorUserId: ctx.actor.userId,
          });
        }
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'honours.publish',
        objectType: 'honour_round',
        objectId: id,
        streetId: r.streetId,
        detail: { bonusPoints: r.bonusPoints },
      });
    });
    return this.view(this.db, id);
  }

  /** A street's rounds, newest period first. */
  async list(ctx: RequestContext, streetId: number | undefined) {
    const sid = streetId ?? this.defaultStreet(ctx);
    await this.captains.streetInReach(ctx, sid, HONOUR_READ, true);
    const rows = await repo.roundsOfStreet(this.db, sid);
    return { items: rows.map(presentRound) };
  }

  /** A street's rounds as the list shows them; audited (`honour_round.list_export`) before the first byte. */
  async exportRounds(ctx: RequestContext, streetId: number | undefined) {
    const sid = streetId ?? this.defaultStreet(ctx);
    const { items } = await this.list(ctx, sid);
    const entry = { action: 'honour_round.list_export', objectType: 'honour_round', streetId: sid };
    return auditListExport(this.db, this.clock, ctx, entry, { streetId: sid }, items);
  }

  /** One round with every score, for staff of the street. */
  async get(ctx: RequestContext, id: number): Promise<HonourRoundView> {
    await this.round(this.db, ctx, id, HONOUR_READ, true);
    return this.view(this.db, id);
  }

  /** A round's scores as its page shows them; audited (`honour_round.export`) before the first byte. */
  async exportScores(ctx: RequestContext, id: number): Promise<readonly HonourScoreView[]> {
    const round = await this.get(ctx, id);
    const entry = { action: 'honour_round.export', objectType: 'honour_round', objectId: id, streetId: round.streetId };
    return auditListExport(this.db, this.clock, ctx, entry, {}, round.scores);
  }

  /** A reviewer's merit (加分) for a captain of the street on a day; counted by the round of that period. */
  async addMerit(
    ctx: RequestContext,
    input: { userId: number; points: number; reason: string; awardedOn: string },
  ): Promise<{ id: number }> {
    const streets = await repo.captainStreets(this.db, input.userId);
    const scope = Scope.of(ctx.actor, HONOUR_WRITE);
    const street = streets.find((s) => scope.covers(s.path));
    if (!street) throw scope.isEmpty ? new AppError('FORBIDDEN') : notFound();
    return transaction(this.db, async (tx) => {
      const id = await repo.insertMerit(tx, {
        streetId: street.streetId,
        userId: input.userId,
        points: input.points,
        reason: input.reason,
        awardedOn: input.awardedOn,
        actor: ctx.actor.userId,
        at: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'honours.merit',
        objectType: 'captain',
        objectId: input.userId,
        streetId: street.streetId,
        detail: { points: input.points, reason: input.reason, awardedOn: input.awardedOn },
      });
      return { id };
    });
  }

  /**
   * My scores in published rounds, with the breakdown and the verify link of each honour: the stored rows,
   * and in the rounds of the streets I captain now where I have none (below the stored top), my breakdown
   * worked from the tallies and the round's kept figures, when I meet its minimum activity.
   */
  async mine(ctx: RequestContext) {
    const me = ctx.actor.userId;
    const items: MyHonour[] = [];
    for (const s of await repo.myScores(this.db, me)) {
      const r = await repo.findRound(this.db, s.roundId);
      if (r) items.push(myHonour(r, s, s.certificateToken ? verifyUrlOf(this.publicUrl, s.certificateToken) : null));
    }
    const streets = (await repo.captainStreets(this.db, me)).map((x) => x.streetId);
    for (const r of await repo.publishedWithoutRow(this.db, me, streets)) {
      const s = await this.worked(r, me);
      if (s) items.push(myHonour(r, s, null));
    }
    items.sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.roundId - a.roundId);
    return { items: items.map(({ periodEnd: _, ...x }) => x) };
  }

  /**
   * One captain's score in a round, for staff of the street: the stored row, or for a captain of the
   * street below the stored top, the breakdown worked from the tallies (rank null, not honoured).
   */
  async scoreIn(ctx: RequestContext, roundId: number, userId: number): Promise<HonourScoreView> {
    const r = await this.round(this.db, ctx, roundId, HONOUR_READ, true);
    const stored = await repo.scoreOf(this.db, roundId, userId);
    if (stored) return presentScore(stored);
    const streets = await repo.captainStreets(this.db, userId);
    const s = streets.some((x) => x.streetId === r.streetId) ? await this.worked(r, userId) : undefined;
    if (!s) throw notFound();
    return presentScore(s);
  }

  /** The worked breakdown of a captain without a stored row (undefined: the round kept no figures, or below its minimum). */
  private async worked(r: repo.RoundRow, userId: number) {
    if (r.streetRatings === null || r.ratingPriorWeight === null || r.pointsPerStar === null) return undefined;
    const p = periodOf(r.kind, r.period);
    const s = await scorer.workedScore(
      this.db,
      {
        roundId: r.id,
        streetId: r.streetId,
        startDay: p.startDay,
        endDay: p.endDay,
        streetRatings: Number(r.streetRatings),
        streetRatingSum: Number(r.streetRatingSum),
        priorWeight: r.ratingPriorWeight,
        pointsPerStar: r.pointsPerStar,
      },
      userId,
    );
    return s && s.activity >= (r.minActivity ?? 0) ? s : undefined;
  }

  /** The latest published honours of each building's captains (the boards' honour roll). */
  async rollFor(buildingIds: readonly number[]): Promise<Map<number, string[]>> {
    const rows = await repo.honourRollFor(this.db, buildingIds);
    const out = new Map<number, string[]>();
    for (const r of rows) {
      const list = out.get(Number(r.buildingId)) ?? [];
      list.push(`${r.name} · ${periodLabel(r.period)}${HONOUR_LABELS[r.kind].zh}`);
      out.set(Number(r.buildingId), list);
    }
    return out;
  }

  private defaultStreet(ctx: RequestContext): number {
    const b = ctx.actor.bindings.find((x) => HONOUR_READ.includes(x.role) && x.streetId !== null);
    if (!b) throw new AppError('FORBIDDEN');
    return b.streetId as number;
  }

  /** The round, when the caller is staff of its street (HONOUR_READ, within its reach); else not found or FORBIDDEN. */
  async readable(ctx: RequestContext, id: number): Promise<repo.RoundRow> {
    return this.round(this.db, ctx, id, HONOUR_READ, true);
  }

  /** The round, when the caller holds one of `roles` over its street (read outside any transaction). */
  private async round(db: Db, ctx: RequestContext, id: number, roles: readonly Role[], within = false) {
    const r = await repo.findRound(db, id);
    const scope = Scope.of(ctx.actor, roles);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    if (!r) throw notFound();
    await this.captains.streetInReach(ctx, r.streetId, roles, within);
    return r;
  }

  private async view(db: Db, id: number): Promise<HonourRoundView> {
    const r = await repo.findRound(db, id);
    if (!r) throw notFound();
    const scores = await repo.scoresOf(db, id);
    return { ...presentRound(r), scores: scores.map(presentScore) };
  }
}
