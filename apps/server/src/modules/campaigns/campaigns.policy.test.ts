import type { Role } from '@louzhang/contracts';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor';
import { isAssignee, mayAccept, mayAssign, mayClear, patrols } from './campaigns.policy';

const actor = (userId: number, ...bindings: [Role, string, number?][]): Actor => ({
  userId,
  name: `u${userId}`,
  bindings: bindings.map(([role, path, orgUnitId]) => ({
    role,
    path,
    orgUnitId: orgUnitId ?? 0,
    orgUnitName: '',
    orgKind: 'community',
    streetId: 3,
  })),
});
// City 1 → district 2 → street 3 → community 4 → grid 5 → building 6; another community 7; department 9.
const campaign = { scopePath: '/1/2/3/4/', departmentIds: [9] };
const site = (status: string, dept: number | null, user: number | null) => ({
  path: '/1/2/3/4/5/6/',
  status,
  assignedDepartmentId: dept,
  assignedUserId: user,
});

describe('campaign policy', () => {
  it('counts as patrols the grid workers, community staff and captains within the scope or covering it', () => {
    expect(patrols(actor(1, ['grid_worker', '/1/2/3/4/5/']), campaign)).toBe(true);
    expect(patrols(actor(1, ['captain', '/1/2/3/4/5/6/']), campaign)).toBe(true);
    expect(patrols(actor(1, ['community_staff', '/1/2/3/4/']), campaign)).toBe(true);
    expect(patrols(actor(1, ['grid_worker', '/1/2/3/7/8/']), campaign)).toBe(false);
    expect(patrols(actor(1, ['street_staff', '/1/2/3/']), campaign)).toBe(false);
    expect(patrols(actor(1, ['resident', '/1/2/3/4/5/6/']), campaign)).toBe(false);
  });

  it('lets staff over the site assign it until someone accepted it', () => {
    const staff = actor(1, ['community_staff', '/1/2/3/4/']);
    expect(mayAssign(staff, site('open', null, null))).toBe(true);
    expect(mayAssign(staff, site('assigned', 9, null))).toBe(true);
    expect(mayAssign(staff, site('accepted', 9, null))).toBe(false);
    expect(mayAssign(actor(1, ['community_staff', '/1/2/3/7/']), site('open', null, null))).toBe(false);
    expect(mayAssign(actor(1, ['grid_worker', '/1/2/3/4/5/']), site('open', null, null))).toBe(false);
  });

  it('has the assigned department accept (报到) before clearing, and only the assignee clear', () => {
    const dept = actor(2, ['department_staff', '/1/2/9/', 9]);
    const other = actor(3, ['department_staff', '/1/2/10/', 10]);
    expect(mayAccept(dept, site('assigned', 9, null))).toBe(true);
    expect(mayAccept(other, site('assigned', 9, null))).toBe(false);
    expect(mayClear(dept, site('assigned', 9, null))).toBe(false);
    expect(mayClear(dept, site('accepted', 9, null))).toBe(true);
    expect(mayClear(dept, site('cleared', 9, null))).toBe(false);
    expect(isAssignee(actor(5, ['grid_worker', '/1/2/3/4/5/']), site('accepted', null, 5))).toBe(true);
    expect(mayClear(actor(6, ['grid_worker', '/1/2/3/4/5/']), site('accepted', null, 5))).toBe(false);
  });
});
