import {
  BuildingChoiceList,
  BuildingRooms,
  BuildingSearchQuery,
  ConfirmResidencyRequest,
  CreateResidencyClaimRequest,
  IdParams,
  RejectResidencyRequest,
  ResidencyClaimList,
  ResidencyClaimListQuery,
  ResidencyClaimView,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, requireActor } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { ResidencyService } from './residency.service';
import { RESIDENCY_SHEET } from './residency-excel';

/** Residency: 申请加入住户 and 待确认住户 (confirm or reject), and choosing a building and room. */
export function residencyRoutes(app: FastifyInstance, residency: ResidencyService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['residency'];

  r.post(
    '/api/v1/residency-claims',
    {
      schema: {
        tags,
        summary: '申请加入住户 / Ask to be confirmed as living in a building',
        body: CreateResidencyClaimRequest,
        response: { 201: ResidencyClaimView },
      },
    },
    async (req, reply) => reply.status(201).send(await residency.claim(contextOf(req), req.body)),
  );

  r.get(
    '/api/v1/residency-claims',
    {
      schema: {
        tags,
        summary: '待确认住户 / Residency requests in my jurisdiction',
        querystring: ResidencyClaimListQuery,
        response: { 200: ResidencyClaimList },
      },
    },
    async (req) => residency.list(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/residency-claims/export',
    {
      schema: {
        tags,
        summary: '导出待确认住户（按当前筛选）/ Export the listed residency requests (.xlsx)',
        description: 'The list’s filters; phones masked; audited (residency.export) before the first byte.',
        querystring: ResidencyClaimListQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, RESIDENCY_SHEET, await residency.exportList(contextOf(req), req.query)),
  );

  r.get(
    '/api/v1/residency-claims/mine',
    { schema: { tags, summary: '我的住户申请 / My residency requests', response: { 200: ResidencyClaimList } } },
    async (req) => residency.mine(contextOf(req)),
  );

  r.post(
    '/api/v1/residency-claims/:id/confirm',
    {
      schema: {
        tags,
        summary: '确认住户 / Confirm into a household',
        params: IdParams,
        body: ConfirmResidencyRequest,
        response: { 200: ResidencyClaimView },
      },
    },
    async (req) => residency.confirm(contextOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/residency-claims/:id/reject',
    {
      schema: {
        tags,
        summary: '不予确认 / Reject with a reason',
        params: IdParams,
        body: RejectResidencyRequest,
        response: { 200: ResidencyClaimView },
      },
    },
    async (req) => residency.reject(contextOf(req), req.params.id, req.body.reason),
  );

  r.get(
    '/api/v1/residency/buildings',
    {
      schema: {
        tags,
        summary: '查找楼栋 / Find a building by name or address',
        querystring: BuildingSearchQuery,
        response: { 200: BuildingChoiceList },
      },
    },
    async (req) => {
      requireActor(req);
      return residency.searchBuildings(req.query.q);
    },
  );

  r.get(
    '/api/v1/residency/buildings/:id/rooms',
    {
      schema: { tags, summary: '楼栋门牌 / Rooms of a building', params: IdParams, response: { 200: BuildingRooms } },
    },
    async (req) => {
      requireActor(req);
      return residency.rooms(req.params.id);
    },
  );
}
