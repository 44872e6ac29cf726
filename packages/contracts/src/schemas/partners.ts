import { z } from 'zod';
import { Id, Name, Text } from './common';
import { PhotoView } from './photos';

/**
 * Partners (docs/rules.md#partners): partner units' service agreements, livelihood projects (民生实事) that a
 * partner claims within an agreement, with milestones, progress reports with photos, residents' feedback and
 * acceptance by staff; community pairing (结对共建) with notes and visits.
 */
export const PROJECT_CATEGORIES = [
  'lighting',
  'power',
  'water',
  'elderly_care',
  'childcare',
  'medical',
  'environment',
  'safety',
  'culture',
  'other',
] as const;
export const ProjectCategory = z.enum(PROJECT_CATEGORIES);
export type ProjectCategory = z.infer<typeof ProjectCategory>;
export const PROJECT_CATEGORY_LABELS: Record<ProjectCategory, { zh: string; en: string }> = {
  lighting: { zh: '照明', en: 'Lighting' },
  power: { zh: '供电', en: 'Power' },
  water: { zh: '供水', en: 'Water' },
  elderly_care: { zh: '养老助老', en: 'Elderly care' },
  childcare: { zh: '托幼助学', en: 'Childcare' },
  medical: { zh: '医疗健康', en: 'Health' },
  environment: { zh: '环境整治', en: 'Environment' },
  safety: { zh: '安全', en: 'Safety' },
  culture: { zh: '文化', en: 'Culture' },
  other: { zh: '其他', en: 'Other' },
};

export const CreateAgreementRequest = z
  .object({
    partnerOrgId: Id,
    /** Where the partner serves: a street or community. */
    scopeOrgUnitId: Id,
    title: Name(60),
    services: Text(500).pipe(z.string().min(1)),
    beneficiaries: Text(200).pipe(z.string().min(1)),
    categories: z.array(ProjectCategory).min(1).max(PROJECT_CATEGORIES.length),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  })
  .strict();
export type CreateAgreementRequest = z.infer<typeof CreateAgreementRequest>;

export const AgreementView = z.object({
  id: z.number(),
  partnerOrgId: z.number(),
  partnerName: z.string(),
  scopeOrgUnitId: z.number(),
  scopeName: z.string(),
  title: z.string(),
  services: z.string(),
  beneficiaries: z.string(),
  categories: z.array(ProjectCategory),
  startsOn: z.string(),
  endsOn: z.string(),
  isCurrent: z.boolean(),
});
export type AgreementView = z.infer<typeof AgreementView>;
export const AgreementList = z.object({ items: z.array(AgreementView) });

export const PROJECT_STATUSES = ['published', 'claimed', 'submitted', 'accepted'] as const;
export const ProjectStatus = z.enum(PROJECT_STATUSES);

export const CreateProjectRequest = z
  .object({
    orgUnitId: Id,
    title: Name(60),
    description: Text(1000).pipe(z.string().min(1)),
    category: ProjectCategory,
    dueOn: z.iso.date().optional(),
    milestones: z
      .array(z.object({ title: Name(60), dueOn: z.iso.date().optional() }).strict())
      .max(20)
      .default([]),
  })
  .strict();
export type CreateProjectRequest = z.infer<typeof CreateProjectRequest>;

export const MilestoneView = z.object({
  id: z.number(),
  title: z.string(),
  dueOn: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export const ProgressView = z.object({
  id: z.number(),
  authorName: z.string(),
  milestoneId: z.number().nullable(),
  body: z.string(),
  percent: z.number(),
  photos: z.array(PhotoView),
  createdAt: z.string(),
});
export const FeedbackView = z.object({
  id: z.number(),
  userName: z.string(),
  rating: z.number(),
  comment: z.string().nullable(),
  createdAt: z.string(),
});

export const ProjectView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  title: z.string(),
  description: z.string(),
  category: ProjectCategory,
  dueOn: z.string().nullable(),
  status: ProjectStatus,
  partnerOrgId: z.number().nullable(),
  partnerName: z.string().nullable(),
  agreementId: z.number().nullable(),
  claimedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  acceptanceNote: z.string().nullable(),
  percent: z.number(),
  averageRating: z.number().nullable(),
  createdAt: z.string(),
});
export type ProjectView = z.infer<typeof ProjectView>;
export const ProjectDetail = ProjectView.extend({
  milestones: z.array(MilestoneView),
  progress: z.array(ProgressView),
  feedback: z.array(FeedbackView),
  canClaim: z.boolean(),
  canReport: z.boolean(),
  canAccept: z.boolean(),
  canGiveFeedback: z.boolean(),
});
export type ProjectDetail = z.infer<typeof ProjectDetail>;
export const ProjectList = z.object({ items: z.array(ProjectView) });
export const ProjectListQuery = z.object({ status: ProjectStatus.optional() }).strict();

export const ClaimProjectRequest = z.object({ agreementId: Id.optional() }).strict();
export const AddMilestoneRequest = z.object({ title: Name(60), dueOn: z.iso.date().optional() }).strict();
export const ProgressRequest = z
  .object({
    body: Text(1000).pipe(z.string().min(1)),
    percent: z.number().int().min(0).max(100),
    photoIds: z.array(Id).max(9).default([]),
    milestoneId: Id.optional(),
  })
  .strict();
export type ProgressRequest = z.infer<typeof ProgressRequest>;
export const FeedbackRequest = z
  .object({ rating: z.number().int().min(1).max(5), comment: Text(500).optional() })
  .strict();
export const AcceptProjectRequest = z.object({ note: Text(500).optional() }).strict();

/** What a partner account sees first: its units, agreements, claimed projects and projects open to claim. */
export const PartnerConsole = z.object({
  partners: z.array(z.object({ id: z.number(), name: z.string() })),
  agreements: z.array(AgreementView),
  projects: z.array(ProjectView),
  claimable: z.array(ProjectView),
});

export const CreatePairRequest = z
  .object({
    mentorCommunityId: Id,
    partnerCommunityId: Id,
    goals: Text(1000).pipe(z.string().min(1)),
    secondedName: Name(20).optional(),
    secondedRole: Text(40).optional(),
    startsOn: z.iso.date(),
  })
  .strict();
export type CreatePairRequest = z.infer<typeof CreatePairRequest>;
export const PairNoteView = z.object({
  id: z.number(),
  kind: z.enum(['note', 'visit']),
  body: z.string(),
  happenedOn: z.string(),
  authorName: z.string(),
  createdAt: z.string(),
});
export const PairView = z.object({
  id: z.number(),
  mentorCommunityId: z.number(),
  mentorName: z.string(),
  partnerCommunityId: z.number(),
  partnerName: z.string(),
  goals: z.string(),
  secondedName: z.string().nullable(),
  secondedRole: z.string().nullable(),
  startsOn: z.string(),
  notes: z.array(PairNoteView),
});
export type PairView = z.infer<typeof PairView>;
export const PairList = z.object({ items: z.array(PairView) });
export const PairNoteRequest = z
  .object({ kind: z.enum(['note', 'visit']), body: Text(1000).pipe(z.string().min(1)), happenedOn: z.iso.date() })
  .strict();
