import { z } from 'zod';
import { Cursor, Id, IdParam, Limit, ListTotal, Name, Text } from './common';

/**
 * Volunteering (docs/rules.md#volunteering): volunteers (party members register at their home community: 双报到),
 * teams by speciality, activities with sign-up and a waiting list, check-in by the venue's QR code or by the
 * organiser, hours confirmed by the organiser, optional points through the ledger, and figures.
 */
export const TEAM_SPECIALITIES = [
  'mediation',
  'seniors',
  'tutoring',
  'medical',
  'fire_safety',
  'environment',
  'culture',
  'other',
] as const;
export const TeamSpeciality = z.enum(TEAM_SPECIALITIES);
export type TeamSpeciality = z.infer<typeof TeamSpeciality>;
export const TEAM_SPECIALITY_LABELS: Record<TeamSpeciality, { zh: string; en: string }> = {
  mediation: { zh: '调解（和事佬）', en: 'Mediation' },
  seniors: { zh: '金晖助老', en: 'Seniors' },
  tutoring: { zh: '课业辅导', en: 'Tutoring' },
  medical: { zh: '医疗义诊', en: 'Medical' },
  fire_safety: { zh: '消防安全', en: 'Fire safety' },
  environment: { zh: '环境卫生', en: 'Environment' },
  culture: { zh: '文体宣传', en: 'Culture' },
  other: { zh: '其他', en: 'Other' },
};

export const ACTIVITY_KINDS = [
  'market',
  'after_school',
  'clinic',
  'fire_drill',
  'meal_delivery',
  'mediation',
  'cleanup',
  'other',
] as const;
export const ActivityKind = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof ActivityKind>;
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, { zh: string; en: string }> = {
  market: { zh: '公益市集', en: 'Charity market' },
  after_school: { zh: '四点半课堂', en: 'After-school class' },
  clinic: { zh: '义诊', en: 'Free clinic' },
  fire_drill: { zh: '消防演练', en: 'Fire drill' },
  meal_delivery: { zh: '青邻食堂送餐', en: 'Meal delivery' },
  mediation: { zh: '矛盾调解', en: 'Mediation' },
  cleanup: { zh: '环境整治', en: 'Clean-up' },
  other: { zh: '其他', en: 'Other' },
};

/** Check-in opens this long before an activity starts; check-out stays open this long after it ends. */
export const CHECKIN_OPENS_MINUTES = 30;
export const CHECKOUT_GRACE_MINUTES = 120;

export const RegisterVolunteerRequest = z
  .object({
    /** The community served; for a party member, their home community (双报到). */
    communityId: Id,
    skills: z.array(Name(20)).max(10).default([]),
    availability: Text(200).optional(),
    isPartyMember: z.boolean().default(false),
    /** A cadre's employer unit, to which the service also counts. */
    employerUnit: Text(60).optional(),
  })
  .strict();
export type RegisterVolunteerRequest = z.infer<typeof RegisterVolunteerRequest>;

export const VolunteerView = z.object({
  id: z.number(),
  userId: z.number(),
  name: z.string(),
  communityId: z.number(),
  communityName: z.string(),
  skills: z.array(z.string()),
  availability: z.string().nullable(),
  isPartyMember: z.boolean(),
  employerUnit: z.string().nullable(),
  hours: z.number(),
  createdAt: z.string(),
});
export type VolunteerView = z.infer<typeof VolunteerView>;
export const VolunteerList = z.object({ items: z.array(VolunteerView) });

export const VolunteerCommunities = z.object({
  items: z.array(z.object({ id: z.number(), name: z.string(), streetName: z.string() })),
});

export const CreateTeamRequest = z
  .object({
    orgUnitId: Id,
    name: Name(40),
    speciality: TeamSpeciality,
    leaderVolunteerId: Id.optional(),
  })
  .strict();
export type CreateTeamRequest = z.infer<typeof CreateTeamRequest>;

export const TeamView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  name: z.string(),
  speciality: TeamSpeciality,
  leader: z.object({ volunteerId: z.number(), name: z.string() }).nullable(),
  memberCount: z.number(),
  members: z.array(z.object({ volunteerId: z.number(), name: z.string(), skills: z.array(z.string()) })).optional(),
});
export type TeamView = z.infer<typeof TeamView>;
export const TeamList = z.object({ items: z.array(TeamView) });
export const AddTeamMemberRequest = z.object({ volunteerId: Id }).strict();

