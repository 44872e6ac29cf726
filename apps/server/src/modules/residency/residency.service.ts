import type { ConfirmResidencyRequest, CreateResidencyClaimRequest, ResidencyClaimView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, type Fragment, transaction } from '../../platform/db';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import type { AccountsService } from '../accounts/accounts.service';
import type { HouseholdsService } from '../households/households.service';
import type { Notifier } from '../notifications/notifications.service';
import { CONFIRMERS } from './residency.policy';
import * as repo from './residency.repository';

/**
 * Residency (docs/rules.md#residency): who lives where, as confirmed by people who know. A newcomer's
 * first report from the building's QR link, or a request from the phone app, raises a pending claim;
 * the building's captain or the staff over it confirm it into a household (the registry's record with
 * the same phone is linked, never duplicated) or reject it with a reason. Confirming makes the person
 * a resident of the building at once; deciding is a compare-and-set, so one decision wins.
 */
export class ResidencyService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly households: HouseholdsService,
    private readonly accounts: AccountsService,
    private readonly notifications: Notifier,
  ) {}

  /** Is the user a confirmed resident of the building (a household member, or bound as a resident)? */
  isResident(db: Db, userId: number, building: { id: number; path: string }): Promise<boolean> {
    return repo.isResident(db, userId, building);
  }

  /**
   * `isResident` as a predicate over a building row `b` (columns `id`, `path`) for the reports module's
   * intake statement, which asks it in the same round trip as everything else it reads. The user is a
   * value or SQL (a placeholder, for a statement built once).
   */
  residentTestOverB(userId: number | Fragment): Fragment {
    return repo.residentTestOverB(userId);
  }

  /**
   * `isResident` as a guard of another module's one-statement write (`writeAll`): it fails the statement,
   * so nothing of it is written, when the user does not live in the building.
   */
  residentGuard(userId: number, building: { id: number; path: string }): Fragment {
    return repo.residentRow(userId, building);
  }

  /** In the report's transaction: a non-resident's report from the QR link asks to be confirmed there. */
  async claimFromReportIn(tx: Db, ctx: RequestContext, buildingId: number, reportId: number): Promise<void> {
    const b = await repo.findBuilding(tx, buildingId);
    if (!b) throw notFound();
    const row = await repo.insertPending(tx, {
      streetId: b.streetId,
      buildingId: b.id,
      path: b.path,
      userId: ctx.actor.userId,
      source: 'report',
      reportId,
      createdAt: this.clock.now(),
    });
    if (row) await this.auditClaim(tx, ctx, row);
  }

  /** 申请加入住户 from the phone app: the building, unit and room. */
  async claim(ctx: RequestContext, input: CreateResidencyClaimRequest): Promise<ResidencyClaimView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const b = await repo.findBuilding(tx, input.buildingId);
      if (!b) throw notFound();
      if (await repo.isResident(tx, ctx.actor.userId, b)) throw new AppError('RESIDENCY_ALREADY_RESIDENT');
      const row = await repo.insertPending(tx, {
        streetId: b.streetId,
        buildingId: b.id,
        path: b.path,
        userId: ctx.actor.userId,
        source: 'app',
        unitLabel: input.unitLabel ?? null,
        room: input.room,
        createdAt: this.clock.now(),
      });
      if (!row) throw new AppError('RESIDENCY_CLAIM_PENDING');
      await this.auditClaim(tx, ctx, row);
      return this.viewOf(tx, row.id, true);
    });
    return value;
  }

  /** 待确认住户 (and decided ones by status) in the caller's jurisdiction, newest first. */
  async list(ctx: RequestContext, q: { status?: 'pending' | 'confirmed' | 'rejected'; buildingId?: number }) {
    const scope = Scope.of(ctx.actor, CONFIRMERS);
    if (scope.isEmpty) throw forbidden();
    const rows = await repo.list(this.db, { scope, status: q.status ?? 'pending', buildingId: q.buildingId });
    return { items: await this.present(this.db, rows, true) };
  }

  /** 待确认住户's export: what the list shows for the same filters (phones masked); audited (`residency.export`). */
  async exportList(
    ctx: RequestContext,
    q: { status?: 'pending' | 'confirmed' | 'rejected'; buildingId?: number },
  ): Promise<readonly ResidencyClaimView[]> {
    const { items } = await this.list(ctx, q);
    const entry = { action: 'residency.export', objectType: 'residency_claim' };
    return auditListExport(this.db, this.clock, ctx, entry, q, items);
  }

  /** Newcomers waiting for the caller to confirm them (待确认住户); null for who confirms nobody. */
  async pendingCount(ctx: RequestContext): Promise<number | null> {
    const scope = Scope.of(ctx.actor, CONFIRMERS);
    return scope.isEmpty ? null : repo.countPending(this.db, scope);
  }

  /** My own requests, with how they were decided. */
  async mine(ctx: RequestContext) {
    return { items: await this.present(this.db, await repo.list(this.db, { userId: ctx.actor.userId }), false) };
  }

  /** Confirms a pending claim into a household of its building; the person becomes a resident there. */
  async confirm(ctx: RequestContext, id: number, input: ConfirmResidencyRequest): Promise<ResidencyClaimView> {
    return transaction(this.db, async (tx) => {
      const c = await this.decidable(tx, ctx, id);
      const b = await repo.findBuilding(tx, c.buildingId);
      const person = await repo.findUser(tx, c.userId);
      if (!b || !person) throw notFound();
      const into = await this.households.admitIn(tx, ctx, b, input, {
        userId: person.id,
        name: input.name ?? person.name,
        phoneEnc: person.phoneEnc,
        phoneHash: person.phoneHash,
      });
      const now = this.clock.now();
      const ok = await repo.decide(tx, c.id, {
        status: 'confirmed',
        householdId: into.householdId,
        residentId: into.residentId,
        decidedByUserId: ctx.actor.userId,
        decidedAt: now,
      });
      if (!ok) throw new AppError('RESIDENCY_CLAIM_DECIDED');
      await this.accounts.bindResidentIn(tx, ctx, c.userId, b);
      await recordAudit(tx, this.clock, ctx, {
        action: 'residency.confirm',
        objectType: 'residency_claim',
        objectId: c.id,
        streetId: c.streetId,
        detail: { userId: c.userId, householdId: into.householdId, residentId: into.residentId },
      });
      const where = `${b.name} ${into.unitLabel ?? ''}${into.room}室`.replace(/\s+/g, ' ');
      await this.notifications.notify(tx, [c.userId], {
        streetId: c.streetId,
        kind: 'residency_confirmed',
        titleZh: `已确认您为 ${where} 住户`,
        titleEn: `You are confirmed as a resident of ${b.name}, room ${into.room}`,
        body: null,
        objectType: 'residency_claim',
        objectId: c.id,
        sourceKey: `residency:${c.id}`,
      });
      return this.viewOf(tx, c.id, true);
    });
  }

  /** Rejects a pending claim with the reason, which the person is told. */
  async reject(ctx: RequestContext, id: number, reason: string): Promise<ResidencyClaimView> {
    return transaction(this.db, async (tx) => {
      const c = await this.decidable(tx, ctx, id);
      const ok = await repo.decide(tx, c.id, {
        status: 'rejected',
        reason,
        decidedByUserId: ctx.actor.userId,
        decidedAt: this.clock.now(),
      });
      if (!ok) throw new AppError('RESIDENCY_CLAIM_DECIDED');
      await recordAudit(tx, this.clock, ctx, {
        action: 'residency.reject',
        objectType: 'residency_claim',
        objectId: c.id,
        streetId: c.streetId,
        detail: { userId: c.userId, reason },
      });
      await this.notifications.notify(tx, [c.userId], {
        streetId: c.streetId,
        kind: 'residency_rejected',
        titleZh: '住户确认未通过',
        titleEn: 'Your residency request was not confirmed',
        body: reason,
        objectType: 'residency_claim',
        objectId: c.id,
        sourceKey: `residency:${c.id}`,
      });
      return this.viewOf(tx, c.id, true);
    });
  }

  /** For a report's handlers: is its reporter a confirmed resident, and which claim waits if not. */
  async reporterStatus(
    db: Db,
    reporterUserId: number,
    building: { id: number; path: string },
  ): Promise<{ verified: boolean; pendingClaimId: number | null }> {
    if (await repo.isResident(db, reporterUserId, building)) return { verified: true, pendingClaimId: null };
    const pending = await repo.pendingOf(db, reporterUserId, building.id);
    return { verified: false, pendingClaimId: pending?.id ?? null };
  }

  /** Buildings by name or address, for "which building do you live in". */
  async searchBuildings(q: string) {
    return { items: await repo.searchBuildings(this.db, q) };
  }

  /** The rooms (households) of a building, without people. */
  async rooms(buildingId: number) {
    if (!(await repo.findBuilding(this.db, buildingId))) throw notFound();
    return { items: await this.households.roomsOf(buildingId) };
  }

  /** A pending claim the caller may decide, locked for the decision; 404 outside their jurisdiction. */
  private async decidable(tx: Db, ctx: RequestContext, id: number): Promise<repo.ClaimRow> {
    const c = await repo.lockClaim(tx, id);
    if (!c || !Scope.of(ctx.actor, CONFIRMERS).covers(c.path)) throw notFound();
    if (c.userId === ctx.actor.userId) throw new AppError('RESIDENCY_OWN_CLAIM');
    if (c.status !== 'pending') throw new AppError('RESIDENCY_CLAIM_DECIDED');
    return c;
  }

  private async viewOf(db: Db, id: number, forConfirmer: boolean): Promise<ResidencyClaimView> {
    const [row] = await this.present(db, await repo.list(db, { id }), forConfirmer);
    if (!row) throw notFound();
    return row;
  }

  private async present(db: Db, rows: repo.ClaimListed[], forConfirmer: boolean): Promise<ResidencyClaimView[]> {
    const out: ResidencyClaimView[] = [];
    for (const r of rows) {
      const c = r.claim;
      const match =
        forConfirmer && c.status === 'pending'
          ? await this.households.registryMatch(db, c.buildingId, r.phoneHash)
          : undefined;
      const into = c.householdId !== null ? await this.households.addressOf(db, c.householdId) : undefined;
      out.push({
        id: c.id,
        status: c.status as ResidencyClaimView['status'],
        source: c.source as ResidencyClaimView['source'],
        buildingId: c.buildingId,
        buildingName: r.buildingName,
        communityName: r.communityName,
        userId: c.userId,
        userName: r.userName,
        phoneMasked: forConfirmer ? this.cipher.maskedPhone(r.phoneEnc) : null,
        unitLabel: c.unitLabel,
        room: c.room,
        reportId: c.reportId,
        registryMatch: match ? { householdId: match.householdId, unitLabel: match.unitLabel, room: match.room } : null,
        confirmedInto: into ?? null,
        reason: c.reason,
        decidedByName: r.decidedByName,
        decidedAt: c.decidedAt?.toISOString() ?? null,
        createdAt: c.createdAt.toISOString(),
      });
    }
    return out;
  }

  private auditClaim(tx: Db, ctx: RequestContext, row: repo.ClaimRow): Promise<void> {
    return recordAudit(tx, this.clock, ctx, {
      action: 'residency.claim',
      objectType: 'residency_claim',
      objectId: row.id,
      streetId: row.streetId,
      detail: { buildingId: row.buildingId, source: row.source },
    });
  }
}
