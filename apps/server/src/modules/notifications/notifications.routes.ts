import { IdParams, MarkReadResponse, NotificationListQuery, NotificationPage } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { NotificationsService } from './notifications.service';

export function notificationsRoutes(app: FastifyInstance, notifications: NotificationsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: '我的消息 / My notifications',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage },
      },
    },
    async (req) => notifications.list(contextOf(req), req.query),
  );
  r.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags, summary: '标为已读 / Mark read', params: IdParams, response: { 200: MarkReadResponse } } },
    async (req) => notifications.markRead(contextOf(req), [req.params.id]),
  );
  r.post(
    '/api/v1/notifications/read-all',
    { schema: { tags, summary: '全部已读 / Mark all read', response: { 200: MarkReadResponse } } },
    async (req) => notifications.markRead(contextOf(req), 'all'),
  );
}
