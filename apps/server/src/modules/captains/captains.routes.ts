import {
  CaptainExportQuery,
  CaptainListQuery,
  CaptainPage,
  PortraitView,
  SetPortraitRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { CaptainPortraitsService } from './captain-portraits.service';
import type { CaptainsService } from './captains.service';
import { CAPTAINS_SHEET } from './captains-excel';

export function captainsRoutes(
  app: FastifyInstance,
  captains: CaptainsService,
  portraits: CaptainPortraitsService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/captains',
    {
      schema: {
        tags: ['captains'],
        summary: '楼长名册 / Captains roll',
        querystring: CaptainListQuery,
        response: { 200: CaptainPage },
      },
    },
    async (req) => captains.list(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/captains/export',
    {
      schema: {
        tags: ['captains'],
        summary: '导出楼长名册（按当前筛选，电话打码）/ Export the filtered roll (.xlsx, masked)',
        description: 'The roll’s filters and sort; streamed row by row; 422 EXPORT_TOO_LARGE over 10,000 rows.',
        querystring: CaptainExportQuery,
      },
    },
    async (req, reply) => {
      // Refusals (scope, too many rows) come before the first byte; the audit entry too.
      const { rows } = await captains.exportRows(contextOf(req), req.query);
      return sendListSheet(req, reply, CAPTAINS_SHEET, rows);
    },
  );
  r.put(
    '/api/v1/captains/me/portrait',
    {
      schema: {
        tags: ['captains'],
        summary: '设置楼长照片（印在楼栋公示牌上）/ Set my portrait for the boards',
        body: SetPortraitRequest,
        response: { 200: PortraitView },
      },
    },
    async (req) => portraits.set(contextOf(req), req.body.photoId),
  );
}
