import { type CreateReportRequest, isValidPhone, normalisePhone, type ReportDetail } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import type { PhotosService } from '../photos/photos.service';
import type { ResidencyService } from '../residency/residency.service';
import type { ReportChangesService, Who } from './report-changes.service';
import type { HomeIntakeService } from './report-home-intake.service';
import * as intakeRepo from './report-intake.repository';
import { HOUR, type Route, routeFrom, slaOf } from './report-routing';
import type { ReportViewsService } from './report-views.service';
import { LEVEL, PHONE_ROLES, PROXY_ROLES } from './reports.policy';
import * as repo from './reports.repository';

/** What intake needs, from whichever door the report came in (app, QR, proxy, phone, Open311). */
export interface IntakeInput {
  buildingId: number;
  categoryId: number;
  description: string;
  location?: string | null;
  photoIds?: number[];
  channel: 'app' | 'qr' | 'proxy' | 'phone' | 'open311';
  reporterUserId?: number | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
  externalId?: string | null;
}

/**
 * Intake (docs/rules.md#reports): a report from every door — the app (a resident, a QR token, a place,
 * staff on a resident's behalf or by phone) and other systems (Open311, care visits) — routed to its first
 * handler with its clock started and its first event written.
 */
export class ReportIntakeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly photos: PhotosService,
    private readonly residency: ResidencyService,
    private readonly changes: ReportChangesService,
    private readonly views: ReportViewsService,
    /** A resident at their own building: the common door, written in one statement. */
    private readonly atHome: HomeIntakeService,
  ) {}

  /** Files a report from the app: a resident of the building, a QR token, or staff on a resident's behalf. */
  async create(ctx: RequestContext, input: CreateReportRequest): Promise<ReportDetail> {
    // The common door — a resident at their own building — is the city's hot path: three round trips.
    if (
      input.buildingId !== undefined &&
      input.buildingToken === undefined &&
      input.placeId === undefined &&
      input.onBehalfOf === undefined
    ) {
      return this.atHome.create(ctx, { ...input, buildingId: input.buildingId });
    }
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const { building, viaToken } = await this.buildingFor(tx, input);
      let intake: IntakeInput;
      let newcomer = false;
      if (input.onBehalfOf) {
        const byPhone = input.channel === 'phone';
        if (!Scope.of(ctx.actor, byPhone ? PHONE_ROLES : PROXY_ROLES).covers(building.path)) throw notFound();
        const phone = input.onBehalfOf.phone ? normalisePhone(input.onBehalfOf.phone) : null;
        if (phone && !isValidPhone(phone)) {
          throw new AppError('VALIDATION_FAILED', {
            fields: [{ path: 'onBehalfOf.phone', message: 'not a valid phone number' }],
          });
        }
        intake = {
          ...this.common(building.id, input),
          channel: byPhone ? 'phone' : 'proxy',
          reporterName: input.onBehalfOf.name,
          reporterPhone: phone,
        };
      } else {
        if (building.kind === 'place') {
          // A lane, square or market belongs to everyone living in its community.
          if (!(await intakeRepo.livesInCommunityOf(tx, ctx.actor.userId, building.path))) {
            throw new AppError('REPORT_PLACE_NOT_NEARBY');
          }
        } else {
          // Anyone signed in may report from the building's QR link; a newcomer's report also asks to be
          // confirmed as living there (docs/rules.md#residency). Elsewhere only the building's residents.
          newcomer = !(await this.residency.isResident(tx, ctx.actor.userId, building));
          if (newcomer && !viaToken) throw new AppError('REPORT_NOT_RESIDENT');
        }
        intake = {
          ...this.common(building.id, input),
          channel: viaToken ? 'qr' : 'app',
          reporterUserId: ctx.actor.userId,
          reporterName: ctx.actor.name,
        };
      }
      await this.photos.requireOwn(tx, ctx.actor.userId, input.photoIds);
      const row = await this.intake(tx, ctx, intake);
      if (newcomer) await this.residency.claimFromReportIn(tx, ctx, building.id, row.id);
      return this.views.detailOf(tx, ctx, row.id);
    });
    return value;
  }

  /**
   * Files a report for another system (Open311) or any caller without a session. `externalId` makes it
   * idempotent: the same id again returns the report filed the first time.
   */
  async createFromSystem(
    who: Who,
    input: Omit<IntakeInput, 'channel' | 'reporterUserId'> & { channel?: 'open311' | 'phone' | 'proxy' },
    /** Runs in the intake's transaction for a new report: the caller's own rows commit with it or not at all. */
    alongside?: (tx: Db, reportId: number) => Promise<void>,
  ): Promise<{ id: number; created: boolean }> {
    return transaction(this.db, async (tx) => {
      const channel = input.channel ?? 'open311';
      if (input.externalId) {
        const existing = await intakeRepo.findByExternalId(tx, channel, input.externalId);
        if (existing) return { id: existing.id, created: false };
      }
      const b = await repo.findOrgUnit(tx, input.buildingId);
      if (b?.kind !== 'building') throw notFound();
      const row = await this.intake(tx, who, { ...input, channel, photoIds: input.photoIds ?? [] });
      if (alongside) await alongside(tx, row.id);
      return { id: row.id, created: true };
    });
  }

  private common(buildingId: number, input: CreateReportRequest) {
    return {
      buildingId,
      categoryId: input.categoryId,
      description: input.description,
      location: input.location ?? null,
      photoIds: input.photoIds,
    };
  }

  /** Where the report is: a building (by id or QR token) or a place that is not a building (lane, square, market). */
  private async buildingFor(tx: Db, input: { buildingId?: number; buildingToken?: string; placeId?: number }) {
    if (input.placeId !== undefined) {
      if (input.buildingId !== undefined || input.buildingToken !== undefined) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ path: 'placeId', message: 'give a building or a place, not both' }],
        });
      }
      const p = await repo.findOrgUnit(tx, input.placeId);
      if (p?.kind !== 'place') throw notFound();
      return { building: p, viaToken: false };
    }
    if (input.buildingToken) {
      const t = await intakeRepo.findToken(tx, input.buildingToken);
      const b = t && (await repo.findOrgUnit(tx, t.buildingId));
      if (!b) throw notFound();
      if (input.buildingId !== undefined && input.buildingId !== b.id) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ path: 'buildingId', message: 'does not match the building of the token' }],
        });
      }
      return { building: b, viaToken: true };
    }
    if (input.buildingId === undefined) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'buildingId', message: 'give buildingId or buildingToken' }],
      });
    }
    const b = await repo.findOrgUnit(tx, input.buildingId);
    if (b?.kind !== 'building') throw notFound();
    return { building: b, viaToken: false };
  }

  /** The one intake path: routes to the first handler, starts the clock, writes the first event. */
  private async intake(tx: Db, who: Who, input: IntakeInput): Promise<repo.ReportRow> {
    // `buildingId` names where the report is: a building, or a place that is not one (routed from its grid up).
    const building = await repo.findOrgUnit(tx, input.buildingId);
    if ((building?.kind !== 'building' && building?.kind !== 'place') || building.streetId === null) throw notFound();
    const category = await repo.findCategory(tx, input.categoryId);
    if (!category?.isActive) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'categoryId', message: 'no such category' }] });
    }
    const now = this.clock.now();
    const route = (await routeFrom(tx, { path: building.path, categoryId: category.id }, LEVEL.building)) as Route;
    const sla = await slaOf(tx, category.id, route.level);
    let phoneEnc: string | null = input.reporterPhone ? this.cipher.encrypt(input.reporterPhone) : null;
    let phoneHash: string | null = input.reporterPhone ? this.cipher.blindIndex('phone', input.reporterPhone) : null;
    if (!phoneEnc && input.reporterUserId) {
      const p = await intakeRepo.userPhone(tx, input.reporterUserId);
      phoneEnc = p?.enc ?? null;
      phoneHash = p?.hash ?? null;
    }
    const row = await repo.insertReport(tx, {
      streetId: building.streetId,
      buildingId: building.id,
      path: building.path,
      categoryId: category.id,
      description: input.description,
      location: input.location ?? null,
      channel: input.channel,
      status: 'submitted',
      level: route.level,
      peakLevel: route.level,
      handlerOrgUnitId: route.handlerOrgUnitId,
      departmentId: route.departmentId,
      version: 1,
      reporterUserId: input.reporterUserId ?? null,
      reporterName: input.reporterName ?? null,
      reporterPhoneEnc: phoneEnc,
      reporterPhoneHash: phoneHash,
      createdByUserId: who.actor?.userId ?? null,
      externalId: input.externalId ?? null,
      followerCount: input.reporterUserId ? 1 : 0,
      levelEnteredAt: now,
      dueAt: new Date(now.getTime() + sla.ackHours * HOUR),
      createdAt: now,
      updatedAt: now,
    });
    if (input.reporterUserId) {
      await repo.addFollower(tx, {
        reportId: row.id,
        userId: input.reporterUserId,
        streetId: row.streetId,
        kind: 'reporter',
        createdAt: now,
      });
    }
    const event = await repo.insertEvent(tx, {
      reportId: row.id,
      streetId: row.streetId,
      version: 1,
      type: 'submitted',
      actorUserId: who.actor?.userId ?? null,
      toStatus: 'submitted',
      toLevel: row.level,
      handlerOrgUnitId: row.handlerOrgUnitId,
      photoIds: input.photoIds ?? [],
      detail: { channel: input.channel },
      at: now,
    });
    await recordAudit(tx, this.clock, who, {
      action: 'report.submitted',
      objectType: 'report',
      objectId: row.id,
      streetId: row.streetId,
      detail: { channel: input.channel, level: row.level },
    });
    await this.changes.notifyEvent(tx, row, event, who);
    return row;
  }
}
