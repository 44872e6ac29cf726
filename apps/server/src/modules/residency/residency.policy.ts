import type { Role } from '@louzhang/contracts';

/**
 * Who confirms that someone lives in a building (待确认住户): its captain, the grid worker, community
 * and street staff over it. Nobody confirms their own claim.
 */
export const CONFIRMERS: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff'];
