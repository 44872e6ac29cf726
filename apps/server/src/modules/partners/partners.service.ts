import type { CreateProjectRequest, ProgressRequest, ProjectDetail, ProjectView } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import { shanghaiDay } from '../chores/chore-occurrence';
import type { PhotosService } from '../photos/photos.service';
import { covers, FEEDBACK_ROLES, MANAGER_ROLES, partnerBindings, UNIT_KINDS } from './partners.policy';
import { iso, presentAgreement, presentProject } from './partners.presenter';
import * as repo from './partners.repository';

/**
 * Partners (docs/rules.md#partners): livelihood projects (民生实事) a street or community publishes, which a
 * partner claims within a current agreement covering the project's category and place (one claimant wins),
 * reports on with photos, and hands in; staff accept them; residents rate them; the partner's console. The agreements themselves are PartnerAgreementsService's (partner-agreements.service.ts).
 */
export class PartnersService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
  ) {}

  private viewer(actor: Actor): repo.ProjectViewer {
    return {
      scope: Scope.of(actor, MANAGER_ROLES),
      partnerStreets: [...new Set(partnerBindings(actor).flatMap((b) => (b.streetId === null ? [] : [b.streetId])))],
      bindingPaths: actor.bindings.filter((b) => FEEDBACK_ROLES.includes(b.role)).map((b) => b.path),
    };
  }

  /** 民生实事's export: the projects the list shows for a status; audited (`livelihood_project.export`) first. */
  async exportProjects(ctx: RequestContext, status?: string): Promise<readonly ProjectView[]> {
    const { items } = await this.projects(ctx, status);
    const entry = { action: 'livelihood_project.export', objectType: 'livelihood_project' };
    return auditListExport(this.db, this.clock, ctx, entry, status ? { status } : {}, items);
  }

  /** Publishes a livelihood project of a street or community, with its milestones. */
  async createProject(ctx: RequestContext, input: CreateProjectRequest): Promise<ProjectDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findUnit(tx, input.orgUnitId);
      if (!unit || unit.streetId === null) throw notFound();
      const managing = Scope.of(ctx.actor, MANAGER_ROLES);
      if (!managing.covers(unit.path)) throw managing.isEmpty ? new AppError('FORBIDDEN') : notFound();
      if (!(UNIT_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('PROJECT_UNIT_KIND');
      const now = this.clock.now();
      const id = await repo.insertProject(tx, {
        streetId: unit.streetId,
        orgUnitId: unit.id,
        path: unit.path,
        title: input.title,
        description: input.description,
        category: input.category,
        dueOn: input.dueOn ?? null,
        createdBy: ctx.actor.userId,
        createdAt: now,
      });
      await repo.insertMilestones(
        tx,
        input.milestones.map((m) => ({ projectId: id, title: m.title, dueOn: m.dueOn ?? null, createdAt: now })),
      );
      await recordAudit(tx, this.clock, ctx, {
        action: 'project.create',
        objectType: 'livelihood_project',
        objectId: id,
        streetId: unit.streetId,
      });
      return this.detail(tx, ctx.actor, (await repo.findProject(tx, id))!);
    });
    return value;
  }

  private sees(actor: Actor, p: repo.ProjectListed): boolean {
    const v = this.viewer(actor);
    return (
      v.scope.covers(p.path) ||
      v.partnerStreets.includes(p.streetId) ||
      v.bindingPaths.some((b) => b.startsWith(p.path))
    );
  }

  private async visible(db: Db, ctx: RequestContext, id: number) {
    const p = await repo.findProject(db, id);
    if (!p || !this.sees(ctx.actor, p)) throw notFound();
    return p;
  }

  private isClaimant(actor: Actor, p: repo.ProjectListed): boolean {
    return p.partnerOrgId !== null && partnerBindings(actor).some((b) => b.orgUnitId === p.partnerOrgId);
  }

  /** Projects I see: under my jurisdiction, of my partner units' streets, or where I live or serve. */
  async projects(ctx: RequestContext, status?: string): Promise<{ items: ProjectView[] }> {
    const v = this.viewer(ctx.actor);
    if (v.scope.isEmpty && v.partnerStreets.length === 0 && v.bindingPaths.length === 0) {
      throw new AppError('FORBIDDEN');
    }
    return { items: (await repo.projectsVisible(this.db, v, status ? { status } : {})).map(presentProject) };
  }

  async project(ctx: RequestContext, id: number): Promise<ProjectDetail> {
    return this.detail(this.db, ctx.actor, await this.visible(this.db, ctx, id));
  }

  private async detail(db: Db, actor: Actor, p: repo.ProjectListed): Promise<ProjectDetail> {
    const [ms, prog, fb] = [
      await repo.milestones(db, p.id),
      await repo.progress(db, p.id),
      await repo.feedback(db, p.id),
    ];
    const progress = [];
    for (const r of prog) {
      progress.push({
        id: r.id,
        authorName: r.authorName,
        milestoneId: r.milestoneId,
        body: r.body,
        percent: r.percent,
        photos: await this.photos.views(db, r.photoIds),
        createdAt: r.createdAt.toISOString(),
      });
    }
    return {
      ...presentProject(p),
      milestones: ms.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn, doneAt: iso(m.doneAt) })),
      progress,
      feedback: fb.map(({ userId: _u, ...f }) => ({ ...f, createdAt: f.createdAt.toISOString() })),
      canClaim: p.status === 'published' && partnerBindings(actor).some((b) => b.streetId === p.streetId),
      canReport: p.status === 'claimed' && this.isClaimant(actor, p),
      canAccept: p.status === 'submitted' && Scope.of(actor, MANAGER_ROLES).covers(p.path),
      canGiveFeedback:
        p.status !== 'published' &&
        actor.bindings.some((b) => FEEDBACK_ROLES.includes(b.role) && b.path.startsWith(p.path)) &&
        !fb.some((f) => f.userId === actor.userId),
    };
  }

  /**
   * A partner claims a published project under one of its current agreements that offers the project's
   * category where the project is (else PROJECT_OUTSIDE_AGREEMENT); a project claimed already — also by a
   * concurrent claim that got there first — is PROJECT_ALREADY_CLAIMED. Nothing changes on a refusal.
   */
  async claim(ctx: RequestContext, id: number, agreementId?: number): Promise<ProjectDetail> {
    return transaction(this.db, async (tx) => {
      const p = await this.visible(tx, ctx, id);
      const mine = partnerBindings(ctx.actor).map((b) => b.orgUnitId);
      if (mine.length === 0) throw new AppError('FORBIDDEN');
      if (p.status !== 'published') throw new AppError('PROJECT_ALREADY_CLAIMED');
      const today = shanghaiDay(this.clock.now());
      const fitting = (await repo.agreementsOf(tx, mine)).filter(
        (g) => (agreementId === undefined || g.id === agreementId) && covers(g, p, today),
      );
      const g = fitting[0];
      if (!g) throw new AppError('PROJECT_OUTSIDE_AGREEMENT');
      const won = await repo.claim(tx, id, {
        partnerOrgId: g.partnerOrgId,
        agreementId: g.id,
        userId: ctx.actor.userId,
        at: this.clock.now(),
      });
      if (!won) throw new AppError('PROJECT_ALREADY_CLAIMED');
      await recordAudit(tx, this.clock, ctx, {
        action: 'project.claim',
        objectType: 'livelihood_project',
        objectId: id,
        streetId: p.streetId,
        detail: { partnerOrgId: g.partnerOrgId, agreementId: g.id },
      });
      return this.detail(tx, ctx.actor, (await repo.findProject(tx, id))!);
    });
  }

  /** Staff over the project or its claimant add a milestone. */
  async addMilestone(ctx: RequestContext, id: number, m: { title: string; dueOn?: string }): Promise<ProjectDetail> {
    return transaction(this.db, async (tx) => {
      const p = await this.visible(tx, ctx, id);
      if (!this.isClaimant(ctx.actor, p) && !Scope.of(ctx.actor, MANAGER_ROLES).covers(p.path)) {
        throw new AppError('FORBIDDEN');
      }
      if (p.status === 'accepted') throw new AppError('PROJECT_STATE');
      await repo.insertMilestones(tx, [
        { projectId: id, title: m.title, dueOn: m.dueOn ?? null, createdAt: this.clock.now() },
      ]);
      return this.detail(tx, ctx.actor, p);
    });
  }

  /** The claimant marks a milestone reached, once. */
  async milestoneDone(ctx: RequestContext, milestoneId: number): Promise<ProjectDetail> {
    return transaction(this.db, async (tx) => {
      const m = await repo.findMilestone(tx, milestoneId);
      if (!m) throw notFound();
      const p = await this.visible(tx, ctx, m.projectId);
      if (!this.isClaimant(ctx.actor, p)) throw new AppError('FORBIDDEN');
      if (p.status !== 'claimed' || !(await repo.markMilestoneDone(tx, milestoneId, this.clock.now()))) {
        throw new AppError('PROJECT_STATE');
      }
      return this.detail(tx, ctx.actor, p);
    });
  }

  /** The claimant reports progress with its own photos (uploaded through the photos module). */
  async reportProgress(ctx: RequestContext, id: number, input: ProgressRequest): Promise<ProjectDetail> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const p = await this.visible(tx, ctx, id);
      if (!this.isClaimant(ctx.actor, p)) throw new AppError('FORBIDDEN');
      if (p.status !== 'claimed') throw new AppError('PROJECT_STATE');
      if (input.milestoneId !== undefined && (await repo.findMilestone(tx, input.milestoneId))?.projectId !== id) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ path: 'milestoneId', message: 'not a milestone of this project' }],
        });
      }
      await this.photos.requireOwn(tx, ctx.actor.userId, input.photoIds);
      const rid = await repo.insertProgress(tx, {
        projectId: id,
        authorId: ctx.actor.userId,
        milestoneId: input.milestoneId ?? null,
        body: input.body,
        percent: input.percent,
        photoIds: input.photoIds,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'project.progress',
        objectType: 'livelihood_project',
        objectId: id,
        streetId: p.streetId,
        detail: { reportId: rid, percent: input.percent },
      });
      return this.detail(tx, ctx.actor, (await repo.findProject(tx, id))!);
    });
    return value;
  }

  /** The claimant hands the project in for acceptance. */
  async submit(ctx: RequestContext, id: number): Promise<ProjectDetail> {
    return this.move(ctx, id, 'claimed', 'submitted', (a, p) => this.isClaimant(a, p));
  }

  /** Staff over the project accept a handed-in project. */
  async accept(ctx: RequestContext, id: number, note?: string): Promise<ProjectDetail> {
    return this.move(ctx, id, 'submitted', 'accepted', (a, p) => Scope.of(a, MANAGER_ROLES).covers(p.path), note);
  }

  private async move(
    ctx: RequestContext,
    id: number,
    from: string,
    to: 'submitted' | 'accepted',
    may: (a: Actor, p: repo.ProjectListed) => boolean,
    note?: string,
  ): Promise<ProjectDetail> {
    return transaction(this.db, async (tx) => {
      const p = await this.visible(tx, ctx, id);
      if (!may(ctx.actor, p)) throw new AppError('FORBIDDEN');
      if (
        !(await repo.moveStatus(tx, id, from, to, {
          userId: ctx.actor.userId,
          at: this.clock.now(),
          note: note || null,
        }))
      ) {
        throw new AppError('PROJECT_STATE');
      }
      await recordAudit(tx, this.clock, ctx, {
        action: `project.${to === 'submitted' ? 'submit' : 'accept'}`,
        objectType: 'livelihood_project',
        objectId: id,
        streetId: p.streetId,
      });
      return this.detail(tx, ctx.actor, (await repo.findProject(tx, id))!);
    });
  }

  /** A resident or captain living or serving under the project rates it once it is under way. */
  async giveFeedback(ctx: RequestContext, id: number, rating: number, comment?: string): Promise<ProjectDetail> {
    return transaction(this.db, async (tx) => {
      const p = await this.visible(tx, ctx, id);
      if (!ctx.actor.bindings.some((b) => FEEDBACK_ROLES.includes(b.role) && b.path.startsWith(p.path))) {
        throw new AppError('FORBIDDEN');
      }
      if (p.status === 'published') throw new AppError('PROJECT_STATE');
      const at = this.clock.now();
      if (
        !(await repo.insertFeedback(tx, {
          projectId: id,
          userId: ctx.actor.userId,
          rating,
          comment: comment || null,
          at,
        }))
      ) {
        throw new AppError('FEEDBACK_EXISTS');
      }
      return this.detail(tx, ctx.actor, (await repo.findProject(tx, id))!);
    });
  }

  /** The partner account's console: its units, agreements, claimed projects and those it may claim now. */
  async partnerConsole(ctx: RequestContext) {
    const mine = partnerBindings(ctx.actor);
    if (mine.length === 0) throw new AppError('FORBIDDEN');
    const ids = mine.map((b) => b.orgUnitId);
    const agreements = await repo.agreementsOf(this.db, ids);
    const v = this.viewer(ctx.actor);
    const today = shanghaiDay(this.clock.now());
    const open = await repo.projectsVisible(this.db, v, { status: 'published' });
    return {
      partners: mine.map((b) => ({ id: b.orgUnitId, name: b.orgUnitName })),
      agreements: agreements.map((g) => presentAgreement(g, today)),
      projects: (await repo.projectsVisible(this.db, v, { partnerOrgIds: ids })).map(presentProject),
      claimable: open.filter((p) => agreements.some((g) => covers(g, p, today))).map(presentProject),
    };
  }

  /** Whoever sees a project sees the photos of its progress reports. */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    for (const id of await repo.projectsHoldingPhoto(db, photoId)) {
      const p = await repo.findProject(db, id);
      if (p && this.sees(actor, p)) return true;
    }
    return false;
  };
}
