import type { SignupView } from '@louzhang/contracts';
import type { SignupListed } from './activity-signups.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A sign-up as the API shows it: its attendance, hours and whether the activity's points were credited. */
export function presentSignup(s: SignupListed): SignupView {
  return {
    id: s.id,
    activityId: s.activityId,
    volunteerId: s.volunteerId,
    volunteerName: s.volunteerName,
    role: s.role,
    status: s.status as SignupView['status'],
    waitlistPosition: s.waitlistPosition,
    checkedInAt: iso(s.checkedInAt),
    checkedInBy: s.checkedInBy as SignupView['checkedInBy'],
    checkedOutAt: iso(s.checkedOutAt),
    hours: s.hours === null ? null : Number(s.hours),
    hoursConfirmedAt: iso(s.hoursConfirmedAt),
    pointsCredited: s.pointsEntryId !== null,
  };
}
