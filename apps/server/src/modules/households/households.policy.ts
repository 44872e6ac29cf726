import type { Role } from '@louzhang/contracts';

/**
 * Who may see and touch the household registry (docs/rules.md#roles-and-scope, §8). Departments, property windows and
 * partners never see it; residents see only their own household (households.service `mine`).
 */
export const REGISTRY_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff', 'street_staff', 'admin'];
export const REGISTRY_WRITE: readonly Role[] = ['grid_worker', 'community_staff', 'admin'];

/**
 * Care tags ("elderly living alone" …) are visible to the household's captain and grid worker and to
 * community staff (docs/rules.md#personal-data) — not to street staff or admins, who get aggregate counts elsewhere.
 */
export const CARE_TAG_READ: readonly Role[] = ['captain', 'grid_worker', 'community_staff'];

/** Opening a full phone or ID number: a role with a need, a stated purpose, and an audit row. */
export const REVEAL: Readonly<Record<'phone' | 'idNumber', readonly Role[]>> = {
  phone: ['captain', 'grid_worker', 'community_staff', 'street_staff'],
  idNumber: ['grid_worker', 'community_staff'],
};
