import type { Role } from '@louzhang/contracts';

/**
 * Who sees and does what in care (docs/rules.md#personal-data): care tags and visit logs are for the household's captain
 * and grid worker and for community staff — not for street staff, departments, admins or residents.
 */
export const CARE_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff'];
/** Naming a person's visitor: community staff and the grid worker. */
export const CARE_ASSIGN: readonly Role[] = ['grid_worker', 'community_staff'];
/** Next-of-kin contacts are gathered by whoever visits, and by the community. */
export const CARE_CONTACT_WRITE: readonly Role[] = ['captain', 'grid_worker', 'community_staff'];
/** A community's cycles: its staff set them; the street sees them (they are settings, not personal data). */
export const CYCLE_READ: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
export const CYCLE_WRITE: readonly Role[] = ['community_staff'];
/** Turning a visit's need into a report: the visitor who logged it, or community staff. */
export const VISIT_REPORT: readonly Role[] = ['community_staff'];
