import { z } from 'zod';
import { MobilePhone } from './auth';
import { Id, IdParam, Name, Text } from './common';

/** Profile tags the articles use for captains. */
export const CAPTAIN_TAGS = ['党员', '退役军人', '离退休干部', '年轻居民', '机关干部'] as const;
export const CaptainTag = z.enum(CAPTAIN_TAGS);
/** The 五大员 duties. */
export const CAPTAIN_DUTIES = [
  '政策法规宣讲员',
  '社区工作参议员',
  '社情民意收集员',
  '矛盾纠纷调解员',
  '小区物业协管员',
] as const;
export const CaptainDuty = z.enum(CAPTAIN_DUTIES);
export const CAPTAIN_STATUSES = ['active', 'suspended', 'exited'] as const;
export const CaptainStatus = z.enum(CAPTAIN_STATUSES);
export type CaptainStatus = z.infer<typeof CaptainStatus>;

/** Limits the console's forms read. */
export const CAPTAIN_LIMITS = {
  employerUnit: 60,
  reason: 200,
  title: 60,
  area: 100,
  requirements: 1000,
  statement: 500,
} as const;

export const CaptainUserParams = z.object({ userId: IdParam }).strict();

export const CaptainEventView = z.object({
  id: z.number(),
  kind: z.enum(['created', 'profile', 'status', 'bind', 'unbind']),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

export const CaptainRecordView = z.object({
  userId: z.number(),
  name: z.string(),
  phoneMasked: z.string(),
  streetId: z.number(),
  tags: z.array(CaptainTag),
  employerUnit: z.string().nullable(),
  duties: z.array(CaptainDuty),
  status: CaptainStatus,
  statusReason: z.string().nullable(),
  statusAt: z.string(),
  exitedAt: z.string().nullable(),
  /** When an exited captain's points expire (exit + the street's period); null unless exited. */
  redeemableUntil: z.string().nullable(),
  buildings: z.array(z.object({ id: z.number(), name: z.string() })),
  version: z.number(),
  history: z.array(CaptainEventView),
});
export type CaptainRecordView = z.infer<typeof CaptainRecordView>;

export const UpdateCaptainProfileRequest = z
  .object({
    tags: z.array(CaptainTag).max(CAPTAIN_TAGS.length).optional(),
    employerUnit: Text(CAPTAIN_LIMITS.employerUnit).nullable().optional(),
    duties: z.array(CaptainDuty).max(CAPTAIN_DUTIES.length).optional(),
    version: z.number().int().positive(),
  })
  .strict();
export type UpdateCaptainProfileRequest = z.infer<typeof UpdateCaptainProfileRequest>;

export const ChangeCaptainStatusRequest = z
  .object({
    status: CaptainStatus,
    reason: Name(CAPTAIN_LIMITS.reason),
    version: z.number().int().positive(),
  })
  .strict();

// Recruitment (招募)
export const APPLICATION_STATUSES = [
  'awaiting_consent',
  'applied',
  'vetted',
  'chosen',
  'registered',
  'rejected',
] as const;
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);

export const CreateDriveRequest = z
  .object({
    orgUnitId: Id,
    title: Name(CAPTAIN_LIMITS.title),
    area: Text(CAPTAIN_LIMITS.area).optional(),
    buildingIds: z.array(Id).max(500).default([]),
    requirements: Name(CAPTAIN_LIMITS.requirements),
    places: z.number().int().min(1).max(10000),
    deadline: z.iso.date(),
  })
  .strict();
export type CreateDriveRequest = z.infer<typeof CreateDriveRequest>;

export const DriveCounts = z.object({
  applied: z.number(),
  vetted: z.number(),
  chosen: z.number(),
  registered: z.number(),
});

export const DriveView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  title: z.string(),
  area: z.string().nullable(),
  buildings: z.array(z.object({ id: z.number(), name: z.string() })),
  requirements: z.string(),
  places: z.number(),
  deadline: z.string(),
  isOpen: z.boolean(),
  counts: DriveCounts,
  createdAt: z.string(),
});
export type DriveView = z.infer<typeof DriveView>;
export const DriveList = z.object({ items: z.array(DriveView) });
/** The public page lists the open drives under a street or community (its QR code or link names it). */
export const PublicDrivesQuery = z.object({ orgUnitId: IdParam.optional() }).strict();

export const ApplyRequest = z
  .object({
    statement: Name(CAPTAIN_LIMITS.statement),
    buildingId: Id.optional(),
    name: Name(40).optional(),
  })
  .strict();
export const NominateRequest = z
  .object({
    name: Name(40),
    phone: MobilePhone,
    statement: Name(CAPTAIN_LIMITS.statement),
    buildingId: Id.optional(),
  })
  .strict();

