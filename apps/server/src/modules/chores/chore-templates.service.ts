import type { ChoreTemplateView, CreateChoreTemplateRequest, UpdateChoreTemplateRequest } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import * as repo from './chore-setup.repository';
import { SETTINGS_WRITE, TEMPLATE_READ, TEMPLATE_WRITE } from './chores.policy';
import { presentTemplate } from './chores.presenter';

/** The streets an actor's bindings lie in (for staff bound below a street). */
function streetIdsOf(actor: Actor, roles: readonly string[]): number[] {
  return [
    ...new Set(
      actor.bindings.filter((b) => roles.includes(b.role) && b.streetId !== null).map((b) => b.streetId as number),
    ),
  ];
}

/** Chore templates of a street (what a chore is worth and what proof it needs) and the street's chore settings. */
export class ChoreTemplatesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Templates of the streets the caller works in. */
  async list(ctx: RequestContext, includeArchived: boolean): Promise<ChoreTemplateView[]> {
    const scope = Scope.of(ctx.actor, TEMPLATE_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const rows = await repo.listTemplates(this.db, scope, streetIdsOf(ctx.actor, TEMPLATE_READ), includeArchived);
    return rows.map(presentTemplate);
  }

  /** 任务模板's export: what the list shows for the same filter; audited (`chore_template.export`) first. */
  async exportList(ctx: RequestContext, includeArchived: boolean): Promise<readonly ChoreTemplateView[]> {
    const items = await this.list(ctx, includeArchived);
    const entry = { action: 'chore_template.export', objectType: 'chore_template' };
    return auditListExport(this.db, this.clock, ctx, entry, { archived: includeArchived }, items);
  }

  /** Adds a template to a street the caller manages. */
  async create(ctx: RequestContext, input: CreateChoreTemplateRequest): Promise<ChoreTemplateView> {
    const scope = Scope.of(ctx.actor, TEMPLATE_WRITE);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const streetId = await this.streetFor(tx, ctx.actor, scope, input.streetId);
      if (await repo.templateNameTaken(tx, streetId, input.name)) {
        throw new AppError('CONFLICT', { fields: [{ path: 'name', message: 'a template with this name exists' }] });
      }
      const t = await repo.insertTemplate(tx, {
        streetId,
        name: input.name,
        category: input.category,
        points: input.points,
        minPhotos: input.minPhotos,
        beforeAfter: input.beforeAfter,
        dailyLimitPerBuilding: input.dailyLimitPerBuilding,
        claimTtlHours: input.claimTtlHours,
        description: input.description ?? null,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'chore_template.create',
        objectType: 'chore_template',
        objectId: t.id,
        streetId,
        detail: { name: t.name, points: t.points },
      });
      return presentTemplate(t);
    });
    return value;
  }

  /** Changes a template; tasks already published take the new points and proof rules from then on. */
  async update(ctx: RequestContext, id: number, input: UpdateChoreTemplateRequest): Promise<ChoreTemplateView> {
    const scope = Scope.of(ctx.actor, TEMPLATE_WRITE);
    return transaction(this.db, async (tx) => {
      const found = await repo.findTemplateWithStreetPath(tx, id);
      if (!found || !scope.covers(found.streetPath)) throw notFound();
      if (input.name && (await repo.templateNameTaken(tx, found.t.streetId, input.name, id))) {
        throw new AppError('CONFLICT', { fields: [{ path: 'name', message: 'a template with this name exists' }] });
      }
      const { archived, ...rest } = input;
      const t = await repo.updateTemplate(tx, id, {
        ...rest,
        ...(archived === undefined ? {} : { archivedAt: archived ? (found.t.archivedAt ?? this.clock.now()) : null }),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'chore_template.update',
        objectType: 'chore_template',
        objectId: id,
        streetId: t.streetId,
        detail: { ...input },
      });
      return presentTemplate(t);
    });
  }

  /** The chore settings of a street the caller works in. */
  async settings(ctx: RequestContext, streetId: number | undefined) {
    const scope = Scope.of(ctx.actor, TEMPLATE_READ);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const sid = await this.streetFor(this.db, ctx.actor, scope, streetId, TEMPLATE_READ);
    const s = await repo.getSettings(this.db, sid);
    return { streetId: sid, communityMayReview: s?.communityMayReview ?? false };
  }

  /** Lets (or stops) community staff review chores of their community: the street's delegation (docs/rules.md#chores). */
  async updateSettings(ctx: RequestContext, streetId: number | undefined, communityMayReview: boolean) {
    const scope = Scope.of(ctx.actor, SETTINGS_WRITE);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return transaction(this.db, async (tx) => {
      const sid = await this.streetFor(tx, ctx.actor, scope, streetId);
      await repo.upsertSettings(tx, sid, communityMayReview, this.clock.now());
      await recordAudit(tx, this.clock, ctx, {
        action: 'chore_settings.update',
        objectType: 'street',
        objectId: sid,
        streetId: sid,
        detail: { communityMayReview },
      });
      return { streetId: sid, communityMayReview };
    });
  }

  /** The street meant: the one named (a street inside `scope` or the caller's own), else the caller's only street. */
  private async streetFor(
    db: Db,
    actor: Actor,
    scope: Scope,
    streetId: number | undefined,
    roles: readonly string[] = TEMPLATE_WRITE,
  ): Promise<number> {
    const own = streetIdsOf(actor, roles);
    if (streetId === undefined) {
      if (own.length === 1) return own[0] as number;
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'streetId', message: 'required' }] });
    }
    const unit = await repo.findOrgUnit(db, scope, streetId);
    if (unit?.kind === 'street') return unit.id;
    if (own.includes(streetId) && roles !== TEMPLATE_WRITE) return streetId;
    throw notFound();
  }
}
