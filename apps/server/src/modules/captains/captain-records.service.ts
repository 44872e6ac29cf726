import type { CaptainRecordView, CaptainStatus, Role, UpdateCaptainProfileRequest } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import { shanghaiDay } from '../chores/chore-occurrence';
import * as repo from './captain-records.repository';
import type { CaptainRegistrationService } from './captain-registration.service';
import { CAPTAIN_RECORD_WRITE, CAPTAIN_ROLL_READ, CAPTAIN_SETTINGS_WRITE } from './captains.policy';

/** What exit expiry needs of the points ledger (modules/points LedgerService.expireCaptain). */
export interface PointsExpiry {
  expireCaptain(tx: Db, input: { userId: number; causeKey: string; memo: string }): Promise<number>;
}

export const CAPTAIN_SETTINGS_DEFAULTS = {
  starQuotaPercent: 30,
  beautyQuotaPercent: 5,
  minActivity: 1,
  ratingPriorWeight: 10,
  pointsPerStar: 20,
  exitRedeemDays: 90,
};
export type CaptainSettings = typeof CAPTAIN_SETTINGS_DEFAULTS & { streetId: number };

/**
 * Captains' records (docs/rules.md#captains): profile tags, employer unit, the 五大员 duties, status
 * active / suspended / exited with reason and date, and the append-only history of every change. An
 * exit unbinds every building; the points stay redeemable for the street's period, then expire.
 */
