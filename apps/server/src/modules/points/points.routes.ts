import {
  AdjustmentList,
  AdjustmentListQuery,
  AdjustmentView,
  CaptainAccountParams,
  CaptainAccountQuery,
  CreateAdjustmentRequest,
  DecideAdjustmentRequest,
  IdParams,
  MyPointsQuery,
  PointAccountView,
  PointSettingsView,
  StreetQuery,
  UpdatePointSettingsRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import { ADJUSTMENTS_SHEET } from './adjustments-excel';
import type { PointsService } from './points.service';

export function pointsRoutes(app: FastifyInstance, points: PointsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['points'];

  r.get(
    '/api/v1/points/me',
    {
      schema: {
        tags,
        summary: '我的积分与明细 / My points and history',
        querystring: MyPointsQuery,
        response: { 200: PointAccountView },
      },
    },
    async (req) => points.mine(contextOf(req), req.query),
  );

  r.get(
    '/api/v1/points/accounts/:userId',
    {
      schema: {
        tags,
        summary: '楼长积分账户 / A captain’s points account (staff, in scope)',
        params: CaptainAccountParams,
        querystring: CaptainAccountQuery,
        response: { 200: PointAccountView },
      },
    },
    async (req) => points.ofCaptain(contextOf(req), req.params.userId, req.query),
  );

  r.get(
    '/api/v1/points/adjustments',
    {
      schema: {
        tags,
        summary: '积分调整列表 / Adjustments',
        querystring: AdjustmentListQuery,
        response: { 200: AdjustmentList },
      },
    },
    async (req) => ({ items: await points.listAdjustments(contextOf(req), req.query.status, req.query.limit) }),
  );

  r.get(
    '/api/v1/points/adjustments/export',
    {
      schema: {
        tags,
        summary: '导出积分调整（按当前筛选）/ Export the listed adjustments (.xlsx)',
        description: 'The list’s filters; audited (points.adjustments_export) before the first byte.',
        querystring: AdjustmentListQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, ADJUSTMENTS_SHEET, await points.exportAdjustments(contextOf(req), req.query)),
  );

  r.post(
    '/api/v1/points/adjustments',
    {
      schema: {
        tags,
        summary: '积分调整（超过阈值须第二人审批）/ Adjust points (a second approver above the threshold)',
        body: CreateAdjustmentRequest,
        response: { 201: AdjustmentView },
      },
    },
    async (req, reply) => reply.status(201).send(await points.requestAdjustment(contextOf(req), req.body)),
  );

  r.post(
    '/api/v1/points/adjustments/:id/approve',
    {
      schema: {
        tags,
        summary: '审批积分调整 / Approve an adjustment',
        params: IdParams,
        body: DecideAdjustmentRequest.optional(),
        response: { 200: AdjustmentView },
      },
    },
    async (req) => points.approveAdjustment(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/points/adjustments/:id/reject',
    {
      schema: {
        tags,
        summary: '驳回积分调整 / Reject an adjustment',
        params: IdParams,
        body: DecideAdjustmentRequest.optional(),
        response: { 200: AdjustmentView },
      },
    },
    async (req) => points.rejectAdjustment(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/points/settings',
    {
      schema: {
        tags,
        summary: '积分设置 / Point value and adjustment threshold',
        querystring: StreetQuery,
        response: { 200: PointSettingsView },
      },
    },
    async (req) => points.settings(contextOf(req), req.query.streetId),
  );

  r.put(
    '/api/v1/points/settings',
    {
      schema: {
        tags,
        summary: '修改积分设置 / Set point value and threshold',
        body: UpdatePointSettingsRequest,
        response: { 200: PointSettingsView },
      },
    },
    async (req) => points.updateSettings(contextOf(req), req.body),
  );
}