export const CreateActivityRequest = z
  .object({
    /** The community or street publishing it. */
    orgUnitId: Id,
    /** Published by one of its teams (the team's leader or staff) … */
    teamId: Id.optional(),
    /** … or by a partner unit (its account). */
    partnerOrgId: Id.optional(),
    kind: ActivityKind,
    title: Name(60),
    place: Name(80),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    capacity: z.number().int().min(1).max(1000),
    roles: z.array(Name(20)).max(10).default([]),
    /** Points per confirmed attendance, through the ledger; 0 for none. */
    points: z.number().int().min(0).max(200).default(0),
    description: Text(1000).optional(),
  })
  .strict();
export type CreateActivityRequest = z.infer<typeof CreateActivityRequest>;

/** Changes to an activity before it starts; the capacity never below the confirmed sign-ups. */
export const UpdateActivityRequest = z
  .object({
    title: Name(60).optional(),
    place: Name(80).optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    capacity: z.number().int().min(1).max(1000).optional(),
    description: Text(1000).optional(),
  })
  .strict();
export type UpdateActivityRequest = z.infer<typeof UpdateActivityRequest>;

/** Cancelling an activity: the reason goes to everyone signed up. */
export const CancelActivityRequest = z.object({ reason: Text(200).pipe(z.string().min(1)) }).strict();

export const SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export const SignupStatus = z.enum(SIGNUP_STATUSES);

export const SignupView = z.object({
  id: z.number(),
  activityId: z.number(),
  volunteerId: z.number(),
  volunteerName: z.string(),
  role: z.string().nullable(),
  status: SignupStatus,
  /** 1 for the first on the waiting list; null when not waiting. */
  waitlistPosition: z.number().nullable(),
  checkedInAt: z.string().nullable(),
  checkedInBy: z.enum(['qr', 'organiser']).nullable(),
  checkedOutAt: z.string().nullable(),
  hours: z.number().nullable(),
  hoursConfirmedAt: z.string().nullable(),
  pointsCredited: z.boolean(),
});
export type SignupView = z.infer<typeof SignupView>;
/** A sign-up as the console's 报名/签到 list shows it: the volunteer's mobile number masked. */
export const SignupRowView = SignupView.extend({ phoneMasked: z.string() });
export type SignupRowView = z.infer<typeof SignupRowView>;
/**
 * signup: the confirmed first, then the waiting list, each in sign-up order; name: by the volunteer's name
 * (code-point order), then sign-up; hours: most confirmed hours first (none counts as 0), then sign-up.
 */
export const SIGNUP_SORTS = ['signup', 'name', 'hours'] as const;
export const SignupSort = z.enum(SIGNUP_SORTS);
export type SignupSort = z.infer<typeof SignupSort>;
/** checkedIn: checked in; absent: confirmed, not checked in; hoursConfirmed: hours confirmed. */
export const SIGNUP_ATTENDANCES = ['checkedIn', 'absent', 'hoursConfirmed'] as const;
const signupFilters = {
  /** Live sign-ups by default; `cancelled` lists the cancelled ones. */
  status: SignupStatus.optional(),
  attendance: z.enum(SIGNUP_ATTENDANCES).optional(),
  /** A mobile number (by its blind index), or part of the volunteer's name. */
  q: Text(40).optional(),
  sort: SignupSort.default('signup'),
};
export const SignupListQuery = z.object({ ...signupFilters, cursor: Cursor.optional(), limit: Limit }).strict();
export type SignupListQuery = z.infer<typeof SignupListQuery>;
export const SignupExportQuery = z.object(signupFilters).strict();
export type SignupExportQuery = z.infer<typeof SignupExportQuery>;
export const SignupPage = z.object({
  items: z.array(SignupRowView),
  nextCursor: z.string().nullable(),
  ...ListTotal.shape,
});

export const ActivityView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  teamId: z.number().nullable(),
  teamName: z.string().nullable(),
  partnerOrgId: z.number().nullable(),
  partnerName: z.string().nullable(),
  kind: ActivityKind,
  title: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  roles: z.array(z.string()),
  points: z.number(),
  description: z.string().nullable(),
  status: z.enum(['published', 'cancelled']),
  confirmed: z.number(),
  waitlisted: z.number(),
  servedCount: z.number().nullable(),
  mySignup: SignupView.nullable(),
  canManage: z.boolean(),
});
export type ActivityView = z.infer<typeof ActivityView>;
/**
 * latest: latest start first; soonest: earliest start first; title: by title (code-point order). The id breaks
 * ties in each.
 */
