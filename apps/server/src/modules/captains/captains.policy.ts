import type { Role } from '@louzhang/contracts';

/** Staff who manage captains see the roll of their jurisdiction (docs/rules.md#captains); captains and residents do not. */
export const CAPTAIN_ROLL_READ: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];

/** Staff who keep captains' records (profile, duties, status): the community and the street (docs/rules.md#captains). */
export const CAPTAIN_RECORD_WRITE: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

/** Staff who run recruitment drives, vet and choose applicants (docs/rules.md#captains). */
export const RECRUITERS: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

/** Staff who see coverage: the roll's readers. */
export const COVERAGE_READ = CAPTAIN_ROLL_READ;

/** Street settings of captains' life (quotas, exit period) belong to the street. */
export const CAPTAIN_SETTINGS_WRITE: readonly Role[] = ['street_staff', 'admin'];
