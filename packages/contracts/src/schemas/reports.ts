import { z } from 'zod';
import { OrgKind, Role } from '../enums';
import { Cursor, Id, IdParam, Limit, ListTotal, Name, Text } from './common';
import { PhotoView } from './photos';

/** Handling levels, bottom up (docs/rules.md#reports): captain or property window, grid, community, street, department. */
export const REPORT_LEVELS = ['building', 'grid', 'community', 'street', 'department'] as const;
export const ReportLevel = z.enum(REPORT_LEVELS);
export type ReportLevel = z.infer<typeof ReportLevel>;

export const REPORT_STATUSES = [
  'submitted',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'reopened',
  'rejected',
  'merged',
] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const REPORT_CHANNELS = ['app', 'qr', 'proxy', 'phone', 'open311'] as const;
export const ReportChannel = z.enum(REPORT_CHANNELS);
export type ReportChannel = z.infer<typeof ReportChannel>;

export const REPORT_EVENT_TYPES = [
  'submitted',
  'accepted',
  'answered',
  'resolved',
  'escalated',
  'auto_escalated',
  'overdue',
  'rejected',
  'rated',
  'closed',
  'auto_closed',
  'reopened',
  'joined',
  'merged',
  'merged_into',
  'returned',
] as const;
export const ReportEventType = z.enum(REPORT_EVENT_TYPES);

export const SlaTarget = z
  .object({
    level: ReportLevel,
    ackHours: z.number().int().min(1).max(8760),
    resolveHours: z.number().int().min(1).max(8760),
  })
  .strict();

export const ReportCategoryView = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  defaultDepartmentId: z.number().nullable(),
  slas: z.array(z.object({ level: ReportLevel, ackHours: z.number(), resolveHours: z.number() })),
});
export type ReportCategoryView = z.infer<typeof ReportCategoryView>;
export const ReportCategoryList = z.object({ items: z.array(ReportCategoryView) });

export const UpdateReportCategoryRequest = z
  .object({
    slas: z.array(SlaTarget).max(5).optional(),
    defaultDepartmentId: Id.nullable().optional(),
  })
  .strict();
export type UpdateReportCategoryRequest = z.infer<typeof UpdateReportCategoryRequest>;

export const BuildingByToken = z.object({
  buildingId: z.number(),
  buildingName: z.string(),
  estateName: z.string().nullable(),
  communityName: z.string().nullable(),
  /** The captain's name (or the property window's, in a managed estate): "有事找楼长". */
  captainName: z.string().nullable(),
});
export const ReportTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }).strict();
export const BuildingReportToken = z.object({ buildingId: z.number(), token: z.string(), url: z.string() });

export const ReporterInput = z
  .object({
    name: Name(30),
    phone: z.string().trim().max(20).optional(),
  })
  .strict();

export const CreateReportRequest = z
  .object({
    buildingId: Id.optional(),
    /** The building's QR token instead of its id (扫码报事). */
    buildingToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/)
      .optional(),
    /** A place that is not a building (lane, square, market) instead of a building: routed to its grid or community. */
    placeId: Id.optional(),
    categoryId: Id,
    description: Text(1000).pipe(z.string().min(2)),
    location: Text(100).optional(),
    photoIds: z.array(Id).max(9).default([]),
    /** A captain, grid worker or staff member filing for a resident (代报) or taking a phone call. */
    onBehalfOf: ReporterInput.optional(),
    channel: z.enum(['app', 'phone']).optional(),
  })
  .strict();
export type CreateReportRequest = z.infer<typeof CreateReportRequest>;

export const ReportEventView = z.object({
  id: z.number(),
  type: ReportEventType,
  at: z.string(),
  actorName: z.string().nullable(),
  fromStatus: ReportStatus.nullable(),
  toStatus: ReportStatus,
  fromLevel: ReportLevel.nullable(),
  toLevel: ReportLevel,
  handlerName: z.string().nullable(),
  note: z.string().nullable(),
  photos: z.array(PhotoView),
});

export const ReportView = z.object({
  id: z.number(),
  buildingId: z.number(),
  buildingName: z.string(),
  categoryId: z.number(),
  categoryName: z.string(),
  description: z.string(),
  location: z.string().nullable(),
  channel: ReportChannel,
  status: ReportStatus,
  level: ReportLevel,
  handlerOrgUnitId: z.number(),
  handlerName: z.string(),
  departmentId: z.number().nullable(),
  followerCount: z.number(),
  isOverdue: z.boolean(),
  dueAt: z.string().nullable(),
  rating: z.number().nullable(),
  mergedIntoId: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  /** Only for handlers and the reporter (docs/rules.md#reports: the reporter's identity is seen only by handlers). */
  reporter: z
    .object({
      name: z.string().nullable(),
      phoneMasked: z.string().nullable(),
      /** For handlers: is the reporter a confirmed resident of the building (未核实住户 when false)? */
      residentVerified: z.boolean().optional(),
      /** The reporter's request to be confirmed there, waiting for a handler. */
      residencyClaimId: z.number().nullable().optional(),
    })
    .nullable(),
  isMine: z.boolean(),
  isFollowing: z.boolean(),
  /** What the caller may do now. */
  can: z.object({
    accept: z.boolean(),
    answer: z.boolean(),
    resolve: z.boolean(),
    escalate: z.boolean(),
    reject: z.boolean(),
    /** A department sends it back to the street to dispatch again (退回/申请改派). */
    return: z.boolean(),
    rate: z.boolean(),
    join: z.boolean(),
  }),
});
export type ReportView = z.infer<typeof ReportView>;
export const ReportDetail = ReportView.extend({
  photos: z.array(PhotoView),
  timeline: z.array(ReportEventView),
  /**
   * Who handles it, as people: the building's captains (楼长 梁家俊) or the grid's workers at those levels;
   * empty from the community up, where the unit (handlerName) is who answers.
   */
  handlerPeople: z.array(z.object({ name: z.string(), role: Role })),
});
export type ReportDetail = z.infer<typeof ReportDetail>;
export const ReportPage = z.object({
  items: z.array(ReportView),
  nextCursor: z.string().nullable(),
  ...ListTotal.shape,
});

