import {
  BallotView,
  CastBallotRequest,
  CommentList,
  CommentView,
  CreateCommentRequest,
  CreateProposalRequest,
  IdParams,
  ProposalList,
  ProposalRollView,
  ProposalTally,
  ProposalView,
  SendLinkRequest,
  SendLinkResult,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { DeliberationService } from './deliberation.service';
import { PROPOSALS_SHEET, ROLL_SHEET } from './deliberation-excel';
import type { DeliberationExportsService } from './deliberation-exports.service';

/** Proposals and votes (协商议事): create, read, the roll, ballots, close, the tally, comments. */
export function deliberationRoutes(
  app: FastifyInstance,
  deliberation: DeliberationService,
  exports: DeliberationExportsService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['deliberation'];

  r.post(
    '/api/v1/proposals',
    {
      schema: {
        tags,
        summary: '发起议题表决 / Open a vote',
        body: CreateProposalRequest,
        response: { 201: ProposalView },
      },
    },
    async (req, reply) => reply.status(201).send(await deliberation.create(contextOf(req), req.body)),
  );

  r.get(
    '/api/v1/proposals',
    { schema: { tags, summary: '议题 / Proposals', response: { 200: ProposalList } } },
    async (req) => deliberation.list(contextOf(req)),
  );
  r.get(
    '/api/v1/proposals/export',
    {
      schema: {
        tags,
        summary: '导出议事表决 / Export the proposals I see (.xlsx)',
        description: 'What the list shows; audited (proposal.export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, PROPOSALS_SHEET, await exports.proposals(contextOf(req))),
  );

  r.get(
    '/api/v1/proposals/:id',
    { schema: { tags, summary: '议题详情 / A proposal', params: IdParams, response: { 200: ProposalView } } },
    async (req) => deliberation.get(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/proposals/:id/tally',
    {
      schema: {
        tags,
        summary: '计票结果 / The tally (live while open, frozen once closed)',
        params: IdParams,
        response: { 200: ProposalTally },
      },
    },
    async (req) => deliberation.tally(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/proposals/:id/roll',
    {
      schema: {
        tags,
        summary: '表决名册与各户表决 / The roll with each household’s ballot',
        params: IdParams,
        response: { 200: ProposalRollView },
      },
    },
    async (req) => deliberation.roll(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/proposals/:id/roll/export',
    {
      schema: {
        tags,
        summary: '导出表决名册 / Export the roll with each household’s ballot (.xlsx)',
        description: 'For the proposal’s managers; audited (proposal.roll_export) before the first byte.',
        params: IdParams,
      },
    },
    async (req, reply) => sendListSheet(req, reply, ROLL_SHEET, await exports.roll(contextOf(req), req.params.id)),
  );

  r.post(
    '/api/v1/proposals/:id/ballots',
    {
      schema: {
        tags,
        summary: '表决（本人手机、纸质票或入户）/ Cast or change a ballot',
        params: IdParams,
        body: CastBallotRequest,
        response: { 200: BallotView, 201: BallotView },
      },
    },
    async (req, reply) => {
      const { ballot, created } = await deliberation.castBallot(contextOf(req), req.params.id, req.body);
      return reply.status(created ? 201 : 200).send(ballot);
    },
  );

  r.post(
    '/api/v1/proposals/:id/close',
    {
      schema: {
        tags,
        summary: '结束表决并公布结果 / Close the vote and publish the result',
        params: IdParams,
        response: { 200: ProposalTally },
      },
    },
    async (req) => deliberation.close(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/proposals/:id/send-link',
    {
      schema: {
        tags,
        summary: '短信发送表决链接给外地业主 / Text the vote link to absentee owners who have not voted',
        params: IdParams,
        body: SendLinkRequest,
        response: { 200: SendLinkResult },
      },
    },
    async (req) => deliberation.sendLink(contextOf(req), req.params.id, req.body.resend),
  );

  r.get(
    '/api/v1/proposals/:id/comments',
    { schema: { tags, summary: '意见 / Comments', params: IdParams, response: { 200: CommentList } } },
    async (req) => deliberation.comments(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/proposals/:id/comments',
    {
      schema: {
        tags,
        summary: '发表意见 / Comment',
        params: IdParams,
        body: CreateCommentRequest,
        response: { 201: CommentView },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await deliberation.comment(contextOf(req), req.params.id, req.body.body)),
  );
}
