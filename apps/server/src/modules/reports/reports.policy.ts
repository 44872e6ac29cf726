import { REPORT_LEVELS, type ReportLevel, type ReportStatus, type Role } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import { Scope } from '../../platform/scope';

/** Levels are stored as 1..5, bottom up (docs/rules.md#reports). */
export const LEVEL = { building: 1, grid: 2, community: 3, street: 4, department: 5 } as const;
export const levelName = (n: number): ReportLevel => REPORT_LEVELS[n - 1] as ReportLevel;

/** Who handles a report at each level: captain or property window (业主吹哨、窗口报到), grid worker, community, street, department. */
export const HANDLER_ROLES: Readonly<Record<number, readonly Role[]>> = {
  1: ['captain', 'property_window'],
  2: ['grid_worker'],
  3: ['community_staff'],
  4: ['street_staff'],
  5: ['department_staff'],
};

/** Levels where people, not an office, answer: the phone shows 楼长 梁家俊 rather than the building's name. */
export const PERSON_HANDLER_ROLES: Readonly<Record<number, readonly Role[]>> = {
  1: ['captain', 'property_window'],
  2: ['grid_worker'],
};

/** Who reads reports by jurisdiction (the org subtree of their bindings). Departments read only what was dispatched to them. */
export const READ_ROLES: readonly Role[] = [
  'captain',
  'property_window',
  'grid_worker',
  'community_staff',
  'street_staff',
  'admin',
];
/** Handlers of some level see the reporter's identity (docs/rules.md#reports); admins and followers do not. */
export const IDENTITY_ROLES: readonly Role[] = [
  'captain',
  'property_window',
  'grid_worker',
  'community_staff',
  'street_staff',
];
/** Who may file a report for a resident (代报) in their jurisdiction, or take it by phone. */
export const PROXY_ROLES: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff'];
export const PHONE_ROLES: readonly Role[] = ['community_staff', 'street_staff'];
/** Who may merge duplicates within their jurisdiction. */
export const MERGE_ROLES: readonly Role[] = [
  'captain',
  'property_window',
  'grid_worker',
  'community_staff',
  'street_staff',
];
export const CATEGORY_ADMIN_ROLES: readonly Role[] = ['admin'];
export const FIGURES_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];

export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'in_progress', 'reopened'];
export const AWAITING_ACK: readonly ReportStatus[] = ['submitted', 'reopened'];

/** Events whose note is for staff only: residents see that it happened, not why (a department's reason to send it back). */
export const INTERNAL_NOTE_EVENTS: ReadonlySet<string> = new Set(['returned']);

export interface ReportRef {
  path: string;
  level: number;
  status: string;
  departmentId: number | null;
}

/** The department units an actor works for. */
export function departmentsOf(actor: Actor): number[] {
  return actor.bindings.filter((b) => b.role === 'department_staff').map((b) => b.orgUnitId);
}

/** True when `actor` holds the report's current level: the role of that level over the report's building, or its department. */
export function isCurrentHandler(actor: Actor, r: ReportRef): boolean {
  if (r.level === LEVEL.department) return r.departmentId !== null && departmentsOf(actor).includes(r.departmentId);
  return Scope.of(actor, HANDLER_ROLES[r.level] ?? []).covers(r.path);
}

/** True when `actor` handles reports where this one lies (any level), so may see who filed it. */
export function seesIdentity(actor: Actor, r: ReportRef): boolean {
  if (Scope.of(actor, IDENTITY_ROLES).covers(r.path)) return true;
  return r.departmentId !== null && departmentsOf(actor).includes(r.departmentId);
}

/** What the current handler may do in each status; a department must accept (报到) before answering. */
export function allowedActions(r: ReportRef, handler: boolean) {
  const open = OPEN_STATUSES.includes(r.status as ReportStatus);
  const waiting = AWAITING_ACK.includes(r.status as ReportStatus);
  const accepted = r.status === 'accepted' || r.status === 'in_progress';
  const mustAcceptFirst = r.level === LEVEL.department;
  return {
    accept: handler && waiting,
    answer: handler && (mustAcceptFirst ? accepted : open),
    resolve: handler && (mustAcceptFirst ? accepted : open),
    escalate: handler && open && r.level < LEVEL.department,
    reject: handler && open,
    /** Only a department sends a report back to the street that dispatched it (退回/申请改派). */
    return: handler && open && r.level === LEVEL.department,
  };
}
