import type { Role } from '@louzhang/contracts';

/** Staff who may read a captain's points account within their jurisdiction. */
export const ACCOUNT_READ: readonly Role[] = ['community_staff', 'street_staff', 'admin'];

/**
 * Who may adjust points by hand and approve others' adjustments: the street office, which "reviews
 * chores and credits points", and admins, who configure point rules (docs/rules.md#roles-and-scope).
 */
export const ADJUST: readonly Role[] = ['street_staff', 'admin'];

/** An adjustment of more than `threshold` points (either way) needs a second person (docs/rules.md#points). */
export function needsSecondApprover(points: number, threshold: number): boolean {
  return Math.abs(points) > threshold;
}

/** The approver of an adjustment is never the person who asked for it. */
export function mayApprove(approverUserId: number, requestedBy: number): boolean {
  return approverUserId !== requestedBy;
}
