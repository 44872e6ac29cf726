import { z } from 'zod';
import { Id, IdParam, Name, Text } from './common';
import { PhotoView } from './photos';

/**
 * Campaigns (专项整治, docs/rules.md#campaigns): a scope and a period, the problem types it tackles, a lead
 * department and member departments; patrols log problem sites, each site is assigned (a department
 * accepts it first: 报到), then cleared with an "after" photo or marked not clearable with a reason.
 */
export const CAMPAIGN_PROBLEM_TYPES = [
  'clutter',
  'abandoned_vehicle',
  'street_stall',
  'vegetable_plot',
  'fire_equipment',
  'illegal_structure',
  'flying_wire',
] as const;
export const CampaignProblemType = z.enum(CAMPAIGN_PROBLEM_TYPES);
export type CampaignProblemType = z.infer<typeof CampaignProblemType>;
export const CAMPAIGN_PROBLEM_LABELS: Record<CampaignProblemType, { zh: string; en: string }> = {
  clutter: { zh: '乱堆乱放', en: 'Clutter' },
  abandoned_vehicle: { zh: '僵尸车', en: 'Abandoned vehicles' },
  street_stall: { zh: '占道经营', en: 'Street stalls' },
  vegetable_plot: { zh: '毁绿种菜', en: 'Vegetable plots on green space' },
  fire_equipment: { zh: '消防设施损坏', en: 'Damaged fire equipment' },
  illegal_structure: { zh: '私搭乱建', en: 'Illegal structures' },
  flying_wire: { zh: '飞线充电', en: 'Flying-wire charging' },
};

/** open → assigned (to a department, awaiting 报到) → accepted → cleared | not_clearable; a person assigned is accepted at once. */
export const SITE_STATUSES = ['open', 'assigned', 'accepted', 'cleared', 'not_clearable'] as const;
export const SiteStatus = z.enum(SITE_STATUSES);
export type SiteStatus = z.infer<typeof SiteStatus>;

export const CreateCampaignRequest = z
  .object({
    scopeOrgUnitId: Id,
    title: Name(60),
    /** Asia/Shanghai days, YYYY-MM-DD; the campaign runs from the first to the last, both included. */
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    problemTypes: z.array(CampaignProblemType).min(1).max(CAMPAIGN_PROBLEM_TYPES.length),
    leadDepartmentId: Id,
    memberDepartmentIds: z.array(Id).max(20).default([]),
    note: Text(1000).optional(),
  })
  .strict();
export type CreateCampaignRequest = z.infer<typeof CreateCampaignRequest>;

export const CampaignDepartmentView = z.object({ id: z.number(), name: z.string(), isLead: z.boolean() });

/** Sites of one problem type (or at one place): logged, cleared, not clearable, still open. */
export const CampaignTally = z.object({
  logged: z.number(),
  cleared: z.number(),
  notClearable: z.number(),
  open: z.number(),
  reappeared: z.number(),
});
export type CampaignTally = z.infer<typeof CampaignTally>;

export const CampaignView = z.object({
  id: z.number(),
  title: z.string(),
  scopeOrgUnitId: z.number(),
  scopeName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  problemTypes: z.array(CampaignProblemType),
  departments: z.array(CampaignDepartmentView),
  note: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  totals: CampaignTally,
});
export type CampaignView = z.infer<typeof CampaignView>;
export const CampaignList = z.object({ items: z.array(CampaignView) });

export const CampaignProgress = z.object({
  campaignId: z.number(),
  totals: CampaignTally,
  byType: z.array(CampaignTally.extend({ type: CampaignProblemType })),
  byPlace: z.array(CampaignTally.extend({ placeOrgUnitId: z.number(), placeName: z.string() })),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

export const LogSiteRequest = z
  .object({
    problemType: CampaignProblemType,
    /** A building or a `place` org unit (lane, square, market) in the campaign's scope. */
    placeOrgUnitId: Id,
    /** Where exactly: 3号楼东侧, 停车场入口 … */
    placeText: Text(100).optional(),
    photoId: Id,
    note: Text(500).optional(),
  })
  .strict();
export type LogSiteRequest = z.infer<typeof LogSiteRequest>;

/** Exactly one: a department of the campaign (which must accept, 报到) or a person working over the site. */
export const AssignSiteRequest = z
  .object({ departmentId: Id.optional(), userId: Id.optional() })
  .strict()
  .refine((v) => (v.departmentId === undefined) !== (v.userId === undefined), {
    message: 'give exactly one of departmentId and userId',
    path: ['departmentId'],
  });
export type AssignSiteRequest = z.infer<typeof AssignSiteRequest>;

export const ClearSiteRequest = z.object({ afterPhotoId: Id.optional(), note: Text(500).optional() }).strict();
export type ClearSiteRequest = z.infer<typeof ClearSiteRequest>;

export const NotClearableRequest = z.object({ reason: Text(500).pipe(z.string().min(2)) }).strict();

export const SiteView = z.object({
  id: z.number(),
  campaignId: z.number(),
  campaignTitle: z.string(),
  problemType: CampaignProblemType,
  placeOrgUnitId: z.number(),
  placeName: z.string(),
  placeText: z.string().nullable(),
  note: z.string().nullable(),
  status: SiteStatus,
  photo: PhotoView.nullable(),
  afterPhoto: PhotoView.nullable(),
  loggedByName: z.string(),
  loggedAt: z.string(),
  assignedDepartmentId: z.number().nullable(),
  assignedDepartmentName: z.string().nullable(),
  assignedUserId: z.number().nullable(),
  assignedUserName: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  /** The earlier site at the same place with the same type, cleared before this one was logged (反弹). */
  reappearedOfId: z.number().nullable(),
  /** What the caller may do now. */
  can: z.object({ assign: z.boolean(), accept: z.boolean(), clear: z.boolean() }),
});
export type SiteView = z.infer<typeof SiteView>;
export const SiteList = z.object({ items: z.array(SiteView) });

export const SiteListQuery = z
  .object({ status: SiteStatus.optional(), problemType: CampaignProblemType.optional() })
  .strict();
export const CampaignSiteParams = z.object({ id: IdParam }).strict();

/** People a site can be assigned to: grid workers, community staff and captains over it. */
export const SiteAssignee = z.object({ userId: z.number(), name: z.string(), role: z.string() });
export const SiteAssignees = z.object({
  departments: z.array(CampaignDepartmentView),
  people: z.array(SiteAssignee),
});

/** Buildings and places of a campaign's scope where a patrol may log a site, their own patch first. */
export const CampaignPlacesQuery = z.object({ q: Text(40).optional() }).strict();
export const CampaignPlace = z.object({ id: z.number(), name: z.string(), kind: z.enum(['building', 'place']) });
export const CampaignPlaces = z.object({ items: z.array(CampaignPlace) });
