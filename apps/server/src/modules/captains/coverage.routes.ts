import { CoverageQuery, CoverageView } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { CoverageService } from './coverage.service';

/** Coverage (楼长覆盖): buildings without an active captain and the figures per community and street. */
export function coverageRoutes(app: FastifyInstance, coverage: CoverageService): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/captains/coverage',
    {
      schema: {
        tags: ['captains'],
        summary: '楼长覆盖：无楼长楼栋与覆盖率 / Coverage: buildings without a captain, figures',
        querystring: CoverageQuery,
        response: { 200: CoverageView },
      },
    },
    async (req) => coverage.coverage(contextOf(req), req.query.orgUnitId),
  );
}
