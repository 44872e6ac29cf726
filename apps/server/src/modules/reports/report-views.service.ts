import type { ReportDetail, Role } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import type { PhotosService } from '../photos/photos.service';
import type { ResidencyService } from '../residency/residency.service';
import * as intakeRepo from './report-intake.repository';
import * as listsRepo from './report-lists.repository';
import { departmentsOf, PERSON_HANDLER_ROLES, READ_ROLES, seesIdentity } from './reports.policy';
import { presentDetail, presentReport } from './reports.presenter';
import * as repo from './reports.repository';

/** Who is looking, for the visibility predicate: their jurisdiction, their departments, themselves. */
export function viewerOf(actor: Actor): listsRepo.Viewer {
  return { scope: Scope.of(actor, READ_ROLES), departmentIds: departmentsOf(actor), userId: actor.userId };
}

/** One report as the caller may see it: its detail and timeline, and the photos attached to it. */
export class ReportViewsService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly photos: PhotosService,
    private readonly residency: ResidencyService,
  ) {}

  /** Whether `actor` may see the reports at a building or place: in their jurisdiction, or living there. */
  async maySeeBuilding(tx: Db, actor: Actor, b: { id: number; path: string; kind?: string }): Promise<boolean> {
    if (Scope.of(actor, READ_ROLES).covers(b.path)) return true;
    return b.kind === 'place'
      ? intakeRepo.livesInCommunityOf(tx, actor.userId, b.path)
      : this.residency.isResident(tx, actor.userId, b);
  }

  /** One report with its timeline, as the caller may see it; 404 outside their reach. */
  async get(ctx: Pick<RequestContext, 'actor' | 'lang'>, id: number): Promise<ReportDetail> {
    return this.detailOf(this.db, ctx, id);
  }

  /** `get` inside a transaction: what a change answers with, read through `db` (the change's `tx`). */
  async detailOf(db: Db, ctx: Pick<RequestContext, 'actor' | 'lang'>, id: number): Promise<ReportDetail> {
    const l = await listsRepo.findVisible(db, viewerOf(ctx.actor), id);
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
      if (await listsRepo.findVisible(db, viewerOf(actor), id)) return true;
    }
    return false;
  };

  /** A photo attached to the report (its submission or a handler's answer), for anyone who may see the report. */
  async photo(ctx: RequestContext, id: number, photoId: number, thumb: boolean): Promise<Buffer> {
    if (!(await listsRepo.findVisible(this.db, viewerOf(ctx.actor), id))) throw notFound();
    const events = await repo.eventsOf(this.db, id);
    if (!events.some((e) => e.event.photoIds.includes(photoId))) throw notFound();
    return this.photos.readAttached(photoId, thumb);
  }
}
