import type { Role } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import { Scope } from '../../platform/scope';

/**
 * Who runs proposals (docs/rules.md#deliberation): the building's captain, its grid worker, community and street
 * staff and admins, over the proposal's building or estate. They open votes, enter paper and door-to-door ballots
 * and close the vote.
 */
export const MANAGER_ROLES: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
/** Who reads proposals by jurisdiction; residents and captains also read those of the estate around their building. */
export const READ_ROLES: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
export const INNER_ROLES: readonly Role[] = ['resident', 'captain'];
/** A proposal is put to the households of a building or an estate. */
export const PROPOSAL_SCOPE_KINDS = ['building', 'estate'] as const;

/** Manages a proposal over `scopePath`: a manager binding covering it. */
export function manages(actor: Actor, scopePath: string): boolean {
  return Scope.of(actor, MANAGER_ROLES).covers(scopePath);
}

/** Bindings of residents and captains at or under a proposal's scope see it (a building inside an estate-wide vote). */
export function innerPaths(actor: Actor): string[] {
  return actor.bindings.filter((b) => INNER_ROLES.includes(b.role)).map((b) => b.path);
}

/** A council (楼事会) is formed under the community's guidance: grid workers and staff over the building or estate. */
export const COUNCIL_FORMER_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];
