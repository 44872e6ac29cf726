import type { Role } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import { Scope } from '../../platform/scope';

/** Templates are the street's rules (points, proof): street staff and admins write them (docs/rules.md#chores). */
export const TEMPLATE_WRITE: readonly Role[] = ['street_staff', 'admin'];
/** Staff who publish need to see the templates. */
export const TEMPLATE_READ: readonly Role[] = ['street_staff', 'admin', 'community_staff', 'grid_worker'];
/** Community staff publish chores (docs/rules.md#roles-and-scope), street staff and admins too. */
export const PUBLISH: readonly Role[] = ['street_staff', 'community_staff', 'admin'];
/** Only captains claim; a captain reaches the buildings they are bound to (or units above them). */
export const CLAIM: readonly Role[] = ['captain'];
/** The street reviews; admins may too. Community staff only where the street delegates (per-street setting). */
export const REVIEW: readonly Role[] = ['street_staff', 'admin'];
export const SETTINGS_WRITE: readonly Role[] = ['street_staff', 'admin'];

export const PUBLISHABLE_KINDS = ['community', 'micro_community', 'grid', 'estate', 'building'] as const;

/**
 * Where `actor` may review: their street/admin subtrees, plus their community subtrees in streets
 * that delegate review to community staff.
 */
export function reviewScope(actor: Actor, delegatingStreets: ReadonlySet<number>): Scope {
  const paths = actor.bindings
    .filter(
      (b) =>
        REVIEW.includes(b.role) ||
        (b.role === 'community_staff' && b.streetId !== null && delegatingStreets.has(b.streetId)),
    )
    .map((b) => b.path);
  return Scope.ofPaths(paths);
}

/** A reviewer never approves their own work (docs/rules.md#points). */
export function isSelfReview(actorUserId: number, submitterUserId: number): boolean {
  return actorUserId === submitterUserId;
}

/** What the proof must hold: enough photos, and before + after when the template asks for them. */
export function proofProblem(
  rules: { minPhotos: number; beforeAfter: boolean },
  photos: { kind: 'before' | 'after' | 'other' }[],
): 'CHORE_TOO_FEW_PHOTOS' | 'CHORE_BEFORE_AFTER_REQUIRED' | null {
  if (photos.length < rules.minPhotos) return 'CHORE_TOO_FEW_PHOTOS';
  if (rules.beforeAfter && !(photos.some((p) => p.kind === 'before') && photos.some((p) => p.kind === 'after'))) {
    return 'CHORE_BEFORE_AFTER_REQUIRED';
  }
  return null;
}
