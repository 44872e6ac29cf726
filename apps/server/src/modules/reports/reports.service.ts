import {
  COUNT_CAP,
  type CreateReportRequest,
  cutText,
  isValidPhone,
  maskPhone,
  normalisePhone,
  REPORT_LEVELS,
  type ReportDetail,
  type ReportExportQuery,
  type ReportListQuery,
  type ReportView,
  type Role,
} from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { auditWrite, recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, type Fragment, transaction, type Write, writeAll } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once, onceInOneStatement } from '../../platform/idempotency';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import type { ReplicaReads } from '../../platform/replica';
import { isWithin, Scope, unitIdsOnPath } from '../../platform/scope';
import type { NotificationsService } from '../notifications/notifications.service';
import type { PhotosService } from '../photos/photos.service';
import type { ResidencyService } from '../residency/residency.service';
import {
  AWAITING_ACK,
  allowedActions,
  departmentsOf,
  HANDLER_ROLES,
  INTERNAL_NOTE_EVENTS,
  isCurrentHandler,
  LEVEL,
  MERGE_ROLES,
  OPEN_STATUSES,
  PERSON_HANDLER_ROLES,
  PHONE_ROLES,
  PROXY_ROLES,
  READ_ROLES,
  seesIdentity,
} from './reports.policy';
import { presentDetail, presentReport } from './reports.presenter';
import * as repo from './reports.repository';

const HOUR = 3_600_000;
/** A resolved report the reporter neither confirms nor contests closes by itself after this long (docs/rules.md#reports "after N days"). */
export const AUTO_CLOSE_MS = 7 * 24 * HOUR;
const DEFAULT_SLA = { ackHours: 24, resolveHours: 168 };
/** The roles intake reads at the units on a report's path: those it routes to, notifies and names as handlers. */
const INTAKE_ROLES: readonly Role[] = [
  ...new Set<Role>([
    'property_window',
    'captain',
    'grid_worker',
    ...[1, 2, 3, 4].flatMap((l) => [...(HANDLER_ROLES[l] ?? []), ...(PERSON_HANDLER_ROLES[l] ?? [])]),
  ]),
];

/** Sent back down by a department (退回): the only way a report is below the highest level it reached. */
const cameBack = (r: repo.ReportRow) => r.peakLevel > r.level;

/** Who makes a change: a signed-in person, or the system (the escalation job, an Open311 client). */
/** What reports need of honours (HonourTalliesService): the tally write of a rating, given who resolved the report. */
export interface RatingTallies {
  rated(v: { streetId: number; rating: number; handler: Fragment; at: Date }): Write;
}

export interface Who {
  actor: Actor | null;
  ip: string;
}
const SYSTEM: Who = { actor: null, ip: 'system' };

interface Route {
  level: number;
  handlerOrgUnitId: number;
  departmentId: number | null;
}

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

const TITLES: Record<string, [string, string]> = {
  submitted: ['新诉求待受理', 'New report to handle'],
  accepted: ['诉求已受理', 'Report accepted'],
  answered: ['诉求有新答复', 'New answer to a report'],
  resolved: ['诉求已办结，请评价', 'Report resolved — please rate it'],
  escalated: ['诉求已上报（吹哨）', 'Report escalated'],
  auto_escalated: ['诉求超时，已自动上报', 'Report escalated automatically (overdue)'],
  overdue: ['诉求已超时', 'Report overdue'],
  rejected: ['诉求未予受理', 'Report not taken'],
  rated: ['报事人已评价', 'The reporter rated the answer'],
  closed: ['诉求已关闭', 'Report closed'],
  auto_closed: ['诉求已自动关闭', 'Report closed automatically'],
  reopened: ['诉求未解决，重新办理', 'Not solved: report reopened one level up'],
  joined: ['有居民附议该诉求', 'A neighbour joined the report'],
  merged: ['重复诉求已并入', 'A duplicate was merged into the report'],
  merged_into: ['诉求已并入另一条相同诉求', 'Report merged into the same problem'],
  returned: ['部门退回诉求，请重新分派', 'A department sent a report back: dispatch it again'],
};

/**
 * Residents' reports (docs/rules.md#reports): intake from every door, routing from the building's captain (or
 * property window) up through grid, community and street to a department (社区吹哨、部门报到), SLA
 * clocks that escalate by themselves, ratings that reopen, duplicates joined and merged. Every change
 * is one compare-and-set on the report's `version` plus one timeline event, audit row and notifications
 * in the same transaction.
 */
export class ReportsService {
  constructor(
    private readonly db: Db,
    /** Lag-tolerant reads (the list and its export): the replica unless the caller just wrote. */
    private readonly reads: ReplicaReads,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly photos: PhotosService,
    private readonly notifications: NotificationsService,
    private readonly residency: ResidencyService,
    /** The honours' per-quarter totals, moved with every rating (null: none kept). */
    private readonly tallies: RatingTallies | null = null,
  ) {}

  // ---------------------------------------------------------------- intake

  /** Files a report from the app: a resident of the building, a QR token, or staff on a resident's behalf. */
  async create(ctx: RequestContext, input: CreateReportRequest): Promise<ReportDetail> {
    // The common door — a resident at their own building — is the city's hot path: three round trips.
    if (
      input.buildingId !== undefined &&
      input.buildingToken === undefined &&
      input.placeId === undefined &&
      input.onBehalfOf === undefined
    ) {
      return this.createAtHome(ctx, { ...input, buildingId: input.buildingId });
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
          if (!(await repo.livesInCommunityOf(tx, ctx.actor.userId, building.path))) {
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
      return this.detailOf(tx, ctx, row.id);
    });
    return value;
  }

