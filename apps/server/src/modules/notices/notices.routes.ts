import {
  CreateNoticeRequest,
  IdParams,
  NoticeFeed,
  NoticeReadResponse,
  NoticeReceipts,
  NoticeView,
  UnreadHouseholds,
  UnreadHouseholdsQuery,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { NoticesService } from './notices.service';
import { NOTICES_SHEET } from './notices-excel';

/** Notices (通知公告): publish, the resident feed with its unread badge, read receipts. */
export function noticesRoutes(app: FastifyInstance, notices: NoticesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notices'];

  r.post(
    '/api/v1/notices',
    {
      schema: {
        tags,
        summary: '发布通知 / Publish a notice',
        body: CreateNoticeRequest,
        response: { 201: NoticeView },
      },
    },
    async (req, reply) => reply.status(201).send(await notices.publish(contextOf(req), req.body)),
  );

  r.get(
    '/api/v1/notices/feed',
    { schema: { tags, summary: '我的通知（未读角标）/ Notices for me', response: { 200: NoticeFeed } } },
    async (req) => notices.feed(contextOf(req)),
  );

  r.get(
    '/api/v1/notices',
    { schema: { tags, summary: '辖区通知 / Notices in my jurisdiction', response: { 200: NoticeFeed } } },
    async (req) => notices.list(contextOf(req)),
  );

  r.get(
    '/api/v1/notices/export',
    {
      schema: {
        tags,
        summary: '导出辖区通知 / Export the notices in my jurisdiction (.xlsx)',
        description: 'What the list shows; audited (notice.export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, NOTICES_SHEET, await notices.exportList(contextOf(req))),
  );

  r.get(
    '/api/v1/notices/:id',
    { schema: { tags, summary: '通知详情 / A notice', params: IdParams, response: { 200: NoticeView } } },
    async (req) => notices.get(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/notices/:id/read',
    {
      schema: { tags, summary: '标记已读 / Mark read', params: IdParams, response: { 200: NoticeReadResponse } },
    },
    async (req) => notices.read(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/notices/:id/receipts',
    {
      schema: { tags, summary: '阅读回执 / Read receipts', params: IdParams, response: { 200: NoticeReceipts } },
    },
    async (req) => notices.receipts(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/notices/:id/poster.pdf',
    { schema: { tags, summary: '通知张贴海报 / A4 poster with a QR code', params: IdParams } },
    async (req, reply) => {
      const { pdf, filename } = await notices.poster(contextOf(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  r.get(
    '/api/v1/notices/:id/unread-households',
    {
      schema: {
        tags,
        summary: '未读住户 / Households that have not read it',
        params: IdParams,
        querystring: UnreadHouseholdsQuery,
        response: { 200: UnreadHouseholds },
      },
    },
    async (req) => notices.unreadHouseholds(contextOf(req), req.params.id, req.query.buildingId),
  );
}
