import type { Role } from '@louzhang/contracts';

/** Staff who manage captains see the roll of their jurisdiction (DESIGN §4.1); captains and residents do not. */
export const CAPTAIN_ROLL_READ: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];
