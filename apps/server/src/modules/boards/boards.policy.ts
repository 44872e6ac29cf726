import type { Role } from '@louzhang/contracts';

/** Who prints boards for the buildings of their jurisdiction: the people who put them up and keep them current. */
export const BOARD_ROLES: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];

/** The units whose buildings can be printed as one batch: a community and the levels below it. */
export const BATCH_KINDS = ['community', 'micro_community', 'grid', 'estate', 'building'] as const;

/** One PDF holds at most this many boards (a large community has a few hundred buildings). */
export const MAX_BOARDS_PER_PDF = 500;