export const ApplicationView = z.object({
  id: z.number(),
  driveId: z.number(),
  driveTitle: z.string(),
  kind: z.enum(['self', 'nominated']),
  name: z.string(),
  phoneMasked: z.string(),
  applicantUserId: z.number().nullable(),
  nominatorName: z.string().nullable(),
  statement: z.string(),
  buildingId: z.number().nullable(),
  status: ApplicationStatus,
  vetNote: z.string().nullable(),
  interviewedOn: z.string().nullable(),
  score: z.number().nullable(),
  createdAt: z.string(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;
export const ApplicationList = z.object({ items: z.array(ApplicationView), counts: DriveCounts });

export const VetRequest = z
  .object({
    vetNote: Text(500).optional(),
    interviewedOn: z.iso.date().optional(),
    score: z.number().int().min(0).max(100),
  })
  .strict();
export const ChooseRequest = z.object({ applicationIds: z.array(Id).min(1).max(1000) }).strict();
export const RejectApplicationRequest = z.object({ reason: Name(200) }).strict();
export const RegisterApplicantRequest = z.object({ buildingIds: z.array(Id).min(1).max(50) }).strict();
export const DriveApplicationParams = z.object({ id: IdParam, applicationId: IdParam }).strict();

// Coverage (覆盖)
export const CoverageQuery = z.object({ orgUnitId: IdParam.optional() }).strict();
export const UncoveredBuilding = z.object({
  id: z.number(),
  name: z.string(),
  communityId: z.number().nullable(),
  communityName: z.string().nullable(),
  estateName: z.string().nullable(),
  isOpen: z.boolean(),
  households: z.number(),
});
export const CoverageFigure = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['street', 'community']),
  buildings: z.number(),
  covered: z.number(),
  households: z.number(),
  coveredHouseholds: z.number(),
  activeCaptains: z.number(),
  /** Households per active captain (null when there is none). */
  householdsPerCaptain: z.number().nullable(),
  /** Share of buildings with an active captain, 0–1. */
  coverage: z.number(),
});
export const CoverageView = z.object({
  uncovered: z.array(UncoveredBuilding),
  figures: z.array(CoverageFigure),
});
export type CoverageView = z.infer<typeof CoverageView>;

// Settings
export const CaptainSettingsView = z.object({
  streetId: z.number(),
  starQuotaPercent: z.number(),
  beautyQuotaPercent: z.number(),
  minActivity: z.number(),
  ratingPriorWeight: z.number(),
  pointsPerStar: z.number(),
  exitRedeemDays: z.number(),
});
export const UpdateCaptainSettingsRequest = z
  .object({
    streetId: Id,
    starQuotaPercent: z.number().int().min(-1000).max(1000).optional(),
    beautyQuotaPercent: z.number().int().min(-1000).max(1000).optional(),
    minActivity: z.number().int().min(0).max(10000).optional(),
    ratingPriorWeight: z.number().int().min(0).max(10000).optional(),
    pointsPerStar: z.number().int().min(0).max(1000).optional(),
    exitRedeemDays: z.number().int().min(0).max(3650).optional(),
  })
  .strict();
export const CaptainSettingsQuery = z.object({ streetId: IdParam }).strict();

// Honours (星级楼长 / 最美楼长)
export const HONOUR_KINDS = ['star', 'beauty'] as const;
export const HonourKind = z.enum(HONOUR_KINDS);
export type HonourKind = z.infer<typeof HonourKind>;
export const HONOUR_LABELS: Record<HonourKind, { zh: string; en: string }> = {
  star: { zh: '星级楼长', en: 'Star captain' },
  beauty: { zh: '最美楼长', en: 'Most beautiful captain' },
};
/** `2026-Q3` for a quarter (星级楼长), `2026` for a year (最美楼长). */
export const HonourPeriod = z.string().regex(/^(20[0-9]{2})(-Q[1-4])?$/, 'a quarter 2026-Q3 or a year 2026');

export const CreateHonourRoundRequest = z
  .object({
    streetId: Id,
    kind: HonourKind,
    period: HonourPeriod,
    bonusPoints: z.number().int().min(0).max(10000).default(0),
  })
  .strict();
export const AddMeritRequest = z
  .object({
    userId: Id,
    points: z
      .number()
      .int()
      .min(-100)
      .max(100)
      .refine((n) => n !== 0, 'not 0'),
    reason: Name(200),
    awardedOn: z.iso.date(),
  })
  .strict();

