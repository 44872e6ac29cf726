import type { OrgKind, Role } from '@louzhang/contracts';
import type { Binding } from '../../platform/actor';
import { isWithin } from '../../platform/scope';

/** Where each role is held: a captain at a building, a grid worker at a grid … */
export const ROLE_UNIT_KINDS: Record<Role, readonly OrgKind[]> = {
  resident: ['building', 'unit'],
  captain: ['building'],
  grid_worker: ['grid'],
  community_staff: ['community', 'micro_community'],
  street_staff: ['street'],
  department_staff: ['department'],
  property_window: ['estate'],
  partner: ['partner_org'],
  admin: ['city', 'district', 'street'],
};

/**
 * What each granting role may grant, below (or at) the unit it is bound to. The one rule for who may
 * grant what: an admin grants any role in their subtree; a street grants within its street and never
 * `admin`; a community grants community staff, grid workers and captains under it; nobody else grants,
 * and nobody grants above or beside their own scope.
 */
export const GRANTABLE: Partial<Record<Role, readonly Role[]>> = {
  admin: [
    'resident',
    'captain',
    'grid_worker',
    'community_staff',
    'street_staff',
    'department_staff',
    'property_window',
    'partner',
    'admin',
  ],
  street_staff: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'partner'],
  community_staff: ['captain', 'grid_worker', 'community_staff'],
};

/** The roles that grant anything (the accounts screens are theirs). */
export const GRANTING_ROLES = Object.keys(GRANTABLE) as Role[];

export interface Place {
  kind: OrgKind;
  path: string;
}

/** Whether `role` is held at a unit of this kind at all. */
export function fitsUnit(role: Role, kind: OrgKind): boolean {
  return ROLE_UNIT_KINDS[role].includes(kind);
}

/** May someone holding `bindings` grant (or revoke) `role` at `place`? */
export function mayGrant(bindings: readonly Pick<Binding, 'role' | 'path'>[], role: Role, place: Place): boolean {
  return bindings.some((b) => (GRANTABLE[b.role] ?? []).includes(role) && isWithin(place.path, b.path));
}

/**
 * May the actor manage a whole account (disable, enable, send a password reset)? Only when they may
 * grant every binding it holds; an account without bindings only an admin above it … which, having
 * no place, means an admin bound at the root of some tree (city or district).
 */
export function mayManageAccount(
  bindings: readonly Pick<Binding, 'role' | 'path' | 'orgKind'>[],
  target: readonly { role: Role; path: string; kind: OrgKind }[],
): boolean {
  if (target.length === 0) return bindings.some((b) => b.role === 'admin' && b.orgKind !== 'street');
  return target.every((t) => mayGrant(bindings, t.role, { kind: t.kind, path: t.path }));
}
