import type { Role } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import { Scope } from '../../platform/scope';

/** Who runs campaigns (docs/rules.md#campaigns): community and street staff, admins, over their jurisdiction. */
export const MANAGER_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
/** Who patrols and logs sites: grid workers, community staff and captains whose binding lies within the campaign's scope (or covers it). */
export const PATROL_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'captain'];
/** Who reads campaigns by jurisdiction; departments read the campaigns they lead or join. */
export const READ_ROLES: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
/** A campaign covers a street, a community (or micro community) or a grid. */
export const CAMPAIGN_SCOPE_KINDS = ['street', 'community', 'micro_community', 'grid'] as const;
/** Sites are at buildings or at places that are not buildings (lanes, squares, markets). */
export const SITE_PLACE_KINDS = ['building', 'place'] as const;
/** People a site may be assigned to, when their binding covers the site. */
export const ASSIGNEE_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'captain'];

export interface CampaignRef {
  scopePath: string;
  departmentIds: readonly number[];
}

export interface SiteRef {
  path: string;
  status: string;
  assignedDepartmentId: number | null;
  assignedUserId: number | null;
}

export function departmentsOf(actor: Actor): number[] {
  return actor.bindings.filter((b) => b.role === 'department_staff').map((b) => b.orgUnitId);
}

/** True when one of the actor's patrol bindings lies within the campaign's scope or covers it. */
export function patrols(actor: Actor, c: CampaignRef): boolean {
  return actor.bindings.some(
    (b) => PATROL_ROLES.includes(b.role) && (b.path.startsWith(c.scopePath) || c.scopePath.startsWith(b.path)),
  );
}

/** Managers over the site assign it; only while nobody has accepted it. */
export function mayAssign(actor: Actor, s: SiteRef): boolean {
  return Scope.of(actor, MANAGER_ROLES).covers(s.path) && (s.status === 'open' || s.status === 'assigned');
}

/** A department assigned the site accepts it (报到) before it clears it. */
export function mayAccept(actor: Actor, s: SiteRef): boolean {
  return (
    s.status === 'assigned' && s.assignedDepartmentId !== null && departmentsOf(actor).includes(s.assignedDepartmentId)
  );
}

/** The assignee — the person, or the department once it accepted — clears the site or marks it not clearable. */
export function isAssignee(actor: Actor, s: SiteRef): boolean {
  if (s.assignedUserId !== null) return s.assignedUserId === actor.userId;
  return s.assignedDepartmentId !== null && departmentsOf(actor).includes(s.assignedDepartmentId);
}

export function mayClear(actor: Actor, s: SiteRef): boolean {
  return s.status === 'accepted' && isAssignee(actor, s);
}
