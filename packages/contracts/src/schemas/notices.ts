import { z } from 'zod';
import { Cursor, Id, IdParam, Limit, Text } from './common';
import { PhotoView } from './photos';

/**
 * Notices (docs/rules.md#notices-and-boards): from a street, community or captain to a scope (a whole street down to one
 * building), with read receipts counted per household and building, and a poster for the stairwell.
 */
export const NOTICE_KINDS = ['policy', 'notice', 'safety', 'event'] as const;
export const NoticeKind = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKind>;
export const NOTICE_KIND_LABELS: Record<NoticeKind, { zh: string; en: string }> = {
  policy: { zh: '政策', en: 'Policy' },
  notice: { zh: '通知', en: 'Notice' },
  safety: { zh: '安全', en: 'Safety' },
  event: { zh: '活动', en: 'Event' },
};

export const CreateNoticeRequest = z
  .object({
    scopeOrgUnitId: Id,
    kind: NoticeKind,
    title: Text(60).pipe(z.string().min(2)),
    body: Text(4000).pipe(z.string().min(2)),
    /** Shown on top until the end of this Asia/Shanghai day, YYYY-MM-DD. */
    pinnedUntil: z.iso.date().optional(),
    /** A picture uploaded by the author (POST /photos): a scan of the official notice, a map … */
    attachmentPhotoId: Id.optional(),
  })
  .strict();
export type CreateNoticeRequest = z.infer<typeof CreateNoticeRequest>;

export const NoticeView = z.object({
  id: z.number(),
  scopeOrgUnitId: z.number(),
  scopeName: z.string(),
  kind: NoticeKind,
  title: z.string(),
  body: z.string(),
  authorName: z.string(),
  pinnedUntil: z.string().nullable(),
  isPinned: z.boolean(),
  /** The attached picture, seen by whoever sees the notice. */
  attachment: PhotoView.nullable(),
  publishedAt: z.string(),
  /** When I read it (the resident feed); null: unread. */
  readAt: z.string().nullable(),
});
export type NoticeView = z.infer<typeof NoticeView>;

export const NoticeFeed = z.object({
  items: z.array(NoticeView),
  nextCursor: z.string().nullable(),
  unreadCount: z.number(),
});
export type NoticeFeed = z.infer<typeof NoticeFeed>;
export const NoticeListQuery = z.object({ cursor: Cursor.optional(), limit: Limit }).strict();

export const NoticeReadResponse = z.object({ noticeId: z.number(), readAt: z.string(), unreadCount: z.number() });

export const NoticeBuildingReceipts = z.object({
  buildingId: z.number(),
  buildingName: z.string(),
  households: z.number(),
  householdsRead: z.number(),
});
export const NoticeReceipts = z.object({
  noticeId: z.number(),
  households: z.number(),
  householdsRead: z.number(),
  /** Signed-in people who read it (a household counts once, however many of its members read). */
  readers: z.number(),
  buildings: z.array(NoticeBuildingReceipts),
});
export type NoticeReceipts = z.infer<typeof NoticeReceipts>;

export const UnreadHouseholdsQuery = z.object({ buildingId: IdParam }).strict();
export const UnreadHousehold = z.object({
  householdId: z.number(),
  address: z.string(),
  headName: z.string().nullable(),
});
export const UnreadHouseholds = z.object({
  noticeId: z.number(),
  buildingId: z.number(),
  items: z.array(UnreadHousehold),
});
export type UnreadHouseholds = z.infer<typeof UnreadHouseholds>;
