import {
  AddMeritRequest,
  CertificateParams,
  CreateHonourRoundRequest,
  HonourRoundList,
  HonourRoundsQuery,
  HonourRoundView,
  HonourScoreView,
  HonourVerifyParams,
  HonourVerifyView,
  IdParams,
  MyHonours,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { HonourCertificatesService } from './honour-certificates.service';
import type { HonoursService } from './honours.service';
import { HONOUR_ROUNDS_SHEET, HONOUR_SCORES_SHEET } from './honours-excel';

/** Honours (星级楼长 / 最美楼长): draft, review, publish, merits, my scores, certificates and their public check. */
export function honoursRoutes(
  app: FastifyInstance,
  honours: HonoursService,
  certificates: HonourCertificatesService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['honours'];

  r.post(
    '/api/v1/honours/rounds',
    {
      schema: {
        tags,
        summary: '生成评选草稿（周期结束后）/ Draft a round for an ended period',
        body: CreateHonourRoundRequest,
        response: { 201: HonourRoundView },
      },
    },
    async (req, reply) => reply.status(201).send(await honours.draft(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/honours/rounds',
    {
      schema: {
        tags,
        summary: '评选列表 / A street’s rounds',
        querystring: HonourRoundsQuery,
        response: { 200: HonourRoundList },
      },
    },
    async (req) => honours.list(contextOf(req), req.query.streetId),
  );
  r.get(
    '/api/v1/honours/rounds/export',
    {
      schema: {
        tags,
        summary: '导出评选列表 / Export a street’s rounds (.xlsx)',
        description: 'What the list shows for the street; audited (honour_round.list_export) before the first byte.',
        querystring: HonourRoundsQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, HONOUR_ROUNDS_SHEET, await honours.exportRounds(contextOf(req), req.query.streetId)),
  );
  r.get(
    '/api/v1/honours/rounds/:id',
    {
      schema: {
        tags,
        summary: '评选详情与得分 / A round with every score',
        params: IdParams,
        response: { 200: HonourRoundView },
      },
    },
    async (req) => honours.get(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/honours/rounds/:id/export',
    {
      schema: {
        tags,
        summary: '导出评选得分 / Export a round’s scores (.xlsx)',
        description: 'Every score the round’s page shows, in its order; audited (honour_round.export) first.',
        params: IdParams,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, HONOUR_SCORES_SHEET, await honours.exportScores(contextOf(req), req.params.id)),
  );
  r.post(
    '/api/v1/honours/rounds/:id/review',
    {
      schema: { tags, summary: '审核评选 / Review a draft', params: IdParams, response: { 200: HonourRoundView } },
    },
    async (req) => honours.review(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/honours/rounds/:id/publish',
    {
      schema: {
        tags,
        summary: '发布评选（发放奖励积分）/ Publish (bonus points once)',
        params: IdParams,
        response: { 200: HonourRoundView },
      },
    },
    async (req) => honours.publish(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/honours/rounds/:id/certificates/:userId',
    { schema: { tags, summary: '荣誉证书 PDF / Certificate (PDF)', params: CertificateParams } },
    async (req, reply) => {
      const { pdf, filename } = await certificates.certificate(contextOf(req), req.params.id, req.params.userId);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
  r.get(
    '/api/v1/honours/rounds/:id/scores/:userId',
    {
      schema: {
        tags,
        summary: '某位楼长的得分明细 / One captain’s score breakdown in a round',
        params: CertificateParams,
        response: { 200: HonourScoreView },
      },
    },
    async (req) => honours.scoreIn(contextOf(req), req.params.id, req.params.userId),
  );
  r.post(
    '/api/v1/honours/merits',
    {
      schema: {
        tags,
        summary: '评审加分 / A reviewer’s merit for a captain',
        body: AddMeritRequest,
        response: { 201: z.object({ id: z.number() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await honours.addMerit(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/honours/me',
    { schema: { tags, summary: '我的荣誉与得分明细 / My honours and scores', response: { 200: MyHonours } } },
    async (req) => honours.mine(contextOf(req)),
  );
  r.get(
    '/api/v1/public/honours/verify/:token',
    {
      schema: {
        tags,
        summary: '验证荣誉证书（公开）/ Verify a certificate (public)',
        security: [],
        params: HonourVerifyParams,
        response: { 200: HonourVerifyView },
      },
    },
    async (req) => certificates.verify(req.params.token),
  );
}
