import { CreateExport, ExportJob, ExportJobList, IdParams } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { ExportsService } from './exports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function exportsRoutes(app: FastifyInstance, exports: ExportsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['exports'];

  r.post(
    '/api/v1/exports',
    {
      schema: {
        tags,
        summary: '后台导出（导出任务）/ Start a background export',
        description:
          'The list’s filters as its URL carries them; the caller must be allowed the list. Answers 202 with ' +
          'the export; poll GET /api/v1/exports/{id} for progress, then download GET /api/v1/exports/{id}/file.',
        body: CreateExport,
        response: { 202: ExportJob },
      },
      // Per person: an export reads a whole list.
      config: {
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `exp:${req.actor?.userId ?? req.ip}` },
      },
    },
    async (req, reply) => reply.status(202).send(await exports.request(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/exports',
    { schema: { tags, summary: '我的导出任务 / My exports', response: { 200: ExportJobList } } },
    async (req) => exports.list(contextOf(req)),
  );
  r.get(
    '/api/v1/exports/:id',
    { schema: { tags, summary: '导出任务进度 / An export', params: IdParams, response: { 200: ExportJob } } },
    async (req) => exports.get(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/exports/:id/file',
    {
      schema: {
        tags,
        summary: '下载导出文件 / Download the export (.xlsx)',
        description: 'Only for whoever asked for it; 409 EXPORT_NOT_READY before it is done, 410 EXPORT_EXPIRED after.',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const { bytes, fileName } = await exports.file(contextOf(req), req.params.id);
      return reply
        .type(XLSX)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
        .send(bytes);
    },
  );
}
