import type { Role } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';

/**
 * Who may open a photo besides its uploader: people who work the street it was taken in. Residents
 * see their own uploads (and, through the features that show them, the answers to their reports).
 */
export const PHOTO_VIEW_ROLES: readonly Role[] = [
  'captain',
  'grid_worker',
  'community_staff',
  'street_staff',
  'department_staff',
  'property_window',
  'admin',
];

/**
 * A binding reaches a street's photos when it lies within the street (captain, grid worker, community),
 * above it (street, district, city staff), or is a department of the street's district.
 */
export function mayView(
  ctx: Pick<RequestContext, 'actor'>,
  uploaderUserId: number,
  streetPath: string | null,
): boolean {
  if (uploaderUserId === ctx.actor.userId) return true;
  if (streetPath === null) return false;
  return ctx.actor.bindings.some((b) => {
    if (!PHOTO_VIEW_ROLES.includes(b.role)) return false;
    if (b.path.startsWith(streetPath) || streetPath.startsWith(b.path)) return true;
    const district = b.path.replace(/\d+\/$/, '');
    return b.orgKind === 'department' && streetPath.startsWith(district);
  });
}
