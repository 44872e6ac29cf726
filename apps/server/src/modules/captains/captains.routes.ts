import { CaptainListQuery, CaptainPage } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { CaptainsService } from './captains.service';

export function captainsRoutes(app: FastifyInstance, captains: CaptainsService): void {
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
}
