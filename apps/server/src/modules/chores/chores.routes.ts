import {
  BatchReviewRequest,
  BatchReviewResult,
  ChoreFigures,
  ChoreSubmissionDetail,
  ChoreSubmissionPage,
  ChoreSubmissionView,
  ChoreTaskPage,
  ChoreTaskView,
  FiguresQuery,
  IdParams,
  MyChoreTasksQuery,
  MySubmissionsQuery,
  RejectChoreRequest,
  ReviewQueueExportQuery,
  ReviewQueuePage,
  ReviewQueueQuery,
  SubmitChoreRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { ChoreFiguresService } from './chore-figures.service';
import type { ChoreReviewService } from './chore-review.service';
import type { ChoresService } from './chores.service';
import type { ReviewQueueService } from './review-queue.service';
import { REVIEWS_SHEET } from './review-queue-excel';

/** Captains claim and submit; reviewers approve or reject. */
export function choresRoutes(
  app: FastifyInstance,
  chores: ChoresService,
  review: ChoreReviewService,
  queue: ReviewQueueService,
  figures: ChoreFiguresService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chores'];

  r.get(
    '/api/v1/chores/figures',
    {
      schema: {
        tags,
        summary: '任务与积分统计 / Chores and points over a period',
        description:
          'Submitted, approved, rejected and the points credited, with their yuan value; from the start and until now unless `from` and `to` are given.',
        querystring: FiguresQuery,
        response: { 200: ChoreFigures },
      },
    },
    async (req) => figures.figures(contextOf(req), req.query),
  );

  r.get(
    '/api/v1/chores/tasks',
    {
      schema: {
        tags,
        summary: '我楼栋的任务 / Chores of my buildings',
        querystring: MyChoreTasksQuery,
        response: { 200: ChoreTaskPage },
      },
    },
    async (req) => chores.myTasks(contextOf(req), req.query),
  );

  r.post(
    '/api/v1/chores/tasks/:id/claim',
    {
      schema: { tags, summary: '认领任务 / Claim a chore', params: IdParams, response: { 200: ChoreTaskView } },
    },
    async (req) => chores.claim(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/chores/tasks/:id/submissions',
    {
      schema: {
        tags,
        summary: '提交完成凭证 / Submit proof',
        params: IdParams,
        body: SubmitChoreRequest,
        response: { 201: ChoreSubmissionView },
      },
    },
    async (req, reply) => reply.status(201).send(await chores.submit(contextOf(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/chores/submissions/mine',
    {
      schema: {
        tags,
        summary: '我的提交 / My submissions',
        querystring: MySubmissionsQuery,
        response: { 200: ChoreSubmissionPage },
      },
    },
    async (req) => chores.mySubmissions(contextOf(req), req.query),
  );

  r.get(
    '/api/v1/chores/review-queue',
    {
      schema: {
        tags,
        summary: '审核队列 / Review queue',
        querystring: ReviewQueueQuery,
        response: { 200: ReviewQueuePage },
      },
    },
    async (req) => queue.queue(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/chores/review-queue/export',
    {
      schema: {
        tags,
        summary: '导出审核列表（按当前筛选）/ Export the filtered review queue (.xlsx)',
        description: 'The queue’s filters and sort; streamed row by row; 422 EXPORT_TOO_LARGE over 10,000 rows.',
        querystring: ReviewQueueExportQuery,
      },
    },
    async (req, reply) => {
      // Refusals (scope, too many rows) come before the first byte; the audit entry too.
      const { rows } = await queue.exportRows(contextOf(req), req.query);
      return sendListSheet(req, reply, REVIEWS_SHEET, rows);
    },
  );

  r.post(
    '/api/v1/chores/submissions/batch-review',
    {
      schema: {
        tags,
        summary: '批量审核 / Review in batch (per-item results)',
        body: BatchReviewRequest,
        response: { 200: BatchReviewResult },
      },
    },
    async (req) => review.batch(contextOf(req), req.body),
  );

  r.get(
    '/api/v1/chores/submissions/:id',
    {
      schema: {
        tags,
        summary: '提交详情（照片、疑似重复）/ Submission with photos and duplicate flags',
        params: IdParams,
        response: { 200: ChoreSubmissionDetail },
      },
    },
    async (req) => review.detail(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/chores/submissions/:id/approve',
    {
      schema: {
        tags,
        summary: '审核通过并发放积分 / Approve and credit points',
        params: IdParams,
        response: { 200: ChoreSubmissionView },
      },
    },
    async (req) => review.approve(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/chores/submissions/:id/reject',
    {
      schema: {
        tags,
        summary: '退回（须说明原因）/ Reject with a reason',
        params: IdParams,
        body: RejectChoreRequest,
        response: { 200: ChoreSubmissionView },
      },
    },
    async (req) => review.reject(contextOf(req), req.params.id, req.body.reason),
  );
}
