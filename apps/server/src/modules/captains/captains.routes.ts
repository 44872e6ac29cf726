import { CaptainListQuery, CaptainPage, PortraitView, SetPortraitRequest } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { CaptainPortraitsService } from './captain-portraits.service';
import type { CaptainsService } from './captains.service';

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
