import {
  AcceptProjectRequest,
  AddMilestoneRequest,
  AgreementList,
  AgreementView,
  ClaimProjectRequest,
  CreateAgreementRequest,
  CreatePairRequest,
  CreateProjectRequest,
  FeedbackRequest,
  IdParams,
  PairList,
  PairNoteRequest,
  PairView,
  PartnerConsole,
  ProgressRequest,
  ProjectDetail,
  ProjectList,
  ProjectListQuery,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { PairingService } from './pairing.service';
import type { PartnerAgreementsService } from './partner-agreements.service';
import type { PartnersService } from './partners.service';
import { AGREEMENTS_SHEET, PAIRS_SHEET, PROJECTS_SHEET } from './partners-excel';

/** Partners: agreements, livelihood projects (民生实事) and their life, the partner's console, community pairing. */
export function partnersRoutes(
  app: FastifyInstance,
  partners: PartnersService,
  agreements: PartnerAgreementsService,
  pairing: PairingService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['partners'];

  r.get(
    '/api/v1/partner-console',
    { schema: { tags, summary: '共建单位工作台 / Partner console', response: { 200: PartnerConsole } } },
    async (req) => partners.partnerConsole(contextOf(req)),
  );
  r.get(
    '/api/v1/partner-agreements',
    { schema: { tags, summary: '共建协议 / Agreements', response: { 200: AgreementList } } },
    async (req) => agreements.agreements(contextOf(req)),
  );
  r.get(
    '/api/v1/partner-agreements/export',
    {
      schema: {
        tags,
        summary: '导出共建协议 / Export the agreements (.xlsx)',
        description: 'What the list shows; audited (partner_agreement.export) before the first byte.',
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, AGREEMENTS_SHEET, await agreements.exportAgreements(contextOf(req))),
  );
  r.post(
    '/api/v1/partner-agreements',
    {
      schema: {
        tags,
        summary: '签订共建协议 / Sign an agreement',
        body: CreateAgreementRequest,
        response: { 201: AgreementView },
      },
    },
    async (req, reply) => reply.status(201).send(await agreements.createAgreement(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/livelihood-projects',
    {
      schema: { tags, summary: '民生实事 / Projects', querystring: ProjectListQuery, response: { 200: ProjectList } },
    },
    async (req) => partners.projects(contextOf(req), req.query.status),
  );
  r.get(
    '/api/v1/livelihood-projects/export',
    {
      schema: {
        tags,
        summary: '导出民生实事（按当前筛选）/ Export the listed projects (.xlsx)',
        description: 'The list’s status filter; audited (livelihood_project.export) before the first byte.',
        querystring: ProjectListQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, PROJECTS_SHEET, await partners.exportProjects(contextOf(req), req.query.status)),
  );
  r.post(
    '/api/v1/livelihood-projects',
    {
      schema: {
        tags,
        summary: '发布民生实事 / Publish a project',
        body: CreateProjectRequest,
        response: { 201: ProjectDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await partners.createProject(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/livelihood-projects/:id',
    { schema: { tags, summary: '项目详情 / A project', params: IdParams, response: { 200: ProjectDetail } } },
    async (req) => partners.project(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/livelihood-projects/:id/claim',
    {
      schema: {
        tags,
        summary: '认领项目 / Claim a project',
        params: IdParams,
        body: ClaimProjectRequest,
        response: { 200: ProjectDetail },
      },
    },
    async (req) => partners.claim(contextOf(req), req.params.id, req.body.agreementId),
  );
  r.post(
    '/api/v1/livelihood-projects/:id/milestones',
    {
      schema: {
        tags,
        summary: '添加节点 / Add a milestone',
        params: IdParams,
        body: AddMilestoneRequest,
        response: { 200: ProjectDetail },
      },
    },
    async (req) => partners.addMilestone(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/project-milestones/:id/done',
    { schema: { tags, summary: '节点完成 / Milestone reached', params: IdParams, response: { 200: ProjectDetail } } },
    async (req) => partners.milestoneDone(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/livelihood-projects/:id/progress',
    {
      schema: {
        tags,
        summary: '进展报告（附照片）/ Report progress with photos',
        params: IdParams,
        body: ProgressRequest,
        response: { 200: ProjectDetail },
      },
    },
    async (req) => partners.reportProgress(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/livelihood-projects/:id/submit',
    { schema: { tags, summary: '申请验收 / Hand in', params: IdParams, response: { 200: ProjectDetail } } },
    async (req) => partners.submit(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/livelihood-projects/:id/accept',
    {
      schema: {
        tags,
        summary: '验收通过 / Accept',
        params: IdParams,
        body: AcceptProjectRequest,
        response: { 200: ProjectDetail },
      },
    },
    async (req) => partners.accept(contextOf(req), req.params.id, req.body.note),
  );
  r.post(
    '/api/v1/livelihood-projects/:id/feedback',
    {
      schema: {
        tags,
        summary: '居民评价 / Residents’ feedback',
        params: IdParams,
        body: FeedbackRequest,
        response: { 200: ProjectDetail },
      },
    },
    async (req) => partners.giveFeedback(contextOf(req), req.params.id, req.body.rating, req.body.comment),
  );

  r.get(
    '/api/v1/community-pairs',
    { schema: { tags, summary: '结对共建 / Community pairing', response: { 200: PairList } } },
    async (req) => pairing.list(contextOf(req)),
  );
  r.get(
    '/api/v1/community-pairs/export',
    {
      schema: {
        tags,
        summary: '导出结对共建 / Export the community pairs (.xlsx)',
        description: 'What the list shows; audited (community_pair.export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, PAIRS_SHEET, await pairing.exportList(contextOf(req))),
  );
  r.post(
    '/api/v1/community-pairs',
    {
      schema: {
        tags,
        summary: '建立结对 / Pair two communities',
        body: CreatePairRequest,
        response: { 201: PairView },
      },
    },
    async (req, reply) => reply.status(201).send(await pairing.create(contextOf(req), req.body)),
  );
  r.post(
    '/api/v1/community-pairs/:id/notes',
    {
      schema: {
        tags,
        summary: '共建记录与走访 / Add a note or visit',
        params: IdParams,
        body: PairNoteRequest,
        response: { 200: PairView },
      },
    },
    async (req) => pairing.addNote(contextOf(req), req.params.id, req.body),
  );
}
