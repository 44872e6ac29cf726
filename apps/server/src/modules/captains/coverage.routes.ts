import { CoverageQuery, CoverageView } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { CoverageService } from './coverage.service';
import { FIGURES_SHEET, UNCOVERED_SHEET } from './coverage-excel';

/** Coverage (楼长覆盖): buildings without an active captain and the figures per community and street. */
export function coverageRoutes(app: FastifyInstance, coverage: CoverageService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
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
  r.get(
    '/api/v1/captains/coverage/uncovered/export',
    {
      schema: {
        tags: ['captains'],
        summary: '导出无楼长楼栋 / Export the buildings without a captain (.xlsx)',
        description: 'The same unit as the page; audited (captain.coverage_export.uncovered) first.',
        querystring: CoverageQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, UNCOVERED_SHEET, await coverage.exportUncovered(contextOf(req), req.query.orgUnitId)),
  );
  r.get(
    '/api/v1/captains/coverage/figures/export',
    {
      schema: {
        tags: ['captains'],
        summary: '导出楼长覆盖率 / Export the coverage figures (.xlsx)',
        description: 'The same unit as the page; audited (captain.coverage_export.figures) first.',
        querystring: CoverageQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, FIGURES_SHEET, await coverage.exportFigures(contextOf(req), req.query.orgUnitId)),
  );
}