  /**
   * A resident's report at their own building, with the effect of `create` (the same rows, the same
   * answer) in as few round trips as the rules allow: one statement reads everything intake decides on
   * (`repo.intakeContext`: building, category, the path's units and handlers, SLAs, residency, the new
   * ids), the photos are checked in a second when there are any, and the report, follower, event, audit
   * row, notifications and the Idempotency-Key's answer are written by one statement (`writeAll`). The
   * answer is built from what was written, so it is what `get` would read.
   */
  private async createAtHome(
    ctx: RequestContext,
    input: CreateReportRequest & { buildingId: number },
  ): Promise<ReportDetail> {
    const { value } = await onceInOneStatement(this.db, this.clock, ctx, async () => {
      const c = await repo.intakeContext(this.db, {
        userId: ctx.actor.userId,
        buildingId: input.buildingId,
        categoryId: input.categoryId,
        roles: INTAKE_ROLES,
        resident: this.residency.residentTestOverB(ctx.actor.userId),
      });
      const building = c.building;
      if (building?.kind !== 'building' || building.streetId === null) throw notFound();
      if (!c.resident) throw new AppError('REPORT_NOT_RESIDENT');
      const photoIds = input.photoIds ?? [];
      const photoViews = photoIds.length ? await this.photos.ownViews(this.db, ctx.actor.userId, photoIds) : [];
      const category = c.category;
      if (!category?.isActive) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'categoryId', message: 'no such category' }] });
      }
      const now = this.clock.now();
      const route = (await this.route(
        this.db,
        { path: building.path, categoryId: category.id },
        LEVEL.building,
        null,
        c,
      )) as Route;
      const sla =
        c.slas.find((x) => x.categoryId === category.id && x.level === route.level) ??
        c.slas.find((x) => x.categoryId === category.parentId && x.level === route.level) ??
        DEFAULT_SLA;
      const report: repo.ReportRow = {
        id: c.reportId,
        streetId: building.streetId,
        buildingId: building.id,
        path: building.path,
        categoryId: category.id,
        description: input.description,
        location: input.location ?? null,
        channel: 'app',
        status: 'submitted',
        level: route.level,
        peakLevel: route.level,
        handlerOrgUnitId: route.handlerOrgUnitId,
        departmentId: route.departmentId,
        version: 1,
        reporterUserId: ctx.actor.userId,
        reporterName: ctx.actor.name,
        reporterPhoneEnc: c.phoneEnc,
        reporterPhoneHash: c.phoneHash,
        createdByUserId: ctx.actor.userId,
        externalId: null,
        mergedIntoId: null,
        followerCount: 1,
        levelEnteredAt: now,
        dueAt: new Date(now.getTime() + sla.ackHours * HOUR),
        isOverdue: false,
        acceptedAt: null,
        firstAnsweredAt: null,
        resolvedAt: null,
        closedAt: null,
        rating: null,
        createdAt: now,
        updatedAt: now,
      };
      const event: repo.ReportEventRow = {
        id: c.eventId,
        reportId: report.id,
        streetId: report.streetId,
        version: 1,
        type: 'submitted',
        actorUserId: ctx.actor.userId,
        fromStatus: null,
        toStatus: 'submitted',
        fromLevel: null,
        toLevel: report.level,
        handlerOrgUnitId: report.handlerOrgUnitId,
        note: null,
        photoIds,
        detail: { channel: 'app' },
        at: now,
      };
      // Whoever holds the report now, not the reporter (the only follower of a new report, and the actor).
      const unitIds = unitIdsOnPath(report.path);
      const handlerRoles = HANDLER_ROLES[report.level] ?? [];
      const recipients = new Set(
        c.bound
          .filter((b) => handlerRoles.includes(b.role as Role) && unitIds.includes(b.orgUnitId))
          .map((b) => b.userId),
      );
      recipients.delete(ctx.actor.userId);
      const [zh, en] = TITLES.submitted as [string, string];
      const writes = [
        ...repo.intakeWrites(this.db, report, event),
        auditWrite(this.db, this.clock, ctx, {
          action: 'report.submitted',
          objectType: 'report',
          objectId: report.id,
          streetId: report.streetId,
          detail: { channel: 'app', level: report.level },
        }),
        ...this.notifications.notifyWrites(this.db, recipients, {
          streetId: report.streetId,
          kind: 'report.submitted',
          titleZh: zh,
          titleEn: en,
          body: cutText(report.description, 120),
          objectType: 'report',
          objectId: report.id,
          sourceKey: `report_event:${event.id}`,
          at: now,
        }),
      ];
      // The answer `detailOf` would read back, from the rows as written.
      const unitName = (id: number) => c.units.find((u) => u.id === id)?.name ?? '';
      const listed: repo.ReportListed = {
        report,
        buildingName: building.name,
        categoryCode: category.code,
        categoryNameZh: category.nameZh,
        categoryNameEn: category.nameEn,
        handlerName: unitName(report.handlerOrgUnitId),
      };
      const photosOf = (ids: number[]) =>
        photoViews
          .filter((p) => ids.includes(p.id))
          .map((p) => ({
            ...p,
            url: `/api/v1/reports/${report.id}/photos/${p.id}`,
            thumbUrl: `/api/v1/reports/${report.id}/photos/${p.id}?thumb=1`,
          }));
      const detail = presentDetail(
        presentReport(listed, ctx.actor, this.cipher, ctx.lang, true),
        [{ event, actorName: ctx.actor.name, handlerName: unitName(report.handlerOrgUnitId) }],
        photosOf,
        true,
        seesIdentity(ctx.actor, report),
      );
      const personRoles = PERSON_HANDLER_ROLES[report.level];
      if (personRoles) {
        detail.handlerPeople = c.bound
          .filter((b) => personRoles.includes(b.role as Role) && b.orgUnitId === report.handlerOrgUnitId)
          .map((b) => ({ name: b.name, role: b.role as Role }));
      }
      return { value: detail, writes };
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
        const existing = await repo.findByExternalId(tx, channel, input.externalId);
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
      const t = await repo.findToken(tx, input.buildingToken);
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
    const route = (await this.route(tx, { path: building.path, categoryId: category.id }, LEVEL.building)) as Route;
    const sla = await this.sla(tx, category.id, route.level);
    let phoneEnc: string | null = input.reporterPhone ? this.cipher.encrypt(input.reporterPhone) : null;
    let phoneHash: string | null = input.reporterPhone ? this.cipher.blindIndex('phone', input.reporterPhone) : null;
    if (!phoneEnc && input.reporterUserId) {
      const p = await repo.userPhone(tx, input.reporterUserId);
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
    await this.notifyEvent(tx, row, event, who);
    return row;
  }

  // ---------------------------------------------------------------- routing

  /**
   * The first level at or above `from` that has someone to take the report: the property window of a
   * managed estate or the building's captain (skipped when there is none), the grid worker (skipped
   * likewise), the community, the street, and a department (the one named, else the category's default).
   * Undefined when the only way up is a department and none is given.
   */
  private async route(
    tx: Db,
    r: { path: string; categoryId: number },
    from: number,
    departmentId?: number | null,
    /** The units on the path and who is bound there, when already read (intake reads them with the rest). */
    known?: { units: repo.PathUnit[]; bound: repo.BoundUser[] },
  ): Promise<Route | undefined> {
    const units: repo.PathUnit[] = known?.units ?? (await repo.unitsOnPath(tx, r.path));
    const anyoneAt = async (role: string, unitId: number) =>
      known
        ? known.bound.some((b) => b.role === role && b.orgUnitId === unitId)
        : (await repo.usersBoundAt(tx, [role], [unitId])).length > 0;
    const ofKind = (k: string) => units.filter((u) => u.kind === k).at(-1);
    for (let level = from; level <= LEVEL.department; level++) {
      if (level === LEVEL.building) {
        const estate = ofKind('estate');
        const building = ofKind('building');
        if (estate?.management === 'managed' && (await anyoneAt('property_window', estate.id)))
          return { level, handlerOrgUnitId: estate.id, departmentId: null };
        if (building && (await anyoneAt('captain', building.id)))
          return { level, handlerOrgUnitId: building.id, departmentId: null };
      } else if (level === LEVEL.grid) {
        const grid = ofKind('grid');
        if (grid && (await anyoneAt('grid_worker', grid.id)))
          return { level, handlerOrgUnitId: grid.id, departmentId: null };
      } else if (level === LEVEL.community || level === LEVEL.street) {
        const unit = ofKind(level === LEVEL.community ? 'community' : 'street');
        if (unit) return { level, handlerOrgUnitId: unit.id, departmentId: null };
      } else {
        const category = await repo.findCategory(tx, r.categoryId);
        const parent = category?.parentId ? await repo.findCategory(tx, category.parentId) : undefined;
        const deptId = departmentId ?? category?.defaultDepartmentId ?? parent?.defaultDepartmentId ?? null;
        if (deptId === null) return undefined;
        const dept = await repo.findOrgUnit(tx, deptId);
        // A department serves the district it sits under: the report's street must lie there too.
        const district = dept?.path.replace(/\d+\/$/, '');
        if (dept?.kind !== 'department' || !district || !isWithin(r.path, district)) {
          throw new AppError('VALIDATION_FAILED', {
            fields: [{ path: 'departmentId', message: 'not a department serving this street' }],
          });
        }
        return { level, handlerOrgUnitId: dept.id, departmentId: dept.id };
      }
    }
    return undefined;
  }

  private async sla(tx: Db, categoryId: number, level: number) {
    return (await repo.slaFor(tx, categoryId, level)) ?? DEFAULT_SLA;
  }

  /** The columns that put a report at a new level (or back at the same one), awaiting acknowledgement. */
  private async enter(tx: Db, r: repo.ReportRow, route: Route, status: 'submitted' | 'reopened', now: Date) {
    const sla = await this.sla(tx, r.categoryId, route.level);
    return {
      status,
      level: route.level,
      peakLevel: Math.max(r.peakLevel, route.level),
      handlerOrgUnitId: route.handlerOrgUnitId,
      departmentId: route.departmentId ?? r.departmentId,
      levelEnteredAt: now,
      dueAt: new Date(now.getTime() + sla.ackHours * HOUR),
      acceptedAt: null,
      isOverdue: false,
    };
  }

  // ---------------------------------------------------------------- one change

  /** One change: compare-and-set on `version`, its timeline event, audit row and notifications, in `tx`. */
  private async change(
    tx: Db,
    who: Who,
    r: repo.ReportRow,
    type: string,
    set: Partial<repo.ReportInsert>,
    ev: { note?: string | null; photoIds?: number[]; detail?: Record<string, unknown> } = {},
  ): Promise<repo.ReportRow> {
    const now = this.clock.now();
    const updated = await repo.compareAndSet(tx, r.id, r.version, { ...set, updatedAt: now });
    if (!updated) throw new AppError('CONFLICT');
    const event = await repo.insertEvent(tx, {
      reportId: r.id,
      streetId: r.streetId,
      version: updated.version,
      type,
      actorUserId: who.actor?.userId ?? null,
      fromStatus: r.status,
      toStatus: updated.status,
      fromLevel: r.level,
      toLevel: updated.level,
      handlerOrgUnitId: updated.handlerOrgUnitId,
      note: ev.note ?? null,
      photoIds: ev.photoIds ?? [],
      detail: ev.detail ?? null,
      at: now,
    });
    await recordAudit(tx, this.clock, who, {
      action: `report.${type}`,
      objectType: 'report',
      objectId: r.id,
      streetId: r.streetId,
      detail: { version: updated.version, status: updated.status, level: updated.level },
    });
    await this.notifyEvent(tx, updated, event, who);
    return updated;
  }

  /** Tells the people concerned: the reporter, the followers and whoever holds the report now, not the actor. */
  private async notifyEvent(tx: Db, r: repo.ReportRow, e: repo.ReportEventRow, who: Who): Promise<void> {
    // A department's reason to send a report back is for the street only: residents have nothing to do, and
    // the reason is internal (their timeline shows that it is being reassigned).
    const internal = INTERNAL_NOTE_EVENTS.has(e.type);
    const recipients = new Set(internal ? [] : await repo.followerIds(tx, r.id));
    if (r.reporterUserId && !internal) recipients.add(r.reporterUserId);
    const unitIds = r.level === LEVEL.department ? (r.departmentId ? [r.departmentId] : []) : unitIdsOnPath(r.path);
    for (const h of await repo.usersBoundAt(tx, HANDLER_ROLES[r.level] ?? [], unitIds)) recipients.add(h.userId);
    // A department that misses its clock has nobody above it in the tree: the street that dispatched it is told.
    if (e.type === 'overdue' && r.level === LEVEL.department) {
      for (const h of await repo.usersBoundAt(tx, ['street_staff'], [r.streetId])) recipients.add(h.userId);
    }
    if (who.actor) recipients.delete(who.actor.userId);
    const [zh, en] = TITLES[e.type] ?? [e.type, e.type];
    await this.notifications.notify(tx, recipients, {
      streetId: r.streetId,
      kind: `report.${e.type}`,
      titleZh: zh,
      titleEn: en,
      body: cutText(e.note ?? r.description, 120),
      objectType: 'report',
      objectId: r.id,
      sourceKey: `report_event:${e.id}`,
      at: e.at,
    });
  }

  /**
   * Runs a handler's action on a report the actor can see, once per Idempotency-Key, in one transaction:
   * locks it, checks the actor holds its current level and the action is open, then applies `fn`.
   */
  private async act(
    ctx: RequestContext,
    id: number,
    action: keyof ReturnType<typeof allowedActions>,
    fn: (tx: Db, r: repo.ReportRow) => Promise<unknown>,
  ): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      if (!(await repo.findVisible(tx, this.viewer(ctx.actor), id))) throw notFound();
      const r = (await repo.lockReport(tx, id)) as repo.ReportRow;
      const handler = isCurrentHandler(ctx.actor, r);
      if (!handler) throw new AppError('REPORT_NOT_HANDLER');
      if (!allowedActions(r, true)[action]) {
        const waiting = r.level === LEVEL.department && AWAITING_ACK.includes(r.status as ReportView['status']);
        if (waiting && (action === 'answer' || action === 'resolve')) throw new AppError('REPORT_NOT_ACCEPTED');
        if (action === 'escalate' && r.level === LEVEL.department) throw new AppError('REPORT_TOP_LEVEL');
        throw new AppError('REPORT_BAD_STATE');
      }
      await fn(tx, r);
      return this.detailOf(tx, ctx, id);
    });
    return value;
  }

  // ---------------------------------------------------------------- handlers' actions

  /** Acknowledges the report at the current level (受理; a department's 报到). The resolve clock runs from the level's start. */
  async accept(ctx: RequestContext, id: number, message?: string): Promise<ReportDetail> {
    return this.act(ctx, id, 'accept', async (tx, r) => {
      const sla = await this.sla(tx, r.categoryId, r.level);
      await this.change(
        tx,
        ctx,
        r,
        'accepted',
        {
          status: 'accepted',
          acceptedAt: this.clock.now(),
          dueAt: new Date(r.levelEnteredAt.getTime() + sla.resolveHours * HOUR),
        },
        { note: message ?? null },
      );
    });
  }

  /** Answers the resident (答复); answering also acknowledges, except that a department must accept first. */
  async answer(ctx: RequestContext, id: number, input: { message: string; photoIds: number[] }) {
    return this.act(ctx, id, 'answer', async (tx, r) => {
      await this.photos.requireOwn(tx, ctx.actor.userId, input.photoIds);
      const now = this.clock.now();
      const sla = await this.sla(tx, r.categoryId, r.level);
      const wasWaiting = AWAITING_ACK.includes(r.status as ReportView['status']);
      await this.change(
        tx,
        ctx,
        r,
        'answered',
        {
          status: 'in_progress',
          acceptedAt: r.acceptedAt ?? now,
          firstAnsweredAt: r.firstAnsweredAt ?? now,
          ...(wasWaiting ? { dueAt: new Date(r.levelEnteredAt.getTime() + sla.resolveHours * HOUR) } : {}),
        },
        { note: input.message, photoIds: input.photoIds },
      );
    });
  }

  /** Resolves it (办结) with a note and "after" photos; the reporter then rates, or it closes itself after 7 days. */
  async resolve(ctx: RequestContext, id: number, input: { message: string; photoIds: number[] }) {
    return this.act(ctx, id, 'resolve', async (tx, r) => {
      await this.photos.requireOwn(tx, ctx.actor.userId, input.photoIds);
      const now = this.clock.now();
      await this.change(
        tx,
        ctx,
        r,
        'resolved',
        {
          status: 'resolved',
          acceptedAt: r.acceptedAt ?? now,
          firstAnsweredAt: r.firstAnsweredAt ?? now,
          resolvedAt: now,
          isOverdue: false,
          dueAt: new Date(now.getTime() + AUTO_CLOSE_MS),
        },
        { note: input.message, photoIds: input.photoIds },
      );
    });
  }

  /** Passes the report one level up with a reason (吹哨); from the street it is dispatched to a department (部门报到). */
  async escalate(ctx: RequestContext, id: number, input: { reason: string; departmentId?: number }) {
    return this.act(ctx, id, 'escalate', async (tx, r) => {
      // Sent back by a department: the category's default is likely the one that sent it back, so the
      // street names the department it dispatches to now.
      if (cameBack(r) && input.departmentId === undefined) throw new AppError('REPORT_DEPARTMENT_REQUIRED');
      const next = await this.route(tx, r, r.level + 1, input.departmentId);
      if (!next) throw new AppError('REPORT_DEPARTMENT_REQUIRED');
      const set = await this.enter(tx, r, next, 'submitted', this.clock.now());
      await this.change(tx, ctx, r, 'escalated', set, {
        note: input.reason,
        detail: { departmentId: next.departmentId },
      });
    });
  }

  /** Declines the report (not a matter for this system, or not a real problem), with the reason shown to the reporter. */
  async reject(ctx: RequestContext, id: number, reason: string) {
    return this.act(ctx, id, 'reject', async (tx, r) => {
      await this.change(
        tx,
        ctx,
        r,
        'rejected',
        { status: 'rejected', closedAt: this.clock.now(), dueAt: null },
        { note: reason },
      );
    });
  }

  /**
   * A department sends a report dispatched to it back to the street (退回/申请改派: not its duty), with a
   * reason for the street; unlike 不予受理 the report stays open. It waits in the street's inbox again
   * (待受理 at the street, to dispatch to another department) with a fresh acknowledge clock at the street
   * level; the department's clock stops. The department still reads it until the street dispatches it
   * elsewhere, but no longer acts on it.
   */
  async returnToStreet(ctx: RequestContext, id: number, reason: string): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      if (!(await repo.findVisible(tx, this.viewer(ctx.actor), id))) throw notFound();
      const r = (await repo.lockReport(tx, id)) as repo.ReportRow;
      const mine = r.departmentId !== null && departmentsOf(ctx.actor).includes(r.departmentId);
      if (r.level !== LEVEL.department) {
        // Its department, after sending it back (or after the street took it over again).
        if (mine) throw new AppError('REPORT_NOT_AT_DEPARTMENT');
        throw new AppError('REPORT_NOT_HANDLER');
      }
      if (!isCurrentHandler(ctx.actor, r)) throw new AppError('REPORT_NOT_HANDLER');
      if (!allowedActions(r, true).return) throw new AppError('REPORT_BAD_STATE');
      const street = await this.route(tx, r, LEVEL.street);
      if (street?.level !== LEVEL.street) throw new AppError('REPORT_BAD_STATE');
      const set = await this.enter(tx, r, street, 'submitted', this.clock.now());
      await this.change(tx, ctx, r, 'returned', set, { note: reason, detail: { departmentId: r.departmentId } });
      return this.detailOf(tx, ctx, id);
    });
    return value;
  }

  // ---------------------------------------------------------------- residents' side

  /** The reporter rates the answer 1–5; "not solved" reopens it one level up (docs/rules.md#reports), "solved" closes it. */
  async rate(ctx: RequestContext, id: number, input: { rating: number; solved: boolean; comment?: string }) {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      if (!(await repo.findVisible(tx, this.viewer(ctx.actor), id))) throw notFound();
      const r = (await repo.lockReport(tx, id)) as repo.ReportRow;
      if (r.reporterUserId !== ctx.actor.userId) throw new AppError('REPORT_NOT_REPORTER');
      if (r.status !== 'resolved') throw new AppError('REPORT_BAD_STATE');
      const now = this.clock.now();
      if (input.solved) {
        const closed = await this.change(
          tx,
          ctx,
          r,
          'rated',
          { status: 'closed', rating: input.rating, closedAt: now, dueAt: null },
          { note: input.comment ?? null, detail: { rating: input.rating, solved: true } },
        );
        // Counted for honours once, in the rating's quarter, for whoever resolved it last (a report is rated
        // once: only a resolved report can be, and rating closes it; "not solved" reopens it unrated).
        if (this.tallies) {
          await writeAll(tx, [
            this.tallies.rated({
              streetId: r.streetId,
              rating: input.rating,
              handler: repo.lastResolverOf(r.id),
              at: closed.updatedAt,
            }),
          ]);
        }
      } else {
        // One level up, except for a report a department sent back: the street that holds it reopens it and
        // decides where it goes (one level up would be the department that sent it back).
        const up = cameBack(r)
          ? undefined
          : await this.route(tx, r, Math.min(r.level + 1, LEVEL.department), r.departmentId).catch(() => undefined);
        const next =
          up ?? ({ level: r.level, handlerOrgUnitId: r.handlerOrgUnitId, departmentId: r.departmentId } as Route);
        const set = await this.enter(tx, r, next, 'reopened', now);
        await this.change(
          tx,
          ctx,
          r,
          'reopened',
          { ...set, rating: input.rating, resolvedAt: null },
          { note: input.comment ?? null, detail: { rating: input.rating, solved: false } },
        );
      }
      return this.detailOf(tx, ctx, id);
    });
    return value;
  }

  /** Lanes, squares and markets where the caller may file: in the communities they live in, or staff's jurisdiction. */
  async places(ctx: RequestContext) {
    return { items: await repo.placesFor(this.db, ctx.actor.userId, Scope.of(ctx.actor, PROXY_ROLES)) };
  }

  /** Open reports of one category in one building, shown before filing so a resident can join one instead. */
  async similar(ctx: RequestContext, buildingId: number, categoryId: number) {
    const building = await repo.findOrgUnit(this.db, buildingId);
    if (building?.kind !== 'building' && building?.kind !== 'place') throw notFound();
    if (!(await this.maySeeBuilding(this.db, ctx.actor, building))) throw notFound();
    const found = await repo.openInBuilding(this.db, buildingId, categoryId);
    const following = await repo.isFollowing(
      this.db,
      found.map((f) => f.report.id),
      ctx.actor.userId,
    );
    return {
      items: found.map((l) => ({
        id: l.report.id,
        categoryName: ctx.lang === 'en' ? l.categoryNameEn : l.categoryNameZh,
        description: l.report.description,
        location: l.report.location,
        status: l.report.status as ReportView['status'],
        followerCount: l.report.followerCount,
        createdAt: l.report.createdAt.toISOString(),
        isFollowing: following.has(l.report.id),
      })),
    };
  }

  /** Joins an open report of one's building instead of filing a duplicate (我也遇到): the joiner follows it. */
  async join(ctx: RequestContext, id: number): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const r = await repo.lockReport(tx, id);
      if (!r) throw notFound();
      const building = { id: r.buildingId, path: r.path, kind: (await repo.findOrgUnit(tx, r.buildingId))?.kind };
      const visible = (await repo.findVisible(tx, this.viewer(ctx.actor), id)) !== undefined;
      if (!visible && !(await this.maySeeBuilding(tx, ctx.actor, building))) throw notFound();
      if (!OPEN_STATUSES.includes(r.status as ReportView['status'])) throw new AppError('REPORT_BAD_STATE');
      const added = await repo.addFollower(tx, {
        reportId: r.id,
        userId: ctx.actor.userId,
        streetId: r.streetId,
        kind: 'joined',
        createdAt: this.clock.now(),
      });
      if (added) await this.change(tx, ctx, r, 'joined', { followerCount: await repo.countFollowers(tx, r.id) });
      return this.detailOf(tx, ctx, id);
    });
    return value;
  }

  /** Merges duplicate `id` into `intoId`: its followers follow the other, and it closes as merged. */
  async merge(ctx: RequestContext, id: number, intoId: number): Promise<ReportDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const scope = Scope.of(ctx.actor, MERGE_ROLES);
      const [first, second] = id < intoId ? [id, intoId] : [intoId, id];
      const a = await repo.lockReport(tx, first);
      const b = await repo.lockReport(tx, second);
      const dup = a?.id === id ? a : b;
      const target = a?.id === intoId ? a : b;
      if (!dup || !scope.covers(dup.path)) throw notFound();
      if (!target || !scope.covers(target.path)) throw notFound();
      const open = (x: repo.ReportRow) => OPEN_STATUSES.includes(x.status as ReportView['status']);
      if (dup.id === target.id || dup.streetId !== target.streetId || !open(dup) || !open(target)) {
        throw new AppError('REPORT_MERGE_INVALID');
      }
      const now = this.clock.now();
      await repo.copyFollowers(tx, dup.id, target.id, now);
      await this.change(
        tx,
        ctx,
        target,
        'merged',
        { followerCount: await repo.countFollowers(tx, target.id) },
        { detail: { mergedReportId: dup.id } },
      );
      await this.change(
        tx,
        ctx,
        dup,
        'merged_into',
        { status: 'merged', mergedIntoId: target.id, closedAt: now, dueAt: null },
        { detail: { intoReportId: target.id } },
      );
      return this.detailOf(tx, ctx, target.id);
    });
    return value;
  }

  // ---------------------------------------------------------------- clocks

  /**
   * The SLA job: every report whose clock ran out moves on — waiting or unresolved ones one level up
   * (auto 吹哨), or marked overdue at the top; resolved ones close. Each report is its own transaction
   * holding the row lock and re-checking the clock and version, so two instances running this at once
   * move each report once. Returns how many it moved.
   */
  async runClocks(now: Date = this.clock.now(), batch = 200): Promise<number> {
    let moved = 0;
    for (const d of await repo.dueReports(this.db, now, batch)) {
      try {
        const did = await transaction(this.db, async (tx) => {
          const r = await repo.lockReport(tx, d.id);
          if (!r || r.version !== d.version || !r.dueAt || r.dueAt.getTime() > now.getTime()) return false;
          if (r.status === 'resolved') {
            await this.change(tx, SYSTEM, r, 'auto_closed', { status: 'closed', closedAt: now, dueAt: null });
            return true;
          }
          if (!OPEN_STATUSES.includes(r.status as ReportView['status'])) {
            await this.change(tx, SYSTEM, r, 'overdue', { dueAt: null });
            return true;
          }
          const waiting = AWAITING_ACK.includes(r.status as ReportView['status']);
          const reason = waiting ? '超时未受理，自动上报' : '超时未办结，自动上报';
          // A report a department sent back is not dispatched by the clock (the category's default department
          // is likely the one that sent it back): it is marked overdue at the street, which dispatches it.
          const next =
            r.level < LEVEL.department && !cameBack(r)
              ? await this.route(tx, r, r.level + 1).catch(() => undefined)
              : undefined;
          if (next) {
            const set = await this.enter(tx, r, next, 'submitted', now);
            await this.change(tx, SYSTEM, r, 'auto_escalated', set, {
              note: reason,
              detail: { clock: waiting ? 'acknowledge' : 'resolve' },
            });
          } else {
            await this.change(
              tx,
              SYSTEM,
              r,
              'overdue',
              { isOverdue: true, dueAt: null },
              {
                note: waiting ? '超时未受理' : '超时未办结',
                detail: { clock: waiting ? 'acknowledge' : 'resolve' },
              },
            );
          }
          return true;
        });
        if (did) moved++;
      } catch (err) {
        // Another instance changed it between our read and our write: it has been handled.
        if (!(err instanceof AppError && err.code === 'CONFLICT')) throw err;
      }
    }
    return moved;
  }

  // ---------------------------------------------------------------- reads

  private viewer(actor: Actor): repo.Viewer {
    return { scope: Scope.of(actor, READ_ROLES), departmentIds: departmentsOf(actor), userId: actor.userId };
  }

  private async maySeeBuilding(tx: Db, actor: Actor, b: { id: number; path: string; kind?: string }): Promise<boolean> {
    if (Scope.of(actor, READ_ROLES).covers(b.path)) return true;
    return b.kind === 'place'
      ? repo.livesInCommunityOf(tx, actor.userId, b.path)
      : this.residency.isResident(tx, actor.userId, b);
  }

  /** One report with its timeline, as the caller may see it; 404 outside their reach. */
  async get(ctx: Pick<RequestContext, 'actor' | 'lang'>, id: number): Promise<ReportDetail> {
    return this.detailOf(this.db, ctx, id);
  }

  private async detailOf(db: Db, ctx: Pick<RequestContext, 'actor' | 'lang'>, id: number): Promise<ReportDetail> {
    const l = await repo.findVisible(db, this.viewer(ctx.actor), id);
    if (!l) throw notFound();
    const following = await repo.isFollowing(db, [id], ctx.actor.userId);
    const view = presentReport(l, ctx.actor, this.cipher, ctx.lang, following.has(id));
    const events = await repo.eventsOf(db, id);
    const photoViews = await this.photos.views(
      db,
      events.flatMap((e) => e.event.photoIds),
    );
    // Photos are served through the report, so whoever may see it sees its before and after photos.
    const photosOf = (ids: number[]) =>
      photoViews
        .filter((p) => ids.includes(p.id))
        .map((p) => ({
          ...p,
          url: `/api/v1/reports/${id}/photos/${p.id}`,
          thumbUrl: `/api/v1/reports/${id}/photos/${p.id}?thumb=1`,
        }));
    const identity = l.report.reporterUserId === ctx.actor.userId || seesIdentity(ctx.actor, l.report);
    const detail = presentDetail(view, events, photosOf, identity, seesIdentity(ctx.actor, l.report));
    const personRoles = PERSON_HANDLER_ROLES[l.report.level];
    if (personRoles) {
      const people = await repo.usersBoundAt(db, personRoles, [l.report.handlerOrgUnitId]);
      detail.handlerPeople = people.map((p) => ({ name: p.name, role: p.role as Role }));
    }
    // Handlers see whether the reporter is a confirmed resident of the building, and confirm them from here.
    if (detail.reporter && l.report.reporterUserId !== null && l.report.reporterUserId !== ctx.actor.userId) {
      const building = await repo.findOrgUnit(db, l.report.buildingId);
      if (building) {
        const status = await this.residency.reporterStatus(db, l.report.reporterUserId, building);
        detail.reporter = {
          ...detail.reporter,
          residentVerified: status.verified,
          residencyClaimId: status.pendingClaimId,
        };
      }
    }
    return detail;
  }

  /** Whether `actor` may see a report that photo `photoId` is attached to (for PhotosService.read). */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    for (const id of await repo.reportsHoldingPhoto(db, photoId)) {
      if (await repo.findVisible(db, this.viewer(actor), id)) return true;
    }
    return false;
  };

  /** A photo attached to the report (its submission or a handler's answer), for anyone who may see the report. */
  async photo(ctx: RequestContext, id: number, photoId: number, thumb: boolean): Promise<Buffer> {
    if (!(await repo.findVisible(this.db, this.viewer(ctx.actor), id))) throw notFound();
    const events = await repo.eventsOf(this.db, id);
    if (!events.some((e) => e.event.photoIds.includes(photoId))) throw notFound();
    return this.photos.readAttached(photoId, thumb);
  }

  /** A page of reports: mine (filed or followed), handling (waiting at my level), or all in my jurisdiction. */
  /** Where reports wait for `actor` to act: each handler binding's level under its unit, or its department. */
  private handlingAt(actor: Actor): repo.HandlingAt[] {
    const at: repo.HandlingAt[] = [];
    for (const b of actor.bindings) {
      const level = Number(Object.entries(HANDLER_ROLES).find(([, roles]) => roles.includes(b.role))?.[0] ?? 0);
      if (!level) continue;
      at.push(level === LEVEL.department ? { departmentId: b.orgUnitId } : { level, path: b.path });
    }
    return at;
  }

  /**
   * The caller's to-do among reports (the workbench): how many wait for them (待我处理), how many are due
   * within `soonHours` (即将超时) and how many are overdue (已超时). Null when they handle reports nowhere.
   */
  async handlingCounts(ctx: RequestContext, soonHours = 24) {
    const at = this.handlingAt(ctx.actor);
    if (at.length === 0) return null;
    const soon = new Date(this.clock.now().getTime() + soonHours * HOUR);
    return repo.countHandling(this.db, at, OPEN_STATUSES, soon);
  }

  /** The filters of the list (and its export) as a repository filter, with who is looking. */
  private async listFilter(
    ctx: RequestContext,
    q: ReportExportQuery,
    limit: number,
  ): Promise<{ viewer: repo.Viewer | null; filter: repo.ReportFilter }> {
    const filter: repo.ReportFilter = { limit };
    const seen = this.viewer(ctx.actor);
    let viewer: repo.Viewer | null = seen;
    if (q.view === 'mine') {
      viewer = null;
      filter.followedBy = ctx.actor.userId;
    } else if (q.view === 'handling') {
      filter.handlingAt = this.handlingAt(ctx.actor);
      filter.statusIn = [...OPEN_STATUSES];
    }
    if (q.status) filter.status = q.status;
    if (q.level) filter.level = REPORT_LEVELS.indexOf(q.level) + 1;
    if (q.categoryId) filter.categoryTree = [q.categoryId];
    if (q.orgUnitId) {
      const unit = await repo.findOrgUnit(this.db, q.orgUnitId);
      if (!unit) throw notFound();
      filter.underPath = unit.path;
    }
    if (q.q) filter.search = await this.searchOf(q.q, seen.scope);
    return { viewer, filter };
  }

  /**
   * What the search box asks for: a mobile number (the reporter's, found by its blind index, never by
   * decrypting), a report number (digits, `#` optional), a landline with its area code, or else an
   * address: the units of that name (a building, an estate, a community), within the caller's
   * jurisdiction when they have one (a department's staff see reports dispatched to them anywhere).
   */
  private async searchOf(text: string, scope: Scope): Promise<NonNullable<repo.ReportFilter['search']>> {
    const phone = normalisePhone(text);
    if (/^1\d{10}$/.test(phone)) return { phoneHash: this.cipher.blindIndex('phone', phone) };
    const number = /^#?(\d{1,15})$/.exec(text);
    if (number) return { id: Number(number[1]) };
    if (isValidPhone(phone)) return { phoneHash: this.cipher.blindIndex('phone', phone) };
    return { paths: await repo.unitPathsNamed(this.db, text, scope.isEmpty ? null : scope, 50) };
  }

  async list(ctx: RequestContext, q: ReportListQuery) {
    const { viewer, filter } = await this.listFilter(ctx, q, q.limit + 1);
    const after = q.cursor ? decodeKeyCursor(q.cursor, q.sort, repo.SORT_KEY_SHAPE[q.sort]) : undefined;
    const [found, counted] = await this.reads.run(ctx, (db) =>
      Promise.all([
        repo.listVisible(db, viewer, filter, q.sort, after),
        // Counted once, for the first page; later pages keep the first page's figure.
        q.cursor ? Promise.resolve(null) : repo.countVisible(db, viewer, filter, COUNT_CAP),
      ]),
    );
    const page = found.slice(0, q.limit);
    const following = await repo.isFollowing(
      this.db,
      page.map((l) => l.report.id),
      ctx.actor.userId,
    );
    const last = page.at(-1);
    return {
      items: page.map((l) => presentReport(l, ctx.actor, this.cipher, ctx.lang, following.has(l.report.id))),
      nextCursor: found.length > q.limit && last ? encodeKeyCursor(q.sort, repo.sortKeyOf(q.sort, last.report)) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /**
   * Everything the list's filters show, for an export, page by page in the list's order, as the list
   * presents it (the reporter's phone masked). Audited before the first row (unless `audit: false`: a
   * background export audits when asked for); refused over `maxRows` (COUNT_CAP unless given; null: no limit).
   */
  async exportRows(
    ctx: RequestContext,
    q: ReportExportQuery,
    opts: { maxRows?: number | null; audit?: boolean; auditDetail?: Record<string, unknown> } = {},
  ): Promise<{ total: number; rows: AsyncIterable<ReportView> }> {
    const { viewer, filter } = await this.listFilter(ctx, q, EXPORT_PAGE + 1);
    const maxRows = opts.maxRows === undefined ? COUNT_CAP : opts.maxRows;
    const total = await this.reads.run(ctx, (db) =>
      repo.countVisible(db, viewer, filter, maxRows ?? Number.MAX_SAFE_INTEGER - 1),
    );
    if (maxRows !== null && total > maxRows) throw new AppError('EXPORT_TOO_LARGE');
    if (opts.audit ?? true) {
      await transaction(this.db, (tx) =>
        recordAudit(tx, this.clock, ctx, {
          action: 'report.export',
          objectType: 'report',
          // A phone typed into the search box is kept masked here, as everywhere outside its encrypted column.
          detail: {
            rows: total,
            filters: {
              ...q,
              q: q.q && filter.search && 'phoneHash' in filter.search ? maskPhone(normalisePhone(q.q)) : q.q,
            },
            ...opts.auditDetail,
          },
        }),
      );
    }
    const { reads, cipher } = this;
    async function* rows(): AsyncIterable<ReportView> {
      let after: repo.ReportAfter | undefined;
      for (;;) {
        const found = await reads.run(ctx, (db) => repo.listVisible(db, viewer, filter, q.sort, after));
        const page = found.slice(0, EXPORT_PAGE);
        for (const l of page) yield presentReport(l, ctx.actor, cipher, ctx.lang, false);
        const last = page.at(-1);
        if (found.length <= EXPORT_PAGE || !last) return;
        after = repo.sortKeyOf(q.sort, last.report);
      }
    }
    return { total, rows: rows() };
  }
}

/** Rows read per query while exporting. */
const EXPORT_PAGE = 500;
