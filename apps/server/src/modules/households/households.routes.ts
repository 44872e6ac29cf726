import { PassThrough } from 'node:stream';
import {
  CreateHouseholdRequest,
  ExportQuery,
  HouseholdDetail,
  HouseholdListQuery,
  HouseholdPage,
  IdParams,
  ImportJob,
  ImportQuery,
  RevealRequest,
  RevealResponse,
  UpdateHouseholdRequest,
} from '@louzhang/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { readUploadedFileNamed } from '../../platform/uploads';
import type { HouseholdsService } from './households.service';
import type { HouseholdsExportService } from './households-export.service';
import { HOUSEHOLDS_FILE, streamHouseholdsXlsx } from './households-export-xlsx';
import type { HouseholdsExcelService } from './households-import.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_UPLOAD = 10 * 1024 * 1024;

/**
 * Registering and importing check ID numbers against the registry: per person, a pace fit for entering a
 * registry and too slow for trying numbers one after another.
 */
const ID_CHECK_RATE = {
  max: 60,
  timeWindow: '1 minute',
  keyGenerator: (req: FastifyRequest) => `hh:${req.actor?.userId ?? req.ip}`,
};

export function householdsRoutes(
  app: FastifyInstance,
  households: HouseholdsService,
  excel: HouseholdsExcelService,
  exporter: HouseholdsExportService,
  opts: { exportMaxRows: number },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['households'];

  r.get(
    '/api/v1/households',
    {
      schema: {
        tags,
        summary: '住户台账 / Household registry',
        querystring: HouseholdListQuery,
        response: { 200: HouseholdPage },
      },
    },
    async (req) => households.list(contextOf(req), req.query),
  );

  r.get(
    '/api/v1/households/mine',
    { schema: { tags, summary: '我的家庭 / My household', response: { 200: HouseholdDetail } } },
    async (req) => households.mine(contextOf(req)),
  );

  r.get(
    '/api/v1/households/import-template',
    { schema: { tags, summary: '导入模板 / Import template (.xlsx)' } },
    async (req, reply) => {
      contextOf(req);
      reply.header('content-type', XLSX);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('住户导入模板.xlsx')}`);
      return reply.send(await excel.template());
    },
  );

  r.get(
    '/api/v1/households/export',
    {
      schema: {
        tags,
        summary: '导出台账 / Export (.xlsx, masked)',
        description:
          'The list’s filters; streamed row by row (one row per resident, phone and ID masked); ' +
          '422 EXPORT_TOO_LARGE over 10,000 households: POST /api/v1/exports runs it in the background.',
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      // Refusals (scope, too many rows) come before the first byte; the audit entry too.
      const { rows } = await exporter.exportRows(contextOf(req), req.query, { maxRows: opts.exportMaxRows });
      const out = new PassThrough();
      reply.header('content-type', XLSX);
      reply.header('cache-control', 'private, no-store');
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(HOUSEHOLDS_FILE)}`);
      streamHouseholdsXlsx(out, rows).catch((e) => {
        req.log.error({ err: e }, 'household export failed mid-stream');
        out.destroy(e as Error);
      });
      return reply.send(out);
    },
  );

  r.post(
    '/api/v1/households/import',
    {
      schema: {
        tags,
        summary: '导入住户（先试导入）/ Import households (dry run first)',
        description:
          'Stores the file and answers 202 with the import; the file is read in the background. ' +
          'Poll GET /api/v1/households/imports/{id} for its progress and result.',
        querystring: ImportQuery,
        consumes: ['multipart/form-data'],
        response: { 202: ImportJob },
      },
      config: { rateLimit: ID_CHECK_RATE },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const { bytes, fileName } = await readUploadedFileNamed(req, MAX_UPLOAD);
      return reply
        .status(202)
        .send(await excel.enqueue(ctx, bytes, fileName, req.query.dryRun === 'true', req.query.validOnly === 'true'));
    },
  );

  r.get(
    '/api/v1/households/imports/:id',
    {
      schema: {
        tags,
        summary: '导入进度与结果 / An import: progress and result',
        params: IdParams,
        response: { 200: ImportJob },
      },
    },
    async (req) => excel.get(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/households/imports/:id/errors.xlsx',
    { schema: { tags, summary: '错误标注文件 / The upload with its errors marked (.xlsx)', params: IdParams } },
    async (req, reply) => {
      const buf = await excel.errorsFile(contextOf(req), req.params.id);
      reply.header('content-type', XLSX);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('导入错误标注.xlsx')}`);
      return reply.send(buf);
    },
  );

  r.get(
    '/api/v1/households/:id',
    { schema: { tags, summary: '住户详情 / Household', params: IdParams, response: { 200: HouseholdDetail } } },
    async (req) => households.get(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/households',
    {
      schema: {
        tags,
        summary: '登记住户 / Register a household',
        body: CreateHouseholdRequest,
        response: { 201: HouseholdDetail },
      },
      config: { rateLimit: ID_CHECK_RATE },
    },
    async (req, reply) => reply.status(201).send(await households.create(contextOf(req), req.body)),
  );

  r.patch(
    '/api/v1/households/:id',
    {
      schema: {
        tags,
        summary: '设置产权人编号 / Set a household’s owner key',
        params: IdParams,
        body: UpdateHouseholdRequest,
        response: { 200: HouseholdDetail },
      },
    },
    async (req) => households.update(contextOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/residents/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看完整号码（留痕）/ Reveal a full number (audited)',
        params: IdParams,
        body: RevealRequest,
        response: { 200: RevealResponse },
      },
    },
    async (req) => households.reveal(contextOf(req), req.params.id, req.body.field, req.body.purpose),
  );
}
