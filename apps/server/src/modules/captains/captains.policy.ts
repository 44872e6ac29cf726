import type { Role } from '@louzhang/contracts';

/** Staff who manage captains see the roll of their jurisdiction (docs/rules.md#captains); captains and residents do not. */
export const CAPTAIN_ROLL_READ: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];
