import {
  type AssignSiteRequest,
  CAMPAIGN_PROBLEM_LABELS,
  type CampaignProblemType,
  type ClearSiteRequest,
  type LogSiteRequest,
  type SiteStatus,
  type SiteView,
} from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import { shanghaiDay } from '../chores/chore-occurrence';
import type { Notifier } from '../notifications/notifications.service';
import type { PhotosService } from '../photos/photos.service';
import { buildSitesWorkbook, renderSummary } from './campaign-export';
import {
  ASSIGNEE_ROLES,
  departmentsOf,
  isAssignee,
  MANAGER_ROLES,
  mayAccept,
  mayAssign,
  mayClear,
  PATROL_ROLES,
  patrols,
  SITE_PLACE_KINDS,
} from './campaigns.policy';
import * as repo from './campaigns.repository';
import { type CampaignsService, tallyOf } from './campaigns.service';

const label = (t: string) => CAMPAIGN_PROBLEM_LABELS[t as CampaignProblemType] ?? { zh: t, en: t };

/**
 * The problem sites of campaigns (专项整治, docs/rules.md#campaigns): patrols log them with a photo; staff
 * assign each to a department (which accepts it, 报到) or a person; the assignee clears it with an "after"
 * photo or marks it not clearable. Also the campaign's exports: its sites as Excel, its summary as PDF.
 */
