import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/actor';
import { isSelfReview, proofProblem, reviewScope } from './chores.policy';

const actor = (bindings: Partial<Actor['bindings'][number]>[]): Actor => ({
  userId: 1,
  name: 'x',
  bindings: bindings.map((b) => ({
    role: 'street_staff',
    orgUnitId: 1,
    orgUnitName: 'u',
    orgKind: 'street',
    path: '/1/',
    streetId: 1,
    ...b,
  })),
});

describe('chore policy', () => {
  it('asks for enough photos, and for before and after when the template does', () => {
    expect(proofProblem({ minPhotos: 2, beforeAfter: false }, [{ kind: 'other' }])).toBe('CHORE_TOO_FEW_PHOTOS');
    expect(proofProblem({ minPhotos: 2, beforeAfter: true }, [{ kind: 'after' }, { kind: 'after' }])).toBe(
      'CHORE_BEFORE_AFTER_REQUIRED',
    );
    expect(proofProblem({ minPhotos: 2, beforeAfter: true }, [{ kind: 'before' }, { kind: 'after' }])).toBeNull();
    expect(proofProblem({ minPhotos: 0, beforeAfter: false }, [])).toBeNull();
  });

  it('lets community staff review only in streets that delegate it', () => {
    const staff = actor([{ role: 'community_staff', orgKind: 'community', path: '/1/5/', streetId: 1 }]);
    expect(reviewScope(staff, new Set()).isEmpty).toBe(true);
    expect(reviewScope(staff, new Set([1])).covers('/1/5/9/')).toBe(true);
    expect(reviewScope(actor([{}]), new Set()).covers('/1/7/')).toBe(true);
    expect(reviewScope(actor([{ role: 'captain', path: '/1/5/9/' }]), new Set([1])).isEmpty).toBe(true);
  });

  it('refuses self-review', () => {
    expect(isSelfReview(3, 3)).toBe(true);
    expect(isSelfReview(3, 4)).toBe(false);
  });
});
