import type { CampaignProblemType, CampaignProgress, CampaignView, CreateCampaignRequest } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import { CAMPAIGN_SCOPE_KINDS, departmentsOf, MANAGER_ROLES, PATROL_ROLES, READ_ROLES } from './campaigns.policy';
import * as repo from './campaigns.repository';

/**
 * Campaigns (专项整治, docs/rules.md#campaigns): community or street staff open one over their jurisdiction
 * and a period, with a lead and member departments; patrols log problem sites with a photo; staff assign
 * each site to a department (which accepts it, 报到) or a person; the assignee clears it with an "after"
 * photo or marks it not clearable. Progress is counted from the sites, so it always equals them. The sites
 * themselves, and the exports, are CampaignSitesService's (campaign-sites.service.ts).
 */
export class CampaignsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Whose campaigns and sites the actor sees: their jurisdiction, where they patrol, their departments. */
  viewer(actor: Actor): repo.Viewer {
    return {
      scope: Scope.of(actor, READ_ROLES),
      inner: actor.bindings.filter((b) => PATROL_ROLES.includes(b.role)).map((b) => b.path),
      departmentIds: departmentsOf(actor),
    };
  }

  /** Opens a campaign over a street, community or grid in the caller's jurisdiction. */
  async create(ctx: RequestContext, input: CreateCampaignRequest): Promise<CampaignView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findUnit(tx, input.scopeOrgUnitId);
      if (!unit || unit.streetId === null) throw notFound();
      const managing = Scope.of(ctx.actor, MANAGER_ROLES);
      if (!managing.covers(unit.path)) {
        if (managing.isEmpty) throw new AppError('FORBIDDEN');
        throw notFound();
      }
      if (!(CAMPAIGN_SCOPE_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('CAMPAIGN_SCOPE_KIND');
      if (input.endsOn < input.startsOn) throw new AppError('CAMPAIGN_PERIOD_INVALID');
      const members = [...new Set(input.memberDepartmentIds.filter((d) => d !== input.leadDepartmentId))];
      const all = [input.leadDepartmentId, ...members];
      const serving = await repo.departmentsServing(tx, all, unit.path);
      if (serving.length !== all.length) throw new AppError('CAMPAIGN_DEPARTMENT_INVALID');
      const row = await repo.insertCampaign(tx, {
        streetId: unit.streetId,
        scopeOrgUnitId: unit.id,
        scopePath: unit.path,
        title: input.title,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        problemTypes: [...new Set(input.problemTypes)],
        note: input.note || null,
        createdBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      await repo.insertDepartments(
        tx,
        all.map((departmentId, i) => ({ campaignId: row.id, departmentId, isLead: i === 0 })),
      );
      await recordAudit(tx, this.clock, ctx, {
        action: 'campaign.create',
        objectType: 'campaign',
        objectId: row.id,
        streetId: row.streetId,
        detail: { scopeOrgUnitId: unit.id, departments: all },
      });
      return (await this.present(tx, await repo.listVisible(tx, this.viewer(ctx.actor), row.id)))[0]!;
    });
    return value;
  }

  /** Campaigns in my jurisdiction, around where I patrol, or joined by my department. */
  async list(ctx: RequestContext): Promise<{ items: CampaignView[] }> {
    const v = this.viewer(ctx.actor);
    if (v.scope.isEmpty && v.inner.length === 0 && v.departmentIds.length === 0) throw new AppError('FORBIDDEN');
    return { items: await this.present(this.db, await repo.listVisible(this.db, v)) };
  }

  async get(ctx: RequestContext, id: number): Promise<CampaignView> {
    return (await this.present(this.db, [await this.visible(ctx, id)]))[0]!;
  }

  /** Counts by problem type and by place; each is a count of site rows, so 已清理 N equals the cleared sites. */
  async progress(ctx: RequestContext, id: number): Promise<CampaignProgress> {
    const c = await this.visible(ctx, id);
    const [byType, byPlace] = [await repo.tallyByType(this.db, id), await repo.tallyByPlace(this.db, id)];
    return {
      campaignId: id,
      totals: tallyOf(c),
      byType: byType.map((t) => ({ ...tallyOf(t), type: t.type as CampaignProblemType })),
      byPlace: byPlace.map((p) => ({ ...tallyOf(p), placeOrgUnitId: p.placeOrgUnitId, placeName: p.placeName })),
    };
  }

  /** The campaign if the actor sees it (CampaignSitesService asks it too), else 404. */
  async visibleIn(db: Db, ctx: RequestContext, id: number) {
    const [c] = await repo.listVisible(db, this.viewer(ctx.actor), id);
    if (!c) throw notFound();
    return c;
  }

  private visible(ctx: RequestContext, id: number) {
    return this.visibleIn(this.db, ctx, id);
  }

  private async present(db: Db, rows: (repo.CampaignListed & repo.Tally)[]): Promise<CampaignView[]> {
    const depts = await repo.departmentsOfCampaigns(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((c) => ({
      id: c.id,
      title: c.title,
      scopeOrgUnitId: c.scopeOrgUnitId,
      scopeName: c.scopeName,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      problemTypes: c.problemTypes as CampaignProblemType[],
      departments: depts.filter((d) => d.campaignId === c.id).map(({ campaignId: _, ...d }) => d),
      note: c.note,
      createdByName: c.createdByName,
      createdAt: c.createdAt.toISOString(),
      totals: tallyOf(c),
    }));
  }
}

/** The five counts of a campaign, a type or a place, nothing else of the row. */
export function tallyOf(t: repo.Tally): repo.Tally {
  return {
    logged: t.logged,
    cleared: t.cleared,
    notClearable: t.notClearable,
    open: t.open,
    reappeared: t.reappeared,
  };
}
