import type { Role } from '@louzhang/contracts';

/** The street office runs the mall: goods, stock, reports (docs/rules.md#roles-and-scope "runs the mall and honours"). */
export const MALL_MANAGE: readonly Role[] = ['street_staff', 'admin'];

/**
 * Who handles orders at the community office — marks them ready, hands goods over against the
 * pick-up code, cancels — for captains whose building lies in their jurisdiction.
 */
export const ORDER_STAFF: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

/** Who may browse a street's goods. */
export const MALL_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];

/** A captain cancels only an order not yet prepared; staff may cancel one that is ready too. */
export const CANCELLABLE_BY_OWNER = ['placed'] as const;
export const CANCELLABLE_BY_STAFF = ['placed', 'ready'] as const;
export const PICKABLE = ['placed', 'ready'] as const;
