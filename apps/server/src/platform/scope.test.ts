import { describe, expect, it } from 'vitest';
import type { Actor, Binding } from './actor';
import { AppError } from './errors';
import { isWithin, Scope, streetsOf, unitIdsOnPath } from './scope';

const binding = (role: Binding['role'], path: string, streetId: number | null): Binding => ({
  role,
  orgUnitId: unitIdsOnPath(path).at(-1) as number,
  orgUnitName: path,
  orgKind: 'community',
  path,
  streetId,
});
// City 1 → district 2 → streets 3 and 30 → community 4 (street 3) → grid 5 → building 6.
const actor: Actor = {
  userId: 9,
  name: 'x',
  bindings: [binding('community_staff', '/1/2/3/4/', 3), binding('captain', '/1/2/30/40/50/60/', 30)],
};

describe('jurisdiction helpers', () => {
  it('tells whether a unit lies under another by its path, not by a shared prefix of digits', () => {
    expect(isWithin('/1/2/3/4/', '/1/2/3/')).toBe(true);
    expect(isWithin('/1/2/3/', '/1/2/3/')).toBe(true);
    expect(isWithin('/1/2/30/', '/1/2/3/')).toBe(false);
    expect(isWithin('/1/2/', '/1/2/3/')).toBe(false);
    expect(unitIdsOnPath('/1/2/30/40/')).toEqual([1, 2, 30, 40]);
  });

  it('covers the subtrees of the bindings with the roles asked for, and overlaps their ancestors', () => {
    const staff = Scope.of(actor, ['community_staff']);
    expect(staff.covers('/1/2/3/4/5/6/')).toBe(true);
    expect(staff.covers('/1/2/3/')).toBe(false);
    expect(staff.overlaps('/1/2/3/')).toBe(true); // the street holding one's community
    expect(staff.overlaps('/1/2/30/')).toBe(false); // a street beside it
    expect(Scope.of(actor, ['street_staff']).isEmpty).toBe(true);
  });

  it('gives the LIKE patterns of its subtrees, nested paths folded and wildcards escaped', () => {
    expect(Scope.ofPaths(['/1/2/3/', '/1/2/3/4/', '/1/2/30/']).likePatterns().sort()).toEqual([
      '/1/2/3/%',
      '/1/2/30/%',
    ]);
    expect(Scope.ofPaths(['/1/a_b%/']).likePatterns()).toEqual(['/1/a\\_b\\%/%']);
    expect(Scope.of(actor, ['street_staff']).likePatterns()).toEqual([]);
  });

  it('names the streets where the actor holds a role', () => {
    expect([...streetsOf(actor, ['community_staff', 'captain'])].sort()).toEqual([3, 30]);
    expect([...streetsOf(actor, ['captain'])]).toEqual([30]);
    expect(streetsOf(actor, ['admin']).size).toBe(0);
  });

  it('refuses with 403 inside what the caller sees and 404 outside it or for nothing', () => {
    const seen = Scope.of(actor, ['community_staff']);
    const inside = Scope.refusal(seen, '/1/2/3/4/5/');
    const outside = Scope.refusal(seen, '/1/2/30/40/');
    expect(inside).toBeInstanceOf(AppError);
    expect([inside.code, inside.status]).toEqual(['FORBIDDEN', 403]);
    expect([outside.code, outside.status]).toEqual(['NOT_FOUND', 404]);
    expect(Scope.refusal(seen, undefined).code).toBe('NOT_FOUND');
    expect(Scope.refusal(seen, '/1/2/3/4/', 'GRANT_NOT_ALLOWED').code).toBe('GRANT_NOT_ALLOWED');
  });
});
