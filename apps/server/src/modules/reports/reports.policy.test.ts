import type { Role } from '@louzhang/contracts';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor';
import { allowedActions, isCurrentHandler, LEVEL, levelName, seesIdentity } from './reports.policy';

const actor = (...bindings: [Role, number, string][]): Actor => ({
  userId: 1,
  name: 'x',
  bindings: bindings.map(([role, orgUnitId, path]) => ({
    role,
    orgUnitId,
    orgUnitName: 'u',
    orgKind: role === 'department_staff' ? 'department' : 'building',
    path,
    streetId: 3,
  })),
});
// city 1 / district 2 / street 3 / community 4 / grid 5 / estate 6 / building 7; department 9 under the district
const BUILDING = '/1/2/3/4/5/6/7/';
const report = (level: number, status: string, departmentId: number | null = null) => ({
  path: BUILDING,
  level,
  status,
  departmentId,
});

describe('isCurrentHandler', () => {
  it('is the captain at the building level and nobody else', () => {
    expect(isCurrentHandler(actor(['captain', 7, BUILDING]), report(1, 'submitted'))).toBe(true);
    expect(isCurrentHandler(actor(['captain', 8, '/1/2/3/4/5/6/8/']), report(1, 'submitted'))).toBe(false);
    expect(isCurrentHandler(actor(['grid_worker', 5, '/1/2/3/4/5/']), report(1, 'submitted'))).toBe(false);
    expect(isCurrentHandler(actor(['captain', 7, BUILDING]), report(2, 'submitted'))).toBe(false);
  });

  it('lets the property window of the estate handle the building level', () => {
    expect(isCurrentHandler(actor(['property_window', 6, '/1/2/3/4/5/6/']), report(1, 'submitted'))).toBe(true);
  });

  it('is the department the report was dispatched to, at the department level only', () => {
    const dept = actor(['department_staff', 9, '/1/2/9/']);
    expect(isCurrentHandler(dept, report(LEVEL.department, 'submitted', 9))).toBe(true);
    expect(isCurrentHandler(dept, report(LEVEL.department, 'submitted', 10))).toBe(false);
    expect(isCurrentHandler(dept, report(LEVEL.street, 'submitted', 9))).toBe(false);
  });
});

describe('seesIdentity', () => {
  it('shows the reporter to handlers of any level and the department, not to admins or residents', () => {
    expect(seesIdentity(actor(['street_staff', 3, '/1/2/3/']), report(1, 'submitted'))).toBe(true);
    expect(seesIdentity(actor(['department_staff', 9, '/1/2/9/']), report(5, 'submitted', 9))).toBe(true);
    expect(seesIdentity(actor(['admin', 1, '/1/']), report(1, 'submitted'))).toBe(false);
    expect(seesIdentity(actor(['resident', 7, BUILDING]), report(1, 'submitted'))).toBe(false);
  });
});

describe('allowedActions', () => {
  it('lets a department answer or resolve only after accepting (报到)', () => {
    expect(allowedActions(report(5, 'submitted', 9), true)).toMatchObject({
      accept: true,
      answer: false,
      resolve: false,
    });
    expect(allowedActions(report(5, 'accepted', 9), true)).toMatchObject({
      accept: false,
      answer: true,
      resolve: true,
    });
    expect(allowedActions(report(5, 'accepted', 9), true).escalate).toBe(false);
  });

  it('lets lower levels answer straight away, and nobody act on closed reports', () => {
    expect(allowedActions(report(1, 'submitted'), true)).toMatchObject({ answer: true, escalate: true });
    for (const s of ['resolved', 'closed', 'rejected', 'merged']) {
      expect(Object.values(allowedActions(report(2, s), true)).some(Boolean)).toBe(false);
    }
    expect(Object.values(allowedActions(report(1, 'submitted'), false)).some(Boolean)).toBe(false);
  });

  it('names levels bottom up', () => {
    expect([1, 2, 3, 4, 5].map(levelName)).toEqual(['building', 'grid', 'community', 'street', 'department']);
  });
});
