import type { NoticeKind, Role } from '@louzhang/contracts';

/** Who publishes notices (docs/rules.md#notices-and-boards): street and community staff to their jurisdiction, a captain to their building. */
export const NOTICE_AUTHORS: readonly Role[] = ['street_staff', 'community_staff', 'captain', 'admin'];
/** Who sees read receipts: the staff over the buildings and the building's captain. */
export const RECEIPT_READERS: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
/** Where a notice may go: a whole street down to one building. */
export const NOTICE_SCOPE_KINDS = ['street', 'community', 'micro_community', 'grid', 'estate', 'building'] as const;
/** People who receive notices where they live. */
export const AUDIENCE: readonly Role[] = ['resident', 'captain'];

export type { NoticeKind };
