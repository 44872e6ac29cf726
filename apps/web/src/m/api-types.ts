/**
 * The shapes the phone app reads from the reports, notifications, chores, points and mall APIs — the
 * subset of @louzhang/contracts' views these screens use, kept here so the app builds whichever of those
 * modules has landed. Field names match the contracts exactly.
 */
import type { Role } from '@louzhang/contracts';

export type ReportStatus =
  | 'submitted'
  | 'accepted'
  | 'in_progress'
  | 'resolved'
  | 'closed'
  | 'reopened'
  | 'rejected'
  | 'merged';
export type ReportLevel = 'building' | 'grid' | 'community' | 'street' | 'department';

export interface ReportCategory {
  id: number;
  parentId: number | null;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface BuildingByToken {
  buildingId: number;
  buildingName: string;
  estateName: string | null;
  communityName: string | null;
  captainName: string | null;
}

export interface PhotoRef {
  id: number;
  url: string;
  thumbUrl: string;
}

export interface SimilarReport {
  id: number;
  categoryName: string;
  description: string;
  location: string | null;
  status: ReportStatus;
  followerCount: number;
  createdAt: string;
  isFollowing: boolean;
}

export interface ReportView {
  id: number;
  buildingId: number;
  buildingName: string;
  categoryId: number;
  categoryName: string;
  description: string;
  location: string | null;
  status: ReportStatus;
  level: ReportLevel;
  handlerName: string;
  followerCount: number;
  isOverdue: boolean;
  dueAt: string | null;
  rating: number | null;
  createdAt: string;
  updatedAt: string;
  reporter: {
    name: string | null;
    phoneMasked: string | null;
    residentVerified?: boolean;
    residencyClaimId?: number | null;
  } | null;
  isMine: boolean;
  isFollowing: boolean;
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

export interface ReportEvent {
  id: number;
  type: string;
  at: string;
  actorName: string | null;
  toStatus: ReportStatus;
  toLevel: ReportLevel;
  handlerName: string | null;
  note: string | null;
  photos: PhotoRef[];
}

export interface ReportDetail extends ReportView {
  photos: PhotoRef[];
  timeline: ReportEvent[];
  /** The captains (or grid workers) who answer it, shown as 楼长 梁家俊; empty from the community up. */
  handlerPeople: { name: string; role: Role }[];
}

export interface NotificationView {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  objectType: string | null;
  objectId: number | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

export type ChoreTaskStatus = 'open' | 'claimed' | 'submitted' | 'rejected' | 'approved';

export interface ChoreTask {
  id: number;
  templateId: number;
  name: string;
  category: string;
  points: number;
  minPhotos: number;
  beforeAfter: boolean;
  buildingId: number;
  buildingName: string;
  occurrence: string;
  dueAt: string;
  status: ChoreTaskStatus;
  claimedByMe: boolean;
  claimExpiresAt: string | null;
  /** The reviewer's reason when the task was sent back. */
  rejectReason: string | null;
}

export interface PointHistoryItem {
  entryId: number;
  kind: string;
  amount: number;
  memo: string;
  at: string;
}

export interface PointAccount {
  streetId: number;
  streetName: string;
  balance: number;
  yuanPerPoint: number;
  balanceYuan: number;
  items: PointHistoryItem[];
  nextCursor: string | null;
}

export interface MallWindow {
  month: string;
  opensAt: string;
  closesAt: string;
  isOpen: boolean;
}

export interface Product {
  id: number;
  name: string;
  description: string | null;
  photoUrl: string | null;
  pointsPrice: number;
  stock: number;
  perPersonLimit: number | null;
  isActive: boolean;
}

export interface ProductList {
  streetId: number;
  window: MallWindow;
  items: Product[];
}

export type OrderStatus = 'placed' | 'ready' | 'picked_up' | 'cancelled';

export interface OrderView {
  id: number;
  windowMonth: string;
  status: OrderStatus;
  pointsTotal: number;
  /** Null when the viewer is not the captain who ordered. */
  pickupCode: string | null;
  items: { productId: number; productName: string; quantity: number; pointsPrice: number }[];
  createdAt: string;
}
