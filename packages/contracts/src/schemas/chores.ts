import { z } from 'zod';
import { Cursor, Id, IdParam, Limit, ListTotal, Name, Text } from './common';
import { PhotoView } from './photos';

/** Kinds of chore (docs/rules.md#chores): 清洁 cleaning, 巡查 patrol, 张贴通知 notice, 政策宣传 publicity, 隐患排查 hazard, 矛盾调解 mediation, 入户走访 visit. */
export const CHORE_CATEGORIES = [
  'cleaning',
  'patrol',
  'notice',
  'publicity',
  'hazard',
  'mediation',
  'visit',
  'other',
] as const;
export const ChoreCategory = z.enum(CHORE_CATEGORIES);
export type ChoreCategory = z.infer<typeof ChoreCategory>;

export const ChoreRecurrence = z.enum(['once', 'daily', 'weekly']);
export const ChoreTaskStatus = z.enum(['open', 'claimed', 'submitted', 'rejected', 'approved']);
export const ChoreSubmissionStatus = z.enum(['pending', 'approved', 'rejected']);
export const ChorePhotoKind = z.enum(['before', 'after', 'other']);
export type ChorePhotoKind = z.infer<typeof ChorePhotoKind>;

const TemplateName = Name(40);
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'not a date',
  );

export const ChoreTemplateView = z.object({
  id: z.number(),
  streetId: z.number(),
  name: z.string(),
  category: ChoreCategory,
  points: z.number(),
  minPhotos: z.number(),
  beforeAfter: z.boolean(),
  dailyLimitPerBuilding: z.number().nullable(),
  claimTtlHours: z.number(),
  description: z.string().nullable(),
  archived: z.boolean(),
});
export type ChoreTemplateView = z.infer<typeof ChoreTemplateView>;

export const CreateChoreTemplateRequest = z
  .object({
    /** The street the template belongs to; defaults to the caller's only street. */
    streetId: Id.optional(),
    name: TemplateName,
    category: ChoreCategory,
    points: z.number().int().min(1).max(1000),
    minPhotos: z.number().int().min(0).max(9).default(1),
    beforeAfter: z.boolean().default(false),
    dailyLimitPerBuilding: z.number().int().min(1).max(100).nullable().default(null),
    claimTtlHours: z.number().int().min(1).max(720).default(48),
    description: Text(500).optional(),
  })
  .strict();
export type CreateChoreTemplateRequest = z.infer<typeof CreateChoreTemplateRequest>;

