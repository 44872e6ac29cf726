import { CreateMonthlyReport, IdParams, MonthlyReportsQuery, MonthlyReportView } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http';
import type { MonthlyReportsService } from './monthly-reports.service';

export function monthlyReportsRoutes(app: FastifyInstance, reports: MonthlyReportsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['monthly-reports'];

  r.get(
    '/api/v1/monthly-reports',
    {
      schema: {
        tags,
        summary: '月度报告 / Monthly reports',
        description:
          'The stored reports of the streets and communities the caller’s staff roles reach, the latest month first.',
        querystring: MonthlyReportsQuery,
        response: { 200: z.object({ items: z.array(MonthlyReportView) }) },
      },
    },
    async (req) => reports.list(contextOf(req), req.query.orgUnitId),
  );
  r.post(
    '/api/v1/monthly-reports',
    {
      schema: {
        tags,
        summary: '生成月度报告 / Make a monthly report',
        description:
          'Makes the PDF of a street or community for an ended month (409 MONTH_NOT_ENDED otherwise) and ' +
          'stores it, replacing one made before.',
        body: CreateMonthlyReport,
        response: { 201: MonthlyReportView },
      },
      // Per person: a report reads a month of every module and draws charts.
      config: {
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `mr:${req.actor?.userId ?? req.ip}` },
      },
    },
    async (req, reply) => reply.status(201).send(await reports.generate(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/monthly-reports/:id/file',
    { schema: { tags, summary: '下载月度报告 / Download a monthly report (PDF)', params: IdParams } },
    async (req, reply) => {
      const { bytes, fileName } = await reports.file(contextOf(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(bytes);
    },
  );
}
