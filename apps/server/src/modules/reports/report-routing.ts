import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { isWithin } from '../../platform/scope';
import * as intakeRepo from './report-intake.repository';
import { LEVEL } from './reports.policy';
import * as repo from './reports.repository';

/*
 * Where a report goes (docs/rules.md#reports): the level and unit that handle it next, the SLA clock of
 * that level, and the columns that put it there. Shared by intake, the handlers' actions and the clocks.
 */

export const HOUR = 3_600_000;
export const DEFAULT_SLA = { ackHours: 24, resolveHours: 168 };

export interface Route {
  level: number;
  handlerOrgUnitId: number;
  departmentId: number | null;
}

/** Sent back down by a department (退回): the only way a report is below the highest level it reached. */
export const cameBack = (r: repo.ReportRow) => r.peakLevel > r.level;

/**
 * The first level at or above `from` that has someone to take the report: the property window of a
 * managed estate or the building's captain (skipped when there is none), the grid worker (skipped
 * likewise), the community, the street, and a department (the one named, else the category's default).
 * Undefined when the only way up is a department and none is given.
 */
export async function routeFrom(
  tx: Db,
  r: { path: string; categoryId: number },
  from: number,
  departmentId?: number | null,
  /** The units on the path and who is bound there, when already read (intake reads them with the rest). */
  known?: { units: intakeRepo.PathUnit[]; bound: intakeRepo.BoundUser[] },
): Promise<Route | undefined> {
  const units: intakeRepo.PathUnit[] = known?.units ?? (await intakeRepo.unitsOnPath(tx, r.path));
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

/** The SLA of the category at the level (its own, else its parent's), else the default. */
export async function slaOf(tx: Db, categoryId: number, level: number) {
  return (await repo.slaFor(tx, categoryId, level)) ?? DEFAULT_SLA;
}

/** The columns that put a report at a new level (or back at the same one), awaiting acknowledgement. */
export async function enter(tx: Db, r: repo.ReportRow, route: Route, status: 'submitted' | 'reopened', now: Date) {
  const sla = await slaOf(tx, r.categoryId, route.level);
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
