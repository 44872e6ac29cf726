import type { Role } from '@louzhang/contracts';
import type { Actor } from '../../platform/actor';
import { Scope } from '../../platform/scope';

/** Who runs volunteering in their jurisdiction (docs/rules.md#volunteering): community and street staff, admins. */
export const MANAGER_ROLES: readonly Role[] = ['community_staff', 'street_staff', 'admin'];
/** Staff who read volunteers, teams and figures under them. */
export const READ_ROLES: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'admin'];
/** Teams and activities belong to a community or a street. */
export const OWNER_KINDS = ['street', 'community', 'micro_community'] as const;

/** An activity as the rules see it: where it is, its team's leader and its partner unit. */
export interface ActivityRef {
  path: string;
  teamLeaderUserId: number | null;
  partnerOrgId: number | null;
}

export function partnerOrgsOf(actor: Actor): number[] {
  return actor.bindings.filter((b) => b.role === 'partner').map((b) => b.orgUnitId);
}

/** Organisers of an activity: staff over it, its team's leader, or the partner unit that published it. */
export function mayOrganise(actor: Actor, a: ActivityRef): boolean {
  if (Scope.of(actor, MANAGER_ROLES).covers(a.path)) return true;
  if (a.teamLeaderUserId !== null && a.teamLeaderUserId === actor.userId) return true;
  return a.partnerOrgId !== null && partnerOrgsOf(actor).includes(a.partnerOrgId);
}

/** Hours of attendance: from check-in (not before the start) to check-out (not after the end), else to the end. */
export function attendedHours(
  a: { startsAt: Date; endsAt: Date },
  s: { checkedInAt: Date; checkedOutAt: Date | null },
): number {
  const from = Math.max(a.startsAt.getTime(), s.checkedInAt.getTime());
  const to = Math.min(a.endsAt.getTime(), (s.checkedOutAt ?? a.endsAt).getTime());
  return Math.max(0, Math.round(((to - from) / 3_600_000) * 100) / 100);
}

/** The activity's length in hours, to 2 decimals: the most anyone's hours may be. */
export function lengthHours(a: { startsAt: Date; endsAt: Date }): number {
  return Math.round(((a.endsAt.getTime() - a.startsAt.getTime()) / 3_600_000) * 100) / 100;
}
