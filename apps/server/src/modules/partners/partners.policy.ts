import type { Role } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';

/** Staff who sign agreements and publish, accept and read projects (docs/rules.md#partners). */
export const MANAGER_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
/** Projects are published by a street or a community; agreements cover one. */
export const UNIT_KINDS = ['street', 'community', 'micro_community'] as const;
/** Who gives feedback on a project: people living or serving under it. */
export const FEEDBACK_ROLES: readonly Role[] = ['resident', 'captain'];
/** Pairings are set up by the street over both communities. */
export const PAIRING_ROLES: readonly Role[] = ['street_staff', 'admin'];

export function partnerBindings(actor: Actor) {
  return actor.bindings.filter((b) => b.role === 'partner');
}

/** An agreement covers a project when current on `today`, offering its category, and serving where it is. */
export function covers(
  agreement: { categories: string[]; scopePath: string; startsOn: string; endsOn: string },
  project: { category: string; path: string },
  today: string,
): boolean {
  return (
    agreement.startsOn <= today &&
    today <= agreement.endsOn &&
    agreement.categories.includes(project.category) &&
    project.path.startsWith(agreement.scopePath)
  );
}
