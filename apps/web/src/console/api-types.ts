/**
 * Shapes of the chores, points/mall and reports APIs as the console reads them. They mirror
 * packages/contracts (schemas/chores.ts, mall.ts, points.ts, reports.ts); kept here as plain types so
 * the console builds while those modules land, and switched to the contracts' types once merged.
 */
import type { PhotoView } from '@louzhang/contracts';

export type { PhotoView };

// --- chores
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
export type ChoreCategory = (typeof CHORE_CATEGORIES)[number];
export type ChoreRecurrence = 'once' | 'daily' | 'weekly';
export type ChoreSubmissionStatus = 'pending' | 'approved' | 'rejected';

export interface ChoreTemplateView {
  id: number;
  streetId: number;
  name: string;
  category: ChoreCategory;
  points: number;
  minPhotos: number;
  beforeAfter: boolean;
  dailyLimitPerBuilding: number | null;
  claimTtlHours: number;
  description: string | null;
  archived: boolean;
}

export interface ChorePublicationView {
  id: number;
  templateId: number;
  templateName: string;
  orgUnitId: number;
  orgUnitName: string;
  recurrence: ChoreRecurrence;
  startsOn: string;
  endsOn: string | null;
  cancelled: boolean;
  tasksCreated: number;
}

export interface DuplicateFlag {
  photoId: number;
  similarPhotoId: number;
  submissionId: number;
  taskId: number;
  distance: number;
}

export interface ChoreSubmissionView {
  id: number;
  taskId: number;
  templateName: string;
  points: number;
  buildingId: number;
  buildingName: string;
  communityName: string | null;
  submitterUserId: number;
  submitterName: string;
  note: string | null;
  doneAt: string;
  submittedAt: string;
  status: ChoreSubmissionStatus;
  rejectReason: string | null;
  reviewedAt: string | null;
  duplicateFlags: DuplicateFlag[];
}

export interface ChoreSubmissionDetail extends ChoreSubmissionView {
  photos: (PhotoView & { kind: 'before' | 'after' | 'other' })[];
  reviewerName: string | null;
}

export interface BatchReviewResult {
  results: {
    submissionId: number;
    ok: boolean;
    status: ChoreSubmissionStatus | null;
    error: { code: string; message: string } | null;
  }[];
}

export interface CaptainView {
  userId: number;
  name: string;
  phoneMasked: string;
  buildings: { id: number; name: string }[];
  pointsBalance: number | null;
  choresApproved: number;
  choresPending: number;
}

// --- reports
export const REPORT_LEVELS = ['building', 'grid', 'community', 'street', 'department'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];
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
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export interface ReportCategoryView {
  id: number;
  parentId: number | null;
  code: string;
  nameZh: string;
  nameEn: string;
  defaultDepartmentId: number | null;
}

export interface ReportEventView {
  id: number;
  type: string;
  at: string;
  actorName: string | null;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  fromLevel: ReportLevel | null;
  toLevel: ReportLevel;
  handlerName: string | null;
  note: string | null;
  photos: PhotoView[];
}

export interface ReportView {
  id: number;
  buildingId: number;
  buildingName: string;
  categoryId: number;
  categoryName: string;
  description: string;
  location: string | null;
  channel: string;
  status: ReportStatus;
  level: ReportLevel;
  handlerOrgUnitId: number;
  handlerName: string;
  departmentId: number | null;
  followerCount: number;
  isOverdue: boolean;
  dueAt: string | null;
  rating: number | null;
  mergedIntoId: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  reporter: { name: string | null; phoneMasked: string | null } | null;
  can: {
    accept: boolean;
    answer: boolean;
    resolve: boolean;
    escalate: boolean;
    reject: boolean;
    rate: boolean;
    join: boolean;
  };
}

export interface ReportDetail extends ReportView {
  photos: PhotoView[];
  timeline: ReportEventView[];
}

export interface FigureRow {
  received: number;
  answered: number;
  resolved: number;
  responseRate: number | null;
  avgFirstAnswerHours: number | null;
  avgResolutionHours: number | null;
  avgRating: number | null;
  rated: number;
  resolvedWithinCommunity: number;
  escalatedBeyondCommunity: number;
  shareResolvedWithinCommunity: number | null;
}

export interface ReportFigures {
  orgUnitId: number | null;
  from: string | null;
  to: string | null;
  total: FigureRow;
  byLevel: (FigureRow & { level: ReportLevel })[];
  byCategory: (FigureRow & { categoryId: number; categoryName: string })[];
}

// --- mall
export interface MallWindowView {
  month: string;
  opensAt: string;
  closesAt: string;
  isOpen: boolean;
}

export interface ProductView {
  id: number;
  streetId: number;
  name: string;
  description: string | null;
  photoId: number | null;
  photoUrl: string | null;
  pointsPrice: number;
  stock: number;
  unitCostYuan: number;
  perPersonLimit: number | null;
  isActive: boolean;
}

export interface ProductList {
  streetId: number;
  window: MallWindowView;
  items: ProductView[];
}

export type OrderStatus = 'placed' | 'ready' | 'picked_up' | 'cancelled';

export interface OrderView {
  id: number;
  streetId: number;
  userId: number;
  userName: string | null;
  windowMonth: string;
  status: OrderStatus;
  pointsTotal: number;
  costTotalYuan: number;
  pickupCode: string;
  items: { productId: number; productName: string; quantity: number; pointsPrice: number }[];
  createdAt: string;
}

export interface MallReport {
  streetId: number;
  month: string;
  yuanPerPoint: number;
  products: {
    productId: number;
    name: string;
    stock: number;
    unitsOrdered: number;
    unitsPickedUp: number;
    points: number;
    costYuan: number;
  }[];
  totals: { orders: number; cancelled: number; units: number; points: number; costYuan: number; pointsYuan: number };
}