export const HonourScoreView = z.object({
  userId: z.number(),
  name: z.string(),
  chorePoints: z.number(),
  choresApproved: z.number(),
  ratings: z.number(),
  ratingMean: z.number().nullable(),
  shrunkRating: z.number().nullable(),
  satisfaction: z.number(),
  merit: z.number(),
  total: z.number(),
  /** Null for a captain below the round's stored top (breakdown worked from the tallies; not honoured). */
  rank: z.number().nullable(),
  isHonoured: z.boolean(),
});
export const HonourRoundView = z.object({
  id: z.number(),
  streetId: z.number(),
  kind: HonourKind,
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(['draft', 'reviewed', 'published']),
  quotaPercent: z.number(),
  eligible: z.number(),
  quota: z.number(),
  honoured: z.number(),
  streetMeanRating: z.number().nullable(),
  /** The lowest honoured total (null: nobody honoured, or a round drafted before it was kept). */
  cutoffTotal: z.number().nullable(),
  bonusPoints: z.number(),
  draftedAt: z.string(),
  reviewedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  scores: z.array(HonourScoreView),
});
export type HonourRoundView = z.infer<typeof HonourRoundView>;
export const HonourRoundList = z.object({
  items: z.array(HonourRoundView.omit({ scores: true })),
});
export const HonourRoundsQuery = z.object({ streetId: IdParam.optional() }).strict();
export const CertificateParams = z.object({ id: IdParam, userId: IdParam }).strict();

export const MyHonour = z.object({
  roundId: z.number(),
  kind: HonourKind,
  period: z.string(),
  status: z.enum(['draft', 'reviewed', 'published']),
  score: HonourScoreView,
  quota: z.number(),
  eligible: z.number(),
  streetMeanRating: z.number().nullable(),
  cutoffTotal: z.number().nullable(),
  verifyUrl: z.string().nullable(),
});
export const MyHonours = z.object({ items: z.array(MyHonour) });

export const HonourVerifyParams = z.object({ token: z.string().regex(/^[a-f0-9]{32}$/) }).strict();
export const HonourVerifyView = z.object({
  valid: z.literal(true),
  name: z.string(),
  kind: HonourKind,
  title: z.string(),
  period: z.string(),
  streetName: z.string(),
  publishedAt: z.string(),
});

export const ExpiryRunResult = z.object({ expired: z.number(), points: z.number() });

export type DriveList = z.infer<typeof DriveList>;
export type ApplicationList = z.infer<typeof ApplicationList>;
export type MyHonours = z.infer<typeof MyHonours>;
export type HonourVerifyView = z.infer<typeof HonourVerifyView>;
export type HonourRoundList = z.infer<typeof HonourRoundList>;
export type HonourScoreView = z.infer<typeof HonourScoreView>;
export type CaptainSettingsView = z.infer<typeof CaptainSettingsView>;
export type UncoveredBuilding = z.infer<typeof UncoveredBuilding>;
export type CoverageFigure = z.infer<typeof CoverageFigure>;

/** The cadres' work export: captains under a unit (default the caller's jurisdiction), days inclusive (Asia/Shanghai). */
export const CaptainWorkExportQuery = z
  .object({ orgUnitId: IdParam.optional(), from: z.iso.date(), to: z.iso.date() })
  .strict();

// Training, meetings and mentoring (培训、座谈会、老带新)
export const SESSION_TOPICS = ['消防', '急救', '调解', '政策', '反诈', '座谈会', '其他'] as const;
export const CreateSessionRequest = z
  .object({
    orgUnitId: Id,
    kind: z.enum(['training', 'meeting']),
    topic: z.enum(SESSION_TOPICS),
    title: Name(60),
    heldOn: z.iso.date(),
    hours: z.number().positive().max(100).multipleOf(0.5),
    certifies: z.boolean().default(false),
  })
  .strict();
export const SessionView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  kind: z.enum(['training', 'meeting']),
  topic: z.string(),
  title: z.string(),
  heldOn: z.string(),
  hours: z.number(),
  certifies: z.boolean(),
  attendees: z.number(),
});
export type SessionView = z.infer<typeof SessionView>;
export const SessionList = z.object({ items: z.array(SessionView) });
export type SessionList = z.infer<typeof SessionList>;
export const AttendanceRequest = z.object({ userIds: z.array(Id).min(1).max(500) }).strict();
export const MyTraining = z.object({
  items: z.array(SessionView.extend({ certificateNo: z.string().nullable() })),
  trainingHours: z.number(),
  meetings: z.number(),
  mentor: z.object({ name: z.string(), startedOn: z.string(), notes: z.string() }).nullable(),
});
export type MyTraining = z.infer<typeof MyTraining>;
export const CreateMentorshipRequest = z
  .object({ mentorUserId: Id, menteeUserId: Id, notes: Name(500), startedOn: z.iso.date() })
  .strict();
export const MentorshipView = z.object({
  id: z.number(),
  mentorUserId: z.number(),
  mentorName: z.string(),
  menteeUserId: z.number(),
  menteeName: z.string(),
  notes: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
});
export const MentorshipList = z.object({ items: z.array(MentorshipView) });
export type MentorshipList = z.infer<typeof MentorshipList>;