export const UpdateChoreTemplateRequest = z
  .object({
    name: TemplateName.optional(),
    category: ChoreCategory.optional(),
    points: z.number().int().min(1).max(1000).optional(),
    minPhotos: z.number().int().min(0).max(9).optional(),
    beforeAfter: z.boolean().optional(),
    dailyLimitPerBuilding: z.number().int().min(1).max(100).nullable().optional(),
    claimTtlHours: z.number().int().min(1).max(720).optional(),
    description: Text(500).nullable().optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type UpdateChoreTemplateRequest = z.infer<typeof UpdateChoreTemplateRequest>;

export const ChoreTemplateList = z.object({ items: z.array(ChoreTemplateView) });

export const ChorePublicationView = z.object({
  id: z.number(),
  templateId: z.number(),
  templateName: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  recurrence: ChoreRecurrence,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  cancelled: z.boolean(),
  tasksCreated: z.number(),
});
export type ChorePublicationView = z.infer<typeof ChorePublicationView>;

export const CreateChorePublicationRequest = z
  .object({
    templateId: Id,
    /** A community, grid, estate or building: every building under it gets the chore. */
    orgUnitId: Id,
    recurrence: ChoreRecurrence,
    startsOn: IsoDate,
    endsOn: IsoDate.optional(),
  })
  .strict();
export type CreateChorePublicationRequest = z.infer<typeof CreateChorePublicationRequest>;

export const ChorePublicationList = z.object({ items: z.array(ChorePublicationView) });

export const ChoreTaskView = z.object({
  id: z.number(),
  templateId: z.number(),
  name: z.string(),
  category: ChoreCategory,
  points: z.number(),
  minPhotos: z.number(),
  beforeAfter: z.boolean(),
  buildingId: z.number(),
  buildingName: z.string(),
  occurrence: z.string(),
  dueAt: z.string(),
  status: ChoreTaskStatus,
  claimedByMe: z.boolean(),
  claimExpiresAt: z.string().nullable(),
  /** The reviewer's reason, when the task was sent back (status rejected); null otherwise. */
  rejectReason: z.string().nullable(),
});
export type ChoreTaskView = z.infer<typeof ChoreTaskView>;

export const MyChoreTasksQuery = z
  .object({
    /** open: claimable in my buildings; claimed: taken (by anyone) and not yet reviewed; mine: held by me; all: open + mine. */
    view: z.enum(['open', 'claimed', 'mine', 'all']).default('all'),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .strict();
export const ChoreTaskPage = z.object({ items: z.array(ChoreTaskView), nextCursor: z.string().nullable() });

export const SubmitChoreRequest = z
  .object({
    photos: z
      .array(z.object({ id: Id, kind: ChorePhotoKind.default('other') }).strict())
      .max(9)
      .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'a photo is listed twice'),
    note: Text(500).optional(),
    /** When the chore was done; not in the future, not before the claim. Defaults to now. */
    doneAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type SubmitChoreRequest = z.infer<typeof SubmitChoreRequest>;

export const DuplicateFlag = z.object({
  photoId: z.number(),
  similarPhotoId: z.number(),
  submissionId: z.number(),
  taskId: z.number(),
  distance: z.number(),
});
export type DuplicateFlag = z.infer<typeof DuplicateFlag>;

export const ChoreSubmissionView = z.object({
  id: z.number(),
  taskId: z.number(),
  templateName: z.string(),
  points: z.number(),
  buildingId: z.number(),
  buildingName: z.string(),
  communityName: z.string().nullable(),
  submitterUserId: z.number(),
  submitterName: z.string(),
  note: z.string().nullable(),
  doneAt: z.string(),
  submittedAt: z.string(),
  status: ChoreSubmissionStatus,
  rejectReason: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  duplicateFlags: z.array(DuplicateFlag),
});
export type ChoreSubmissionView = z.infer<typeof ChoreSubmissionView>;

export const ChoreSubmissionDetail = ChoreSubmissionView.extend({
  photos: z.array(PhotoView.extend({ kind: ChorePhotoKind })),
  reviewerName: z.string().nullable(),
});
export type ChoreSubmissionDetail = z.infer<typeof ChoreSubmissionDetail>;

export const ChoreSubmissionPage = z.object({ items: z.array(ChoreSubmissionView), nextCursor: z.string().nullable() });

/** oldest: first come, first reviewed (the default); newest: the latest submissions first. By submission number. */
export const REVIEW_SORTS = ['oldest', 'newest'] as const;
export const ReviewSort = z.enum(REVIEW_SORTS);
export type ReviewSort = z.infer<typeof ReviewSort>;
const reviewFilters = {
  status: ChoreSubmissionStatus.default('pending'),
  communityId: IdParam.optional(),
  /** Part of the captain's, the task's or the building's name, or the captain's mobile number (blind index). */
  q: Text(40).optional(),
  sort: ReviewSort.default('oldest'),
};
export const ReviewQueueQuery = z.object({ ...reviewFilters, cursor: Cursor.optional(), limit: Limit }).strict();
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuery>;
/** What the queue shows, exported: the same filters, every page. */
export const ReviewQueueExportQuery = z.object(reviewFilters).strict();
export type ReviewQueueExportQuery = z.infer<typeof ReviewQueueExportQuery>;
export const ReviewQueuePage = z.object({
  items: z.array(ChoreSubmissionView),
  nextCursor: z.string().nullable(),
  ...ListTotal.shape,
});

export const MySubmissionsQuery = z.object({ cursor: Cursor.optional(), limit: Limit }).strict();

export const RejectChoreRequest = z.object({ reason: Text(200).pipe(z.string().min(2)) }).strict();

export const BatchReviewRequest = z
  .object({
    decision: z.enum(['approve', 'reject']),
    submissionIds: z
      .array(Id)
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, 'an id is listed twice'),
    reason: Text(200).pipe(z.string().min(2)).optional(),
  })
  .strict()
  .refine((b) => b.decision === 'approve' || b.reason !== undefined, {
    path: ['reason'],
    message: 'a reason is required to reject',
  });
export type BatchReviewRequest = z.infer<typeof BatchReviewRequest>;

export const BatchReviewResult = z.object({
  results: z.array(
    z.object({
      submissionId: z.number(),
      ok: z.boolean(),
      status: ChoreSubmissionStatus.nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  ),
});
export type BatchReviewResult = z.infer<typeof BatchReviewResult>;

export const ChoreSettingsView = z.object({ streetId: z.number(), communityMayReview: z.boolean() });
export const UpdateChoreSettingsRequest = z
  .object({ streetId: Id.optional(), communityMayReview: z.boolean() })
  .strict();

export const CaptainView = z.object({
  userId: z.number(),
  name: z.string(),
  phoneMasked: z.string(),
  /** The record's status (在岗 / 暂停); a captain without a record yet is active. */
  status: z.enum(['active', 'suspended', 'exited']),
  buildings: z.array(z.object({ id: z.number(), name: z.string() })),
  pointsBalance: z.number().nullable(),
  choresApproved: z.number(),
  choresPending: z.number(),
});
export type CaptainView = z.infer<typeof CaptainView>;
/** A captain's portrait for the boards of their buildings: a photo they uploaded (POST /photos). */
export const SetPortraitRequest = z.object({ photoId: Id }).strict();
export const PortraitView = z.object({ photo: PhotoView });

/** name: by name (code-point order), then account; newest / oldest: by account (when they joined the app). */
export const CAPTAIN_SORTS = ['name', 'newest', 'oldest'] as const;
export const CaptainSort = z.enum(CAPTAIN_SORTS);
export type CaptainSort = z.infer<typeof CaptainSort>;
const captainFilters = {
  /** A unit (a community, an estate, a building): the captains of buildings under it. */
  orgUnitId: IdParam.optional(),
  /** Exited captains hold no building, so the roll shows the active and the suspended. */
  status: z.enum(['active', 'suspended']).optional(),
  /** A mobile number (by its blind index), or part of a captain's name or of a building's name. */
  q: Text(40).optional(),
  sort: CaptainSort.default('name'),
};
export const CaptainListQuery = z.object({ ...captainFilters, cursor: Cursor.optional(), limit: Limit }).strict();
export type CaptainListQuery = z.infer<typeof CaptainListQuery>;
/** What the roll shows, exported: the same filters, every page. */
export const CaptainExportQuery = z.object(captainFilters).strict();
export type CaptainExportQuery = z.infer<typeof CaptainExportQuery>;
export const CaptainPage = z.object({
  items: z.array(CaptainView),
  nextCursor: z.string().nullable(),
  ...ListTotal.shape,
});

/** The dashboard's chores and points over a period (GET /chores/figures; the same query as report figures). */
export const ChoreFigures = z.object({
  orgUnitId: z.number().nullable(),
  from: z.string(),
  to: z.string(),
  /** Submissions made in the period. */
  submitted: z.number(),
  /** Approved and rejected in the period (by when they were reviewed). */
  approved: z.number(),
  rejected: z.number(),
  /** Points credited for the approvals in the period, and what they stand for at each street's yuan value. */
  points: z.number(),
  pointsYuan: z.number(),
  /** Per Asia/Shanghai day of the review. */
  byDay: z.array(z.object({ day: z.string(), approved: z.number(), points: z.number() })),
});
export type ChoreFigures = z.infer<typeof ChoreFigures>;
