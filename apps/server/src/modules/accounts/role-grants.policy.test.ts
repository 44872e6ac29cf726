import { ROLES, type Role } from '@louzhang/contracts';
import { describe, expect, it } from 'vitest';
import { mayGrant, type Place } from './role-grants.policy';

// A street (/1/2/3/) with its community, grid, estate, building and a partner; the district's
// department beside it; and a second street (/1/2/30/…) for "outside".
const inside: Record<Role, Place> = {
  resident: { kind: 'building', path: '/1/2/3/4/5/6/7/' },
  captain: { kind: 'building', path: '/1/2/3/4/5/6/7/' },
  grid_worker: { kind: 'grid', path: '/1/2/3/4/5/' },
  community_staff: { kind: 'community', path: '/1/2/3/4/' },
  street_staff: { kind: 'street', path: '/1/2/3/' },
  department_staff: { kind: 'department', path: '/1/2/9/' },
  property_window: { kind: 'estate', path: '/1/2/3/4/5/6/' },
  partner: { kind: 'partner_org', path: '/1/2/3/10/' },
  admin: { kind: 'street', path: '/1/2/3/' },
};
const outside = Object.fromEntries(
  Object.entries(inside).map(([r, p]) => [r, { ...p, path: p.path.replace('/1/2/3/', '/1/2/30/') }]),
) as Record<Role, Place>;

/** Where each granter sits: the inside place of its own role (an admin of the street here). */
const granter = (role: Role) => [{ role, path: inside[role].path }];

// The rule, written out by hand: an admin grants anything in the street (a department lies beside it);
// a street grants within its street and never admin; a community grants community staff, grid workers
// and captains under it; no one else grants anything.
const EXPECTED_INSIDE: Record<Role, Role[]> = {
  admin: [
    'resident',
    'captain',
    'grid_worker',
    'community_staff',
    'street_staff',
    'property_window',
    'partner',
    'admin',
  ],
  street_staff: ['resident', 'captain', 'grid_worker', 'community_staff', 'street_staff', 'property_window', 'partner'],
  community_staff: ['captain', 'grid_worker', 'community_staff'],
  resident: [],
  captain: [],
  grid_worker: [],
  department_staff: [],
  property_window: [],
  partner: [],
};

describe('who may grant what (every role × every target role × inside/outside)', () => {
  for (const g of ROLES) {
    for (const target of ROLES) {
      const want = EXPECTED_INSIDE[g].includes(target);
      it(`${g} ${want ? 'may' : 'may not'} grant ${target} inside, and never outside`, () => {
        expect(mayGrant(granter(g), target, inside[target])).toBe(want);
        expect(mayGrant(granter(g), target, outside[target])).toBe(false);
      });
    }
  }

  it('lets a city admin grant a department role and admin at the district', () => {
    const city = [{ role: 'admin' as Role, path: '/1/' }];
    expect(mayGrant(city, 'department_staff', inside.department_staff)).toBe(true);
    expect(mayGrant(city, 'admin', { kind: 'district', path: '/1/2/' })).toBe(true);
  });

  it('never lets a street grant above itself (at the district)', () => {
    expect(mayGrant(granter('street_staff'), 'street_staff', { kind: 'street', path: '/1/2/' })).toBe(false);
  });
});