/** newest / oldest: by report number (filing order); due: overdue first, then least time left. */
export const REPORT_SORTS = ['newest', 'oldest', 'due'] as const;
export const ReportSort = z.enum(REPORT_SORTS);
export type ReportSort = z.infer<typeof ReportSort>;

const reportFilters = {
  /** mine: filed or followed by me; handling: waiting at my level; all: everything in my jurisdiction. */
  view: z.enum(['mine', 'handling', 'all']).default('all'),
  status: ReportStatus.optional(),
  level: ReportLevel.optional(),
  orgUnitId: IdParam.optional(),
  categoryId: IdParam.optional(),
  /** A report number, a mobile number (the reporter's, by its blind index) or an address (a unit's name). */
  q: Text(40).optional(),
  sort: ReportSort.default('newest'),
};
export const ReportListQuery = z.object({ ...reportFilters, cursor: Cursor.optional(), limit: Limit }).strict();
export type ReportListQuery = z.infer<typeof ReportListQuery>;
/** What the list shows, exported: the same filters, every page. */
export const ReportExportQuery = z.object(reportFilters).strict();
export type ReportExportQuery = z.infer<typeof ReportExportQuery>;

export const ReportPhotoParams = z.object({ id: IdParam, photoId: IdParam }).strict();
/** Places that are not buildings (lanes, squares, markets) where the caller may file a report. */
export const ReportPlaces = z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) });

export const SimilarReportsQuery = z.object({ buildingId: IdParam, categoryId: IdParam }).strict();
export const SimilarReport = z.object({
  id: z.number(),
  categoryName: z.string(),
  description: z.string(),
  location: z.string().nullable(),
  status: ReportStatus,
  followerCount: z.number(),
  createdAt: z.string(),
  isFollowing: z.boolean(),
});
export type SimilarReport = z.infer<typeof SimilarReport>;
export const SimilarReportList = z.object({ items: z.array(SimilarReport) });

export const HandleReportRequest = z
  .object({
    message: Text(1000).pipe(z.string().min(1)),
    photoIds: z.array(Id).max(9).default([]),
  })
  .strict();
export const AcceptReportRequest = z.object({ message: Text(500).optional() }).strict();
export const EscalateReportRequest = z
  .object({
    reason: Text(500).pipe(z.string().min(2)),
    /** Required when a street dispatches to a department (吹哨 → 报到), unless the category has a default. */
    departmentId: Id.optional(),
  })
  .strict();
export const RejectReportRequest = z.object({ reason: Text(500).pipe(z.string().min(2)) }).strict();
/**
 * A department sends a dispatched report back to the street (退回/申请改派). The reason is for staff only:
 * residents see that it is being reassigned, never why.
 */
export const ReturnReportRequest = z.object({ reason: Text(500).pipe(z.string().min(2)) }).strict();
export const RateReportRequest = z
  .object({
    rating: z.number().int().min(1).max(5),
    solved: z.boolean(),
    comment: Text(500).optional(),
  })
  .strict();
export const MergeReportRequest = z.object({ intoReportId: Id }).strict();

export const FiguresQuery = z
  .object({
    orgUnitId: IdParam.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const FigureRow = z.object({
  received: z.number(),
  answered: z.number(),
  resolved: z.number(),
  /** answered / received */
  responseRate: z.number().nullable(),
  avgFirstAnswerHours: z.number().nullable(),
  avgResolutionHours: z.number().nullable(),
  avgRating: z.number().nullable(),
  rated: z.number(),
  /** Resolved without going above the community (小事不出社区). */
  resolvedWithinCommunity: z.number(),
  /** Reports that went above the community (to the street or a department). */
  escalatedBeyondCommunity: z.number(),
  shareResolvedWithinCommunity: z.number().nullable(),
});
export const ReportFigures = z.object({
  orgUnitId: z.number().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  total: FigureRow,
  byLevel: z.array(FigureRow.extend({ level: ReportLevel })),
  byCategory: z.array(FigureRow.extend({ categoryId: z.number(), categoryName: z.string() })),
  /** Received per day (Asia/Shanghai), for charts. */
  byDay: z.array(FigureRow.extend({ day: z.string() })),
});
export type ReportFigures = z.infer<typeof ReportFigures>;
/** The dashboard's table by unit: each unit one level down, with the total figures of its reports. */
export const ReportFiguresByUnit = z.object({
  orgUnitId: z.number().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  items: z.array(FigureRow.extend({ orgUnitId: z.number(), name: z.string(), kind: OrgKind })),
});
export type ReportFiguresByUnit = z.infer<typeof ReportFiguresByUnit>;
