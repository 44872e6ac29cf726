import type { ReportCategoryView, UpdateReportCategoryRequest } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import { CATEGORY_ADMIN_ROLES, LEVEL, levelName } from './reports.policy';
import * as repo from './reports.repository';

/** The category tree with its SLA targets per level (docs/rules.md#reports); admins edit targets and default departments. */
export class ReportCategoriesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<{ items: ReportCategoryView[] }> {
    const { cats, slas } = await repo.listCategories(this.db);
    return {
      items: cats
        .filter((c) => c.isActive)
        .map((c) => ({
          id: c.id,
          parentId: c.parentId,
          code: c.code,
          nameZh: c.nameZh,
          nameEn: c.nameEn,
          defaultDepartmentId: c.defaultDepartmentId,
          slas: slas
            .filter((s) => s.categoryId === c.id)
            .map((s) => ({ level: levelName(s.level), ackHours: s.ackHours, resolveHours: s.resolveHours })),
        })),
    };
  }

  /** Sets SLA targets (hours) for some levels and/or the default department; admins only, audited. */
  async update(ctx: RequestContext, id: number, input: UpdateReportCategoryRequest): Promise<ReportCategoryView> {
    if (Scope.of(ctx.actor, CATEGORY_ADMIN_ROLES).isEmpty) throw new AppError('FORBIDDEN');
    await transaction(this.db, async (tx) => {
      const cat = await repo.findCategory(tx, id);
      if (!cat) throw notFound();
      if (input.slas) {
        const fields = input.slas.flatMap((s, i) =>
          s.resolveHours < s.ackHours ? [{ path: `slas.${i}.resolveHours`, message: 'must be at least ackHours' }] : [],
        );
        if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
        await repo.replaceSlas(
          tx,
          id,
          input.slas.map((s) => ({ level: LEVEL[s.level], ackHours: s.ackHours, resolveHours: s.resolveHours })),
        );
      }
      if (input.defaultDepartmentId !== undefined) {
        if (input.defaultDepartmentId !== null) {
          const dept = await repo.findOrgUnit(tx, input.defaultDepartmentId);
          if (dept?.kind !== 'department') {
            throw new AppError('VALIDATION_FAILED', {
              fields: [{ path: 'defaultDepartmentId', message: 'not a department' }],
            });
          }
        }
        await repo.setDefaultDepartment(tx, id, input.defaultDepartmentId);
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'report_category.update',
        objectType: 'report_category',
        objectId: id,
        detail: { ...input },
      });
    });
    const found = (await this.list()).items.find((c) => c.id === id);
    if (!found) throw notFound();
    return found;
  }
}