export class CaptainRecordsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly registration: CaptainRegistrationService,
    private readonly expiry: PointsExpiry | null,
  ) {}

  /** One captain's record with buildings and history, for staff over one of their buildings (now or before). */
  async get(ctx: RequestContext, userId: number): Promise<CaptainRecordView> {
    await this.reach(this.db, ctx, userId, CAPTAIN_ROLL_READ);
    return this.view(this.db, userId);
  }

  /** The signed-in captain's own record (my profile on the phone). */
  async mine(ctx: RequestContext): Promise<CaptainRecordView> {
    if (!(await repo.findProfile(this.db, ctx.actor.userId))) throw new AppError('CAPTAIN_NOT_REGISTERED');
    return this.view(this.db, ctx.actor.userId);
  }

  /** Edits tags, employer unit and duties (compare-and-set on `version`). */
  async updateProfile(ctx: RequestContext, userId: number, input: UpdateCaptainProfileRequest) {
    await transaction(this.db, async (tx) => {
      const p = await this.reach(tx, ctx, userId, CAPTAIN_RECORD_WRITE);
      const set = {
        ...(input.tags ? { tags: [...new Set(input.tags)] } : {}),
        ...(input.duties ? { duties: [...new Set(input.duties)] } : {}),
        ...(input.employerUnit !== undefined ? { employerUnit: input.employerUnit || null } : {}),
      };
      if (!(await repo.updateProfile(tx, userId, input.version, set))) throw new AppError('STALE_VERSION');
      await this.event(tx, ctx, p.streetId, userId, 'profile', null, {
        before: { tags: p.tags, employerUnit: p.employerUnit, duties: p.duties },
        after: set,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.profile',
        objectType: 'captain',
        objectId: userId,
        streetId: p.streetId,
        detail: set,
      });
    });
    return this.view(this.db, userId);
  }

  /**
   * Suspends, reinstates or exits a captain, with a reason. An exit unbinds every building (each
   * unbinding in the registration history too); an exited captain comes back only through a new
   * application (recruitment), never by a status change.
   */
  async changeStatus(
    ctx: RequestContext,
    userId: number,
    input: { status: CaptainStatus; reason: string; version: number },
  ) {
    await transaction(this.db, async (tx) => {
      const p = await this.reach(tx, ctx, userId, CAPTAIN_RECORD_WRITE);
      if (p.status === input.status) throw new AppError('CAPTAIN_STATUS_UNCHANGED');
      if (p.status === 'exited') throw new AppError('CAPTAIN_EXITED');
      const now = this.clock.now();
      const ok = await repo.updateProfile(tx, userId, input.version, {
        status: input.status,
        statusReason: input.status === 'active' ? null : input.reason,
        statusAt: now,
        exitedAt: input.status === 'exited' ? now : null,
      });
      if (!ok) throw new AppError('STALE_VERSION');
      await this.event(tx, ctx, p.streetId, userId, 'status', input.reason, { from: p.status, to: input.status });
      if (input.status === 'exited') {
        for (const b of await repo.currentBuildings(tx, userId)) {
          await this.registration.unbindIn(tx, ctx, b.id, userId, `退出：${input.reason}`);
        }
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.status',
        objectType: 'captain',
        objectId: userId,
        streetId: p.streetId,
        detail: { from: p.status, to: input.status, reason: input.reason },
      });
    });
    return this.view(this.db, userId);
  }

  /**
   * Expires the balances of captains whose redemption period after exit has run out (docs/rules.md#captains):
   * one `expiry` entry per captain account and exit (the cause key names the exit), so running the job
   * twice, or on two instances at once, expires each balance once.
   */
  async expireExitedPoints(now: Date): Promise<{ expired: number; points: number }> {
    if (!this.expiry) return { expired: 0, points: 0 };
    const due = await repo.exitsDue(this.db, now, CAPTAIN_SETTINGS_DEFAULTS.exitRedeemDays, 500);
    let expired = 0;
    let points = 0;
    for (const d of due) {
      const exitedAt = new Date(d.exitedAt);
      const n = await transaction(this.db, (tx) =>
        (this.expiry as PointsExpiry).expireCaptain(tx, {
          userId: d.userId,
          causeKey: `expiry:${d.userId}:${exitedAt.getTime()}`,
          memo: `退出后积分到期（${shanghaiDay(exitedAt)} 退出）`,
        }),
      );
      if (n > 0) expired++;
      points += n;
    }
    return { expired, points };
  }

  /**
   * Where an exited captain may still redeem their points (the mall asks): their last building's street
   * and path, until the street's period after the exit runs out; null otherwise.
   */
  async redeemingAfterExit(db: Db, userId: number, now: Date): Promise<{ streetId: number; path: string } | null> {
    const p = await repo.findProfile(db, userId);
    if (p?.status !== 'exited' || !p.exitedAt) return null;
    const settings = await this.settingsOf(db, p.streetId);
    if (p.exitedAt.getTime() + settings.exitRedeemDays * 86_400_000 <= now.getTime()) return null;
    return (await repo.lastBuilding(db, userId)) ?? null;
  }

  /** The street's settings (defaults when never set). */
  async settingsOf(db: Db, streetId: number): Promise<CaptainSettings> {
    const r = await repo.findSettings(db, streetId);
    return r ?? { streetId, ...CAPTAIN_SETTINGS_DEFAULTS };
  }

  /** Reads the settings of a street in the caller's reach. */
  async settings(ctx: RequestContext, streetId: number): Promise<CaptainSettings> {
    await this.streetInReach(ctx, streetId, CAPTAIN_ROLL_READ, true);
    return this.settingsOf(this.db, streetId);
  }

  /** Sets a street's quotas, scoring and exit period; a quota of 0 % or above 100 % is refused. */
  async updateSettings(ctx: RequestContext, input: { streetId: number } & Partial<typeof CAPTAIN_SETTINGS_DEFAULTS>) {
    await this.streetInReach(ctx, input.streetId, CAPTAIN_SETTINGS_WRITE);
    for (const q of [input.starQuotaPercent, input.beautyQuotaPercent]) {
      if (q !== undefined && (q < 1 || q > 100)) throw new AppError('HONOUR_QUOTA_INVALID');
    }
    await transaction(this.db, async (tx) => {
      const s = { ...(await this.settingsOf(tx, input.streetId)), ...stripUndefined(input) };
      await repo.upsertSettings(tx, s, this.clock.now());
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.settings',
        objectType: 'street',
        objectId: input.streetId,
        streetId: input.streetId,
        detail: stripUndefined(input),
      });
    });
    return this.settingsOf(this.db, input.streetId);
  }

  /** The street unit, when the caller holds one of `roles` over it (or, with `within`, anywhere in it). */
  async streetInReach(ctx: RequestContext, streetId: number, roles: readonly Role[], within = false) {
    const u = await repo.findStreet(this.db, streetId);
    const scope = Scope.of(ctx.actor, roles);
    if (!u) throw notFound();
    if (!scope.covers(u.path) && !(within && scope.paths.some((p) => p.startsWith(u.path)))) {
      if (scope.isEmpty) throw new AppError('FORBIDDEN');
      throw notFound();
    }
    return u;
  }

  /** The record, when the caller holds one of `roles` over a building the captain serves or served. */
  private async reach(db: Db, ctx: RequestContext, userId: number, roles: readonly Role[]) {
    const scope = Scope.of(ctx.actor, roles);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const places = await repo.placesOf(db, userId);
    if (!places.some((p) => scope.covers(p))) throw notFound();
    const p = await repo.findProfile(db, userId, db !== this.db);
    if (!p) throw new AppError('CAPTAIN_NOT_REGISTERED');
    return p;
  }

  private async event(
    tx: Db,
    ctx: RequestContext,
    streetId: number,
    userId: number,
    kind: 'created' | 'profile' | 'status' | 'bind' | 'unbind',
    reason: string | null,
    detail: Record<string, unknown> | null,
  ) {
    await repo.insertEvent(tx, {
      streetId,
      userId,
      kind,
      reason,
      detail,
      actorUserId: ctx.actor.userId,
      at: this.clock.now(),
    });
  }

  private async view(db: Db, userId: number): Promise<CaptainRecordView> {
    const p = await repo.findProfile(db, userId);
    const u = await repo.userOf(db, userId);
    if (!p || !u) throw notFound();
    const settings = await this.settingsOf(db, p.streetId);
    return {
      userId,
      name: u.name,
      phoneMasked: this.cipher.maskedPhone(u.phoneEnc),
      streetId: p.streetId,
      tags: p.tags as CaptainRecordView['tags'],
      employerUnit: p.employerUnit,
      duties: p.duties as CaptainRecordView['duties'],
      status: p.status,
      statusReason: p.statusReason,
      statusAt: p.statusAt.toISOString(),
      exitedAt: p.exitedAt?.toISOString() ?? null,
      redeemableUntil: p.exitedAt
        ? new Date(p.exitedAt.getTime() + settings.exitRedeemDays * 86_400_000).toISOString()
        : null,
      buildings: (await repo.currentBuildings(db, userId)).map((b) => ({ id: b.id, name: b.name })),
      version: p.version,
      history: (await repo.eventsOf(db, userId)).map((e) => ({
        id: e.id,
        kind: e.kind,
        reason: e.reason,
        detail: e.detail,
        actorName: e.actorName,
        at: new Date(e.at).toISOString(),
      })),
    };
  }
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
