import type { ChorePublicationView, CreateChorePublicationRequest } from '@louzhang/contracts';
import { shanghaiDay } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import { currentOccurrence, type Recurrence } from './chore-occurrence';
import * as repo from './chore-setup.repository';
import { PUBLISH, PUBLISHABLE_KINDS } from './chores.policy';

/** Publishing chores to a scope, and the job that turns publications into one task per building and occurrence. */
export class ChorePublishingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Publishes a template to every building under an org unit; the current occurrence's tasks appear at once. */
  async publish(ctx: RequestContext, input: CreateChorePublicationRequest): Promise<ChorePublicationView> {
    const scope = Scope.of(ctx.actor, PUBLISH);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    if (input.endsOn && input.endsOn < input.startsOn) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'endsOn', message: 'before startsOn' }] });
    }
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findOrgUnit(tx, scope, input.orgUnitId);
      if (!unit) throw notFound();
      if (!(PUBLISHABLE_KINDS as readonly string[]).includes(unit.kind) || unit.streetId === null) {
        throw new AppError('CHORE_SCOPE_INVALID');
      }
      const found = await repo.findTemplateWithStreetPath(tx, input.templateId);
      if (!found || found.t.streetId !== unit.streetId) throw notFound();
      if (found.t.archivedAt) throw new AppError('CHORE_TEMPLATE_ARCHIVED');
      const now = this.clock.now();
      const p = await repo.insertPublication(tx, {
        streetId: unit.streetId,
        templateId: found.t.id,
        orgUnitId: unit.id,
        orgPath: unit.path,
        recurrence: input.recurrence,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        createdByUserId: ctx.actor.userId,
        createdAt: now,
      });
      const tasksCreated = await this.generateFor(tx, p, now);
      await recordAudit(tx, this.clock, ctx, {
        action: 'chore_publication.create',
        objectType: 'chore_publication',
        objectId: p.id,
        streetId: p.streetId,
        detail: { templateId: p.templateId, orgUnitId: p.orgUnitId, recurrence: p.recurrence, tasksCreated },
      });
      return {
        id: p.id,
        templateId: p.templateId,
        templateName: found.t.name,
        orgUnitId: unit.id,
        orgUnitName: unit.name,
        recurrence: p.recurrence as Recurrence,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
        cancelled: false,
        tasksCreated,
      };
    });
    return value;
  }

  async list(ctx: RequestContext): Promise<ChorePublicationView[]> {
    const scope = Scope.of(ctx.actor, PUBLISH);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const rows = await repo.listPublications(this.db, scope);
    return rows.map((r) => ({
      id: r.p.id,
      templateId: r.p.templateId,
      templateName: r.templateName,
      orgUnitId: r.p.orgUnitId,
      orgUnitName: r.orgUnitName,
      recurrence: r.p.recurrence as Recurrence,
      startsOn: r.p.startsOn,
      endsOn: r.p.endsOn,
      cancelled: r.p.cancelledAt !== null,
      tasksCreated: r.tasksCreated,
    }));
  }

  /** 发布任务's export: the publications the list shows; audited (`chore_publication.export`) first. */
  async exportList(ctx: RequestContext): Promise<readonly ChorePublicationView[]> {
    const items = await this.list(ctx);
    const entry = { action: 'chore_publication.export', objectType: 'chore_publication' };
    return auditListExport(this.db, this.clock, ctx, entry, {}, items);
  }

  /** Stops a publication: no further occurrences; tasks already out stay. */
  async cancel(ctx: RequestContext, id: number): Promise<void> {
    const scope = Scope.of(ctx.actor, PUBLISH);
    await transaction(this.db, async (tx) => {
      const p = await repo.findPublicationInScope(tx, scope, id);
      if (!p) throw notFound();
      const done = await repo.cancelPublication(tx, id, this.clock.now());
      if (done.length === 0) return;
      await recordAudit(tx, this.clock, ctx, {
        action: 'chore_publication.cancel',
        objectType: 'chore_publication',
        objectId: id,
        streetId: p.streetId,
      });
    });
  }

  /**
   * The background job: the current occurrence's tasks of every live publication. Idempotent and safe
   * on several instances: the unique key (publication, building, occurrence) with ON CONFLICT DO NOTHING.
   */
  async generateDue(now: Date): Promise<{ created: number }> {
    const pubs = await repo.activePublications(this.db, shanghaiDay(now));
    let created = 0;
    for (const p of pubs) {
      created += await transaction(this.db, async (tx) => {
        const n = await this.generateFor(tx, p, now);
        if (n > 0) {
          await recordAudit(
            tx,
            this.clock,
            { ip: 'job', actor: null },
            {
              action: 'chore_task.generate',
              objectType: 'chore_publication',
              objectId: p.id,
              streetId: p.streetId,
              detail: { created: n },
            },
          );
        }
        return n;
      });
    }
    return { created };
  }

  private async generateFor(tx: Db, p: repo.PublicationRow, now: Date): Promise<number> {
    const occ = currentOccurrence({ ...p, recurrence: p.recurrence as Recurrence }, now);
    if (!occ) return 0;
    return repo.generateTasks(tx, p, occ.occurrence, occ.dueAt, now);
  }
}