export class CampaignSitesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
    private readonly notifications: Notifier,
    private readonly campaigns: CampaignsService,
  ) {}

  private viewer(actor: Actor): repo.Viewer {
    return this.campaigns.viewer(actor);
  }

  private visibleIn(db: Db, ctx: RequestContext, id: number) {
    return this.campaigns.visibleIn(db, ctx, id);
  }

  private visible(ctx: RequestContext, id: number) {
    return this.visibleIn(this.db, ctx, id);
  }

  /** A patrol logs a problem site with its photo; a site where the same problem was cleared before is linked to it (反弹). */
  async logSite(ctx: RequestContext, campaignId: number, input: LogSiteRequest): Promise<SiteView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const c = await this.visibleIn(tx, ctx, campaignId);
      if (!patrols(ctx.actor, { scopePath: c.scopePath, departmentIds: [] })) throw new AppError('FORBIDDEN');
      const now = this.clock.now();
      const today = shanghaiDay(now);
      if (today < c.startsOn || today > c.endsOn) throw new AppError('CAMPAIGN_NOT_RUNNING');
      if (!c.problemTypes.includes(input.problemType)) throw new AppError('CAMPAIGN_TYPE_NOT_COVERED');
      const place = await repo.findUnit(tx, input.placeOrgUnitId);
      if (
        !place ||
        !(SITE_PLACE_KINDS as readonly string[]).includes(place.kind) ||
        !place.path.startsWith(c.scopePath)
      ) {
        throw new AppError('CAMPAIGN_PLACE_INVALID');
      }
      await this.photos.requireOwn(tx, ctx.actor.userId, [input.photoId]);
      const row = await repo.insertSite(tx, {
        campaignId,
        streetId: c.streetId,
        problemType: input.problemType,
        placeOrgUnitId: place.id,
        path: place.path,
        placeText: input.placeText || null,
        note: input.note || null,
        photoId: input.photoId,
        loggedBy: ctx.actor.userId,
        loggedAt: now,
        status: 'open',
        reappearedOfId: await repo.lastCleared(tx, place.id, input.problemType),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'campaign.site.log',
        objectType: 'campaign_site',
        objectId: row.id,
        streetId: c.streetId,
        detail: { campaignId, problemType: input.problemType, reappearedOfId: row.reappearedOfId },
      });
      return this.presentSite(tx, ctx.actor, (await repo.findSite(tx, row.id))!);
    });
    return value;
  }

  /** Where a patrol may log a site: buildings and places of the campaign's scope, their own patch first. */
  async places(ctx: RequestContext, campaignId: number, q?: string) {
    const c = await this.visible(ctx, campaignId);
    if (!patrols(ctx.actor, { scopePath: c.scopePath, departmentIds: [] })) throw new AppError('FORBIDDEN');
    const mine = ctx.actor.bindings.filter((b) => PATROL_ROLES.includes(b.role)).map((b) => b.path);
    return { items: await repo.placesUnder(this.db, c.scopePath, mine, q || undefined) };
  }

  /** Sites of a campaign, filtered by status or type. */
  async sites(ctx: RequestContext, campaignId: number, q: { status?: SiteStatus; problemType?: CampaignProblemType }) {
    await this.visible(ctx, campaignId);
    const items = await repo.listSites(this.db, this.viewer(ctx.actor), { campaignId, ...q });
    return { items: await this.presentSites(this.db, ctx.actor, items) };
  }

  /** Sites assigned to me or my department, open ones first. */
  async mine(ctx: RequestContext) {
    const items = await repo.listSites(this.db, this.viewer(ctx.actor), {
      assignedTo: { userId: ctx.actor.userId, departmentIds: departmentsOf(ctx.actor) },
      limit: 500,
    });
    const order = (s: repo.SiteListed) => (['assigned', 'accepted'].includes(s.status) ? 0 : 1);
    items.sort((a, b) => order(a) - order(b) || b.id - a.id);
    return { items: await this.presentSites(this.db, ctx.actor, items) };
  }

  async site(ctx: RequestContext, id: number): Promise<SiteView> {
    return this.presentSite(this.db, ctx.actor, await this.visibleSite(this.db, ctx, id));
  }

  /** Who a site can go to: the campaign's departments and the people working over it. */
  async assignees(ctx: RequestContext, id: number) {
    const s = await this.visibleSite(this.db, ctx, id);
    if (!Scope.of(ctx.actor, MANAGER_ROLES).covers(s.path)) throw new AppError('FORBIDDEN');
    const departments = (await repo.departmentsOfCampaigns(this.db, [s.campaignId])).map(
      ({ campaignId: _, ...d }) => d,
    );
    return { departments, people: await repo.peopleOver(this.db, ASSIGNEE_ROLES, s.path) };
  }

  /** Assigns the site to a department of the campaign (it must accept, 报到) or a person over it, and tells them. */
  async assign(ctx: RequestContext, id: number, input: AssignSiteRequest): Promise<SiteView> {
    return transaction(this.db, async (tx) => {
      const s = await this.visibleSite(tx, ctx, id);
      if (!Scope.of(ctx.actor, MANAGER_ROLES).covers(s.path)) throw new AppError('FORBIDDEN');
      if (!mayAssign(ctx.actor, s)) throw new AppError('SITE_STATE');
      let recipients: number[];
      if (input.departmentId !== undefined) {
        if (!(await repo.campaignDepartmentIds(tx, s.campaignId)).includes(input.departmentId)) {
          throw new AppError('SITE_ASSIGNEE_INVALID');
        }
        recipients = await repo.usersBoundAt(tx, ['department_staff'], [input.departmentId]);
      } else {
        const people = await repo.peopleOver(tx, ASSIGNEE_ROLES, s.path);
        if (!people.some((p) => p.userId === input.userId)) throw new AppError('SITE_ASSIGNEE_INVALID');
        recipients = [input.userId as number];
      }
      const now = this.clock.now();
      const moved = await repo.updateSite(tx, id, s.version, {
        status: input.departmentId !== undefined ? 'assigned' : 'accepted',
        assignedDepartmentId: input.departmentId ?? null,
        assignedUserId: input.userId ?? null,
        assignedAt: now,
        acceptedBy: input.userId ?? null,
        acceptedAt: input.userId !== undefined ? now : null,
      });
      if (!moved) throw new AppError('SITE_STATE');
      await recordAudit(tx, this.clock, ctx, {
        action: 'campaign.site.assign',
        objectType: 'campaign_site',
        objectId: id,
        streetId: s.streetId,
        detail: { departmentId: input.departmentId ?? null, userId: input.userId ?? null },
      });
      const type = label(s.problemType);
      await this.notifications.notify(tx, recipients, {
        streetId: s.streetId,
        kind: 'campaign_site_assigned',
        titleZh: `【专项整治】交办点位：${type.zh} · ${s.placeName}`,
        titleEn: `[Campaign] Site assigned: ${type.en} · ${s.placeName}`,
        body: s.placeText ?? s.campaignTitle,
        objectType: 'campaign_site',
        objectId: id,
        sourceKey: `campaign_site:${id}:assigned:${s.version + 1}`,
        at: now,
      });
      return this.presentSite(tx, ctx.actor, (await repo.findSite(tx, id))!);
    });
  }

  /** The assigned department accepts the site (报到) before it clears it. */
  async accept(ctx: RequestContext, id: number): Promise<SiteView> {
    return transaction(this.db, async (tx) => {
      const s = await this.visibleSite(tx, ctx, id);
      if (!mayAccept(ctx.actor, s)) {
        if (s.status === 'assigned' || !isAssignee(ctx.actor, s)) throw new AppError('SITE_NOT_ASSIGNEE');
        throw new AppError('SITE_STATE');
      }
      const now = this.clock.now();
      if (
        !(await repo.updateSite(tx, id, s.version, {
          status: 'accepted',
          acceptedBy: ctx.actor.userId,
          acceptedAt: now,
        }))
      )
        throw new AppError('SITE_STATE');
      await recordAudit(tx, this.clock, ctx, {
        action: 'campaign.site.accept',
        objectType: 'campaign_site',
        objectId: id,
        streetId: s.streetId,
      });
      return this.presentSite(tx, ctx.actor, (await repo.findSite(tx, id))!);
    });
  }

  /** The assignee clears the site with a photo taken after; without one nothing changes. */
  async clear(ctx: RequestContext, id: number, input: ClearSiteRequest): Promise<SiteView> {
    return this.close(ctx, id, 'cleared', input.note ?? null, input.afterPhotoId);
  }

  /** The assignee marks the site not clearable, with the reason. */
  async notClearable(ctx: RequestContext, id: number, reason: string): Promise<SiteView> {
    return this.close(ctx, id, 'not_clearable', reason, undefined);
  }

  private async close(
    ctx: RequestContext,
    id: number,
    to: 'cleared' | 'not_clearable',
    note: string | null,
    afterPhotoId: number | undefined,
  ): Promise<SiteView> {
    return transaction(this.db, async (tx) => {
      const s = await this.visibleSite(tx, ctx, id);
      if (!isAssignee(ctx.actor, s)) throw new AppError('SITE_NOT_ASSIGNEE');
      if (!mayClear(ctx.actor, s)) throw new AppError(s.status === 'assigned' ? 'SITE_NOT_ASSIGNEE' : 'SITE_STATE');
      if (to === 'cleared') {
        if (afterPhotoId === undefined) throw new AppError('SITE_AFTER_PHOTO_REQUIRED');
        await this.photos.requireOwn(tx, ctx.actor.userId, [afterPhotoId]);
      }
      const now = this.clock.now();
      const moved = await repo.updateSite(tx, id, s.version, {
        status: to,
        closedBy: ctx.actor.userId,
        closedAt: now,
        closeNote: note || null,
        afterPhotoId: afterPhotoId ?? null,
      });
      if (!moved) throw new AppError('SITE_STATE');
      await recordAudit(tx, this.clock, ctx, {
        action: to === 'cleared' ? 'campaign.site.clear' : 'campaign.site.not-clearable',
        objectType: 'campaign_site',
        objectId: id,
        streetId: s.streetId,
      });
      return this.presentSite(tx, ctx.actor, (await repo.findSite(tx, id))!);
    });
  }

  /** The sites as Excel for staff over the campaign. */
  async exportSites(ctx: RequestContext, id: number): Promise<{ file: Buffer; filename: string }> {
    const c = await this.visible(ctx, id);
    if (!this.manages(ctx.actor, c.scopePath)) throw new AppError('FORBIDDEN');
    const sites = await repo.listSites(this.db, this.viewer(ctx.actor), { campaignId: id, limit: 100_000 });
    const fmt = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : null);
    const file = await buildSitesWorkbook(
      c.title,
      sites
        .sort((a, b) => a.id - b.id)
        .map((s) => ({
          id: s.id,
          problemType: s.problemType,
          placeName: s.placeName,
          placeText: s.placeText,
          note: s.note,
          status: s.status,
          loggedByName: s.loggedByName,
          loggedAt: fmt(s.loggedAt) as string,
          assignee: s.assignedDepartmentName ?? s.assignedUserName,
          closedAt: fmt(s.closedAt),
          closeNote: s.closeNote,
          reappearedOfId: s.reappearedOfId,
        })),
    );
    return { file, filename: `${c.title}-点位.xlsx` };
  }

  /** A one-page PDF summary of the campaign's progress. */
  async summaryPdf(ctx: RequestContext, id: number): Promise<{ pdf: Buffer; filename: string }> {
    const c = await this.visible(ctx, id);
    if (!this.manages(ctx.actor, c.scopePath) && !departmentsOf(ctx.actor).length) throw new AppError('FORBIDDEN');
    const departments = await repo.departmentsOfCampaigns(this.db, [id]);
    const pdf = await renderSummary({
      title: c.title,
      scopeName: c.scopeName,
      period: `${c.startsOn} 至 ${c.endsOn}`,
      departments: departments.map((d) => (d.isLead ? `${d.name}（牵头）` : d.name)).join('、'),
      totals: tallyOf(c),
      byType: (await repo.tallyByType(this.db, id)).map((t) => ({ ...tallyOf(t), type: t.type })),
      printedOn: shanghaiDay(this.clock.now()),
    });
    return { pdf, filename: `${c.title}.pdf` };
  }

  /** A campaign photo (before or after) for whoever may see a site holding it. */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    const v = this.viewer(actor);
    for (const id of await repo.sitesHoldingPhoto(db, photoId)) {
      if ((await repo.listSites(db, v, { id, limit: 1 })).length > 0) return true;
    }
    return false;
  };

  private manages(actor: Actor, scopePath: string): boolean {
    const s = Scope.of(actor, MANAGER_ROLES);
    return s.covers(scopePath) || s.paths.some((p) => p.startsWith(scopePath));
  }

  private async visibleSite(db: Db, ctx: RequestContext, id: number): Promise<repo.SiteListed> {
    const [s] = await repo.listSites(db, this.viewer(ctx.actor), { id, limit: 1 });
    if (!s) throw notFound();
    return s;
  }

  private async presentSite(db: Db, actor: Actor, s: repo.SiteListed): Promise<SiteView> {
    return (await this.presentSites(db, actor, [s]))[0]!;
  }

  private async presentSites(db: Db, actor: Actor, sites: repo.SiteListed[]): Promise<SiteView[]> {
    const photos = await this.photos.views(
      db,
      sites.flatMap((s) => (s.afterPhotoId ? [s.photoId, s.afterPhotoId] : [s.photoId])),
    );
    const photo = (id: number | null) => (id === null ? null : (photos.find((p) => p.id === id) ?? null));
    return sites.map((s) => ({
      id: s.id,
      campaignId: s.campaignId,
      campaignTitle: s.campaignTitle,
      problemType: s.problemType as CampaignProblemType,
      placeOrgUnitId: s.placeOrgUnitId,
      placeName: s.placeName,
      placeText: s.placeText,
      note: s.note,
      status: s.status as SiteStatus,
      photo: photo(s.photoId),
      afterPhoto: photo(s.afterPhotoId),
      loggedByName: s.loggedByName,
      loggedAt: s.loggedAt.toISOString(),
      assignedDepartmentId: s.assignedDepartmentId,
      assignedDepartmentName: s.assignedDepartmentName,
      assignedUserId: s.assignedUserId,
      assignedUserName: s.assignedUserName,
      acceptedAt: s.acceptedAt?.toISOString() ?? null,
      closedAt: s.closedAt?.toISOString() ?? null,
      closeNote: s.closeNote,
      reappearedOfId: s.reappearedOfId,
      can: {
        assign: Scope.of(actor, MANAGER_ROLES).covers(s.path) && mayAssign(actor, s),
        accept: mayAccept(actor, s),
        clear: mayClear(actor, s),
      },
    }));
  }
}
