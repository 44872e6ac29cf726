import { PassThrough } from 'node:stream';
import {
  AcceptReportRequest,
  BuildingByToken,
  BuildingReportToken,
  COUNT_CAP,
  CreateReportRequest,
  EscalateReportRequest,
  FiguresQuery,
  HandleReportRequest,
  IdParams,
  MergeReportRequest,
  PhotoQuery,
  RateReportRequest,
  RejectReportRequest,
  ReportCategoryList,
  ReportCategoryView,
  ReportDetail,
  ReportExportQuery,
  ReportFigures,
  ReportFiguresByUnit,
  ReportListQuery,
  ReportPage,
  ReportPhotoParams,
  ReportPlaces,
  ReportTokenParams,
  ReturnReportRequest,
  SimilarReportList,
  SimilarReportsQuery,
  UpdateReportCategoryRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, langOf } from '../../platform/http';
import type { ReportCategoriesService } from './report-categories.service';
import type { ReportFiguresService } from './report-figures.service';
import type { ReportsService } from './reports.service';
import { REPORTS_SHEET, streamReportsXlsx } from './reports-excel';
import type { ReportsPublicService } from './reports-public.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function reportsRoutes(
  app: FastifyInstance,
  reports: ReportsService,
  publicReports: ReportsPublicService,
  categories: ReportCategoriesService,
  figures: ReportFiguresService,
  opts: { exportMaxRows: number } = { exportMaxRows: COUNT_CAP },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  r.get(
    '/api/v1/report-categories',
    { schema: { tags, summary: '诉求分类 / Report categories', response: { 200: ReportCategoryList } } },
    // Public, like the building's name behind its QR link: a newcomer picks the category before signing in.
    async () => categories.list(),
  );
  r.patch(
    '/api/v1/report-categories/:id',
    {
      schema: {
        tags,
        summary: '修改时限与默认部门 / Edit SLA targets and default department',
        params: IdParams,
        body: UpdateReportCategoryRequest,
        response: { 200: ReportCategoryView },
      },
    },
    async (req) => categories.update(contextOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/buildings/by-token/:token',
    {
      schema: {
        tags,
        summary: '扫码报事：楼栋与楼长 / QR: the building and its captain (public)',
        params: ReportTokenParams,
        response: { 200: BuildingByToken },
        security: [],
      },
    },
    async (req) => publicReports.buildingByToken(req.params.token),
  );
  r.get(
    '/api/v1/buildings/:id/report-token',
    {
      schema: {
        tags,
        summary: '楼栋报事码 / The building QR token',
        params: IdParams,
        response: { 200: BuildingReportToken },
      },
    },
    async (req) => publicReports.tokenFor(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/reports/figures',
    {
      schema: {
        tags,
        summary: '诉求统计 / Report figures',
        querystring: FiguresQuery,
        response: { 200: ReportFigures },
      },
    },
    async (req) => figures.figures(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/reports/figures/by-unit',
    {
      schema: {
        tags,
        summary: '下级单位诉求统计 / Report figures by unit',
        description:
          'Each unit one level below the unit asked (or the caller’s own), with the total figures of its reports: the dashboard’s drill-down table.',
        querystring: FiguresQuery,
        response: { 200: ReportFiguresByUnit },
      },
    },
    async (req) => figures.byUnit(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/report-places',
    {
      schema: {
        tags,
        summary: '可报事的街巷、广场、市场 / Places to report at',
        response: { 200: ReportPlaces },
      },
    },
    async (req) => reports.places(contextOf(req)),
  );
  r.get(
    '/api/v1/reports/similar',
    {
      schema: {
        tags,
        summary: '本楼同类未办结诉求 / Open reports of this kind in the building',
        querystring: SimilarReportsQuery,
        response: { 200: SimilarReportList },
      },
    },
    async (req) => reports.similar(contextOf(req), req.query.buildingId, req.query.categoryId),
  );
  r.get(
    '/api/v1/reports',
    { schema: { tags, summary: '诉求列表 / Reports', querystring: ReportListQuery, response: { 200: ReportPage } } },
    async (req) => reports.list(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/reports/export',
    {
      schema: {
        tags,
        summary: '导出诉求（按当前筛选，电话打码）/ Export the filtered reports (.xlsx, masked)',
        description:
          'The list’s filters and sort; streamed row by row; 422 EXPORT_TOO_LARGE over 10,000 rows: ' +
          'POST /api/v1/exports runs it in the background.',
        querystring: ReportExportQuery,
      },
    },
    async (req, reply) => {
      const lang = langOf(req);
      // Refusals (scope, too many rows) come before the first byte; the audit entry too.
      const { rows } = await reports.exportRows(contextOf(req), req.query, { maxRows: opts.exportMaxRows });
      const out = new PassThrough();
      reply.header('content-type', XLSX);
      reply.header('cache-control', 'private, no-store');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`${REPORTS_SHEET[lang]}.xlsx`)}`,
      );
      streamReportsXlsx(out, rows, lang).catch((e) => {
        req.log.error({ err: e }, 'report export failed mid-stream');
        out.destroy(e as Error);
      });
      return reply.send(out);
    },
  );
  r.get(
    '/api/v1/reports/:id',
    { schema: { tags, summary: '诉求详情 / Report', params: IdParams, response: { 200: ReportDetail } } },
    async (req) => reports.get(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/reports/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: '诉求照片 / A photo of the report (JPEG)',
        params: ReportPhotoParams,
        querystring: PhotoQuery,
      },
    },
    async (req, reply) => {
      const bytes = await reports.photo(contextOf(req), req.params.id, req.params.photoId, req.query.thumb === '1');
      return reply
        .type('image/jpeg')
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(bytes);
    },
  );
  r.post(
    '/api/v1/reports',
    {
      schema: { tags, summary: '报事 / File a report', body: CreateReportRequest, response: { 201: ReportDetail } },
      // Per person, not per address: a compound's residents often share one public IP (found by the bench).
      config: {
        rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => String(req.actor?.userId ?? req.ip) },
      },
    },
    async (req, reply) => reply.status(201).send(await reports.create(contextOf(req), req.body)),
  );

  const action = <B>(
    path: string,
    summary: string,
    body: import('zod').ZodType<B>,
    run: (ctx: ReturnType<typeof contextOf>, id: number, b: B) => Promise<import('zod').infer<typeof ReportDetail>>,
  ) =>
    r.post(
      `/api/v1/reports/:id/${path}`,
      { schema: { tags, summary, params: IdParams, body, response: { 200: ReportDetail } } },
      async (req) => run(contextOf(req), req.params.id, req.body as B),
    );

  // Accepting needs no words: the body may be left out.
  action('accept', '受理 / 报到 — Accept', AcceptReportRequest.nullish(), (c, id, b) =>
    reports.accept(c, id, b?.message),
  );
  action('answer', '答复 / Answer', HandleReportRequest, (c, id, b) => reports.answer(c, id, b));
  action('resolve', '办结 / Resolve', HandleReportRequest, (c, id, b) => reports.resolve(c, id, b));
  action('escalate', '吹哨上报 / Escalate', EscalateReportRequest, (c, id, b) => reports.escalate(c, id, b));
  action('reject', '不予受理 / Reject', RejectReportRequest, (c, id, b) => reports.reject(c, id, b.reason));
  action('return', '退回街道重新分派（部门）/ Send back to the street to reassign', ReturnReportRequest, (c, id, b) =>
    reports.returnToStreet(c, id, b.reason),
  );
  action('rate', '评价 / Rate the answer', RateReportRequest, (c, id, b) => reports.rate(c, id, b));
  action('merge', '合并重复诉求 / Merge into another report', MergeReportRequest, (c, id, b) =>
    reports.merge(c, id, b.intoReportId),
  );
  r.post(
    '/api/v1/reports/:id/join',
    { schema: { tags, summary: '我也遇到（附议）/ Join', params: IdParams, response: { 200: ReportDetail } } },
    async (req) => reports.join(contextOf(req), req.params.id),
  );
}
