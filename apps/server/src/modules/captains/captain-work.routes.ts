import { CaptainWorkExportQuery } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { CaptainWorkService } from './captain-work.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Cadres' work per employer unit (Excel), for the units' performance reviews. */
export function captainWorkRoutes(app: FastifyInstance, work: CaptainWorkService): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/captains/work-export',
    {
      schema: {
        tags: ['captains'],
        summary: '楼长工作情况（按工作单位，Excel）/ Captains’ work per employer unit (.xlsx)',
        querystring: CaptainWorkExportQuery,
      },
    },
    async (req, reply) => {
      const buf = await work.export(contextOf(req), req.query);
      reply.header('content-type', XLSX);
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`楼长工作情况-${req.query.from}-${req.query.to}.xlsx`)}`,
      );
      return reply.send(buf);
    },
  );
}
