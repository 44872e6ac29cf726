import { type CreateReportRequest, cutText, type ReportDetail, type Role } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { auditWrite } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { onceInOneStatement } from '../../platform/idempotency';
import { unitIdsOnPath } from '../../platform/scope';
import type { NotificationsService } from '../notifications/notifications.service';
import type { PhotosService } from '../photos/photos.service';
import type { ResidencyService } from '../residency/residency.service';
import { TITLES } from './report-changes.service';
import * as intakeRepo from './report-intake.repository';
import type * as listsRepo from './report-lists.repository';
import { DEFAULT_SLA, HOUR, type Route, routeFrom } from './report-routing';
import { HANDLER_ROLES, LEVEL, PERSON_HANDLER_ROLES, seesIdentity } from './reports.policy';
import { presentDetail, presentReport } from './reports.presenter';
import type * as repo from './reports.repository';

/** The roles intake reads at the units on a report's path: those it routes to, notifies and names as handlers. */
const INTAKE_ROLES: readonly Role[] = [
  ...new Set<Role>([
    'property_window',
    'captain',
    'grid_worker',
    ...[1, 2, 3, 4].flatMap((l) => [...(HANDLER_ROLES[l] ?? []), ...(PERSON_HANDLER_ROLES[l] ?? [])]),
  ]),
];

/** The hot path of intake (docs/rules.md#reports): a resident filing at their own building, in three round trips. */
export class HomeIntakeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly photos: PhotosService,
    private readonly notifications: NotificationsService,
    private readonly residency: ResidencyService,
  ) {}

  /**
   * A resident's report at their own building, with the effect of `ReportIntakeService.create` (the same
   * rows, the same answer) in as few round trips as the rules allow: one statement reads everything intake decides on
   * (`intakeRepo.intakeContext`: building, category, the path's units and handlers, SLAs, residency, the new
   * ids), the photos are checked in a second when there are any, and the report, follower, event, audit
   * row, notifications and the Idempotency-Key's answer are written by one statement (`writeAll`). The
   * answer is built from what was written, so it is what `get` would read.
   */
  async create(ctx: RequestContext, input: CreateReportRequest & { buildingId: number }): Promise<ReportDetail> {
    const { value } = await onceInOneStatement(this.db, this.clock, ctx, async () => {
      const c = await intakeRepo.intakeContext(this.db, {
        userId: ctx.actor.userId,
        buildingId: input.buildingId,
        categoryId: input.categoryId,
        roles: INTAKE_ROLES,
        resident: (user) => this.residency.residentTestOverB(user),
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
      const route = (await routeFrom(
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
        ...intakeRepo.intakeWrites(report, event),
        auditWrite(this.clock, ctx, {
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
      const listed: listsRepo.ReportListed = {
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
}
