/**
 * The API shapes the console reads, from packages/contracts (the same Zod schemas the server validates
 * and answers with), plus the few constants the console needs as plain values.
 */
import type { ChoreCategory, MallWindowView, ProductView, ReportLevel, ReportStatus } from '@louzhang/contracts';

export type {
  BatchReviewResult,
  CaptainView,
  ChoreCategory,
  ChoreFigures,
  ChorePublicationView,
  ChoreSubmissionDetail,
  ChoreSubmissionView,
  ChoreTemplateView,
  DuplicateFlag,
  MallReport,
  MallWindowView,
  OrderStatus,
  OrderView,
  PhotoView,
  ProductView,
  ReportCategoryView,
  ReportDetail,
  ReportFigures,
  ReportFiguresByUnit,
  ReportLevel,
  ReportStatus,
  ReportView,
  SimilarReport,
} from '@louzhang/contracts';

// The code lists as plain values (importing them from contracts would pull Zod into the console);
// CodeListsCoverContracts fails to compile when a list misses a code the contracts define.
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
export const REPORT_LEVELS = ['building', 'grid', 'community', 'street', 'department'] as const;
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

export type ChoreRecurrence = 'once' | 'daily' | 'weekly';
export type ChoreSubmissionStatus = 'pending' | 'approved' | 'rejected';

/** GET /mall/products: the street's goods and this month's window. */
export interface ProductList {
  streetId: number;
  window: MallWindowView;
  items: ProductView[];
}

/** One event of a report's timeline. */
export type ReportEventView = import('@louzhang/contracts').ReportDetail['timeline'][number];

type Assert<T extends true> = T;
type Covers<T, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never] ? true : false;
export type CodeListsCoverContracts = [
  Assert<Covers<ChoreCategory, typeof CHORE_CATEGORIES>>,
  Assert<Covers<ReportLevel, typeof REPORT_LEVELS>>,
  Assert<Covers<ReportStatus, typeof REPORT_STATUSES>>,
];
