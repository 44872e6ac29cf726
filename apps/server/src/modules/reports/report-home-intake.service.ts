import { type CreateReportRequest, cutText, type ReportDetail, type Role } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { auditWrite } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, type Guard, guardFailed } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { onceInOneStatement } from '../../platform/idempotency';
import { NotifiedCache } from '../../platform/notified-cache';
import { unitIdsOnPath } from '../../platform/scope';
import type { NotificationsService } from '../notifications/notifications.service';
import type { PhotosService } from '../photos/photos.service';
import type { ResidencyService } from '../residency/residency.service';
import { TITLES } from './report-changes.service';
import { IdBlocks, type IntakeIds } from './report-id-blocks';
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

/** What the routing cache keeps: a building's part of the intake's read, a category's, or a reporter's. */
type Routing =
  | Pick<intakeRepo.IntakeContext, 'building' | 'units' | 'bound'>
  | Pick<intakeRepo.IntakeContext, 'category' | 'slas'>
  | Pick<intakeRepo.IntakeContext, 'phoneEnc' | 'phoneHash'>;

/** How much the routing cache keeps (it forgets everything at any change anyway). */
const ROUTING_ENTRIES = 50_000;

/**
 * A part of the read as the routing cache keeps it: shared by every report that follows, so frozen, with
 * its objects and the items of its lists, and no use case can change what the next one reads.
 */
function kept<T extends object>(v: T): T {
  for (const x of Object.values(v)) {
    if (Array.isArray(x)) for (const item of x) Object.freeze(item);
    if (x && typeof x === 'object') Object.freeze(x);
  }
  return Object.freeze(v);
}

/**
 * The hot path of intake (docs/rules.md#reports): a resident filing at their own building, in one round
 * trip once the building, the category and the reporter are known to the routing cache, else two.
 */
export class HomeIntakeService {
  /**
   * The intake read's parts that are the same for every report at a building, of a category or by a
   * reporter (docs/ARCHITECTURE.md#intake-routing-cache), while the database's `lz_routing`
   * notifications say they still hold.
   */
  private readonly routing: NotifiedCache<Routing>;
  private readonly ids: IdBlocks;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly photos: PhotosService,
    private readonly notifications: NotificationsService,
    private readonly residency: ResidencyService,
    /** How long the routing cache keeps an entry; 0: no routing cache. */
    routingCacheMs: number,
  ) {
    this.routing = new NotifiedCache<Routing>(routingCacheMs, ROUTING_ENTRIES, () => performance.now());
    this.ids = new IdBlocks((n) => intakeRepo.drawIds(this.db, n));
  }

  /** Starts the routing cache (PostgreSQL only: on PGlite every report reads its routing). */
  startRoutingCache(): void {
    this.routing.start(this.db, 'lz_routing');
  }

  stopRoutingCache(): Promise<void> {
    return this.routing.stop();
  }

  /** Whether the routing cache serves now (tests wait for it). */
  get routingCached(): boolean {
    return this.routing.serving;
  }

  /**
   * What intake decides on: from the routing cache when it knows the building, the category and the
   * reporter (residency is then checked by the write itself, `resident` undefined, and the ids are drawn
   * once the report is known to be filed, `ids` undefined), else from `intakeRepo.intakeContext`'s one read,
   * whose parts the cache then keeps.
   */
  private async contextOf(
    userId: number,
    buildingId: number,
    categoryId: number,
  ): Promise<
    Omit<intakeRepo.IntakeContext, 'resident' | 'reportId' | 'eventId'> & { resident?: boolean; ids?: IntakeIds }
  > {
    const place = this.routing.get(`b:${buildingId}`) as Extract<Routing, { units: unknown }> | undefined;
    const category = this.routing.get(`c:${categoryId}`) as Extract<Routing, { slas: unknown }> | undefined;
    const phone = this.routing.get(`u:${userId}`) as Extract<Routing, { phoneEnc: unknown }> | undefined;
    if (place && category && phone) {
      return { ...place, ...category, ...phone };
    }
    const epoch = this.routing.epoch;
    const c = await intakeRepo.intakeContext(this.db, {
      userId,
      buildingId,
      categoryId,
      roles: INTAKE_ROLES,
      resident: (user) => this.residency.residentTestOverB(user),
    });
    this.routing.set(`b:${buildingId}`, kept({ building: c.building, units: c.units, bound: c.bound }), epoch);
    this.routing.set(`c:${categoryId}`, kept({ category: c.category, slas: c.slas }), epoch);
    this.routing.set(`u:${userId}`, kept({ phoneEnc: c.phoneEnc, phoneHash: c.phoneHash }), epoch);
    return { ...c, ids: { reportId: c.reportId, eventId: c.eventId } };
  }

  /**
   * A resident's report at their own building, with the effect of `ReportIntakeService.create` (the same
   * rows, the same answer) in as few round trips as the rules allow: what intake decides on comes from the
   * routing cache, or else from one read (`contextOf`: building, category, the path's units and handlers,
   * SLAs, residency, the new ids), the photos are checked in a statement of their own when there are any,
   * and the report, follower, event, audit row, notifications and the Idempotency-Key's answer are written
   * by one statement (`writeAll`), which checks residency itself when it was not read. The answer is built
   * from what was written, so it is what `get` would read.
   */
  async create(ctx: RequestContext, input: CreateReportRequest & { buildingId: number }): Promise<ReportDetail> {
    const { value } = await onceInOneStatement(this.db, this.clock, ctx, async () => {
      const c = await this.contextOf(ctx.actor.userId, input.buildingId, input.categoryId);
      const building = c.building;
      if (building?.kind !== 'building' || building.streetId === null) throw notFound();
      if (c.resident === false) throw new AppError('REPORT_NOT_RESIDENT');
      const photoIds = input.photoIds ?? [];
      const photoViews = photoIds.length ? await this.photos.ownViews(this.db, ctx.actor.userId, photoIds) : [];
      const category = c.category;
      if (!category?.isActive) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'categoryId', message: 'no such category' }] });
      }
      const ids = c.ids ?? (await this.ids.take());
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
        id: ids.reportId,
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
        id: ids.eventId,
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
      // Residency not read (the routing cache served): the statement checks it, and writes nothing without it.
      const guards: Guard[] =
        c.resident === undefined
          ? [{ name: 'resident', write: this.residency.residentGuard(ctx.actor.userId, building) }]
          : [];
      const refused = (err: unknown) =>
        guardFailed(err) === 'resident' ? new AppError('REPORT_NOT_RESIDENT') : undefined;
      return { value: detail, writes, guards, refused };
    });
    return value;
  }
}