export const ACTIVITY_SORTS = ['latest', 'soonest', 'title'] as const;
export const ActivitySort = z.enum(ACTIVITY_SORTS);
export type ActivitySort = z.infer<typeof ActivitySort>;
/** upcoming: not started; ongoing: started, not ended; open: not ended (either); ended: over. */
export const ACTIVITY_PERIODS = ['upcoming', 'ongoing', 'open', 'ended'] as const;
export type ActivityPeriod = (typeof ACTIVITY_PERIODS)[number];
const activityFilters = {
  status: z.enum(['published', 'cancelled']).optional(),
  period: z.enum(ACTIVITY_PERIODS).optional(),
  /** A unit in the caller's jurisdiction (a street, a community): the activities published under it. */
  orgUnitId: IdParam.optional(),
  /** Part of the title, the place, or the organiser's name (unit, team or partner). */
  q: Text(40).optional(),
  sort: ActivitySort.default('latest'),
};
export const ActivityListQuery = z.object({ ...activityFilters, cursor: Cursor.optional(), limit: Limit }).strict();
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;
export const ActivityExportQuery = z.object(activityFilters).strict();
export type ActivityExportQuery = z.infer<typeof ActivityExportQuery>;
export const ActivityList = z.object({
  items: z.array(ActivityView),
  nextCursor: z.string().nullable(),
  ...ListTotal.shape,
});

export const SignUpRequest = z.object({ role: Name(20).optional() }).strict();
export const CheckinToken = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
export const CheckinRequest = z.object({ token: CheckinToken, action: z.enum(['in', 'out']) }).strict();
export const CheckinQuery = z.object({ token: CheckinToken }).strict();
export const CheckinQr = z.object({ activityId: z.number(), token: z.string(), url: z.string() });
export const MarkAttendanceRequest = z.object({ checkedOut: z.boolean().default(false) }).strict();
export const ConfirmHoursRequest = z.object({ hours: z.number().min(0).max(24).multipleOf(0.01).optional() }).strict();
export const ServedRequest = z.object({ servedCount: z.number().int().min(0).max(100000) }).strict();

export const MyVolunteering = z.object({
  volunteer: VolunteerView.nullable(),
  confirmedHours: z.number(),
  sessions: z.number(),
  points: z.number(),
  signups: z.array(SignupView.extend({ activityTitle: z.string(), startsAt: z.string(), endsAt: z.string() })),
});
export type MyVolunteering = z.infer<typeof MyVolunteering>;

export const VolunteerFiguresQuery = z.object({ orgUnitId: IdParam }).strict();
export const VolunteerFigures = z.object({
  orgUnitId: z.number(),
  /** Activities held (ended, not cancelled). */
  sessions: z.number(),
  /** People served, as the organisers recorded. */
  peopleServed: z.number(),
  /** Confirmed service hours. */
  volunteerHours: z.number(),
  volunteers: z.number(),
  residents: z.number(),
  /** volunteers / residents, 0–1 (0 without residents). */
  volunteerShare: z.number(),
  teams: z.number(),
});
export type VolunteerFigures = z.infer<typeof VolunteerFigures>;

/** A party to a mediation (和事佬 records): personal data, encrypted at rest and shown masked. */
export const DiaryParty = z
  .object({
    name: Name(20),
    phone: z
      .string()
      .regex(/^1[3-9]\d{9}$/)
      .optional(),
    role: Text(20).optional(),
  })
  .strict();
export const CreateDiaryRequest = z
  .object({
    teamId: Id.optional(),
    kind: z.enum(['mediation', 'service']),
    title: Name(60),
    body: Text(2000).pipe(z.string().min(1)),
    occurredOn: z.iso.date(),
    photoIds: z.array(Id).max(9).default([]),
    parties: z.array(DiaryParty).max(6).default([]),
  })
  .strict();
export type CreateDiaryRequest = z.infer<typeof CreateDiaryRequest>;
export const DiaryEntryView = z.object({
  id: z.number(),
  volunteerName: z.string(),
  teamId: z.number().nullable(),
  teamName: z.string().nullable(),
  kind: z.enum(['mediation', 'service']),
  title: z.string(),
  body: z.string(),
  occurredOn: z.string(),
  photoIds: z.array(z.number()),
  /** Parties masked (曾*香, 138****5678); the full record only through an audited reveal. */
  parties: z.array(z.object({ name: z.string(), phone: z.string().nullable(), role: z.string().nullable() })),
  createdAt: z.string(),
});
export type DiaryEntryView = z.infer<typeof DiaryEntryView>;
export const DiaryList = z.object({ items: z.array(DiaryEntryView) });
export const DiaryRevealRequest = z.object({ purpose: Text(100).pipe(z.string().min(2)) }).strict();
export const DiaryParties = z.object({
  parties: z.array(z.object({ name: z.string(), phone: z.string().nullable(), role: z.string().nullable() })),
});
