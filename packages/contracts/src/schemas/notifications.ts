import { z } from 'zod';
import { Cursor, Limit } from './common';

export const NotificationView = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  objectType: z.string().nullable(),
  objectId: z.number().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;
export const NotificationPage = z.object({
  items: z.array(NotificationView),
  nextCursor: z.string().nullable(),
  unreadCount: z.number(),
});
export const NotificationListQuery = z
  .object({ unread: z.enum(['0', '1']).optional(), cursor: Cursor.optional(), limit: Limit })
  .strict();
export const MarkReadResponse = z.object({ updated: z.number(), unreadCount: z.number() });
