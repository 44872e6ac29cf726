import {
  ApplicationList,
  ApplicationView,
  ApplyRequest,
  ChooseRequest,
  CreateDriveRequest,
  DriveList,
  DriveView,
  IdParams,
  NominateRequest,
  PublicDrivesQuery,
  RegisterApplicantRequest,
  RejectApplicationRequest,
  VetRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { RecruitmentService } from './recruitment.service';
import { APPLICATIONS_SHEET, DRIVES_SHEET } from './recruitment-excel';

const MyApplications = z.object({ items: z.array(ApplicationView) });

/** Recruitment (招募): drives, the public page's reads, applications, nominations, vetting, choice, registration. */
export function recruitmentRoutes(app: FastifyInstance, recruitment: RecruitmentService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['recruitment'];

  r.get(
    '/api/v1/public/recruitment/drives',
    {
      schema: {
        tags,
        summary: '正在招募（公开）/ Open drives (public)',
        security: [],
        querystring: PublicDrivesQuery,
        response: { 200: DriveList },
      },
    },
    async (req) => recruitment.publicDrives(req.query.orgUnitId),
  );
  r.get(
    '/api/v1/public/recruitment/drives/:id',
    {
      schema: {
        tags,
        summary: '招募帖（公开）/ A drive (public)',
        security: [],
        params: IdParams,
        response: { 200: DriveView },
      },
    },
    async (req) => recruitment.publicDrive(req.params.id),
  );

  r.post(
    '/api/v1/recruitment/drives',
    { schema: { tags, summary: '发布招募 / Publish a drive', body: CreateDriveRequest, response: { 201: DriveView } } },
    async (req, reply) => reply.status(201).send(await recruitment.createDrive(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/recruitment/drives',
    { schema: { tags, summary: '辖区招募 / Drives in my jurisdiction', response: { 200: DriveList } } },
    async (req) => recruitment.listDrives(contextOf(req)),
  );
  r.get(
    '/api/v1/recruitment/drives/export',
    {
      schema: {
        tags,
        summary: '导出辖区招募 / Export the drives in my jurisdiction (.xlsx)',
        description: 'What the list shows; audited (recruitment.drives_export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, DRIVES_SHEET, await recruitment.exportDrives(contextOf(req))),
  );
  r.post(
    '/api/v1/recruitment/drives/:id/applications',
    {
      schema: {
        tags,
        summary: '自荐报名 / Apply (self-nomination)',
        params: IdParams,
        body: ApplyRequest,
        response: { 201: ApplicationView },
      },
    },
    async (req, reply) => reply.status(201).send(await recruitment.apply(contextOf(req), req.params.id, req.body)),
  );
  r.post(
    '/api/v1/recruitment/drives/:id/nominations',
    {
      schema: {
        tags,
        summary: '推选 / Nominate someone (they consent)',
        params: IdParams,
        body: NominateRequest,
        response: { 201: ApplicationView },
      },
    },
    async (req, reply) => reply.status(201).send(await recruitment.nominate(contextOf(req), req.params.id, req.body)),
  );
  r.get(
    '/api/v1/recruitment/drives/:id/applications',
    {
      schema: {
        tags,
        summary: '报名名单与统计 / A drive’s applications and counts',
        params: IdParams,
        response: { 200: ApplicationList },
      },
    },
    async (req) => recruitment.applications(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/recruitment/drives/:id/applications/export',
    {
      schema: {
        tags,
        summary: '导出报名名单 / Export a drive’s applications (.xlsx)',
        description: 'The list as shown, phones masked; audited (recruitment.applications_export) first.',
        params: IdParams,
      },
    },
    async (req, reply) =>
      sendListSheet(
        req,
        reply,
        APPLICATIONS_SHEET,
        await recruitment.exportApplications(contextOf(req), req.params.id),
      ),
  );
  r.post(
    '/api/v1/recruitment/drives/:id/choose',
    {
      schema: {
        tags,
        summary: '确定入选 / Choose applicants (within the places)',
        params: IdParams,
        body: ChooseRequest,
        response: { 200: ApplicationList },
      },
    },
    async (req) => recruitment.choose(contextOf(req), req.params.id, req.body.applicationIds),
  );
  r.get(
    '/api/v1/recruitment/my-applications',
    { schema: { tags, summary: '我的报名与推选 / My applications', response: { 200: MyApplications } } },
    async (req) => recruitment.mine(contextOf(req)),
  );
  r.post(
    '/api/v1/recruitment/applications/:id/consent',
    {
      schema: {
        tags,
        summary: '同意被推选 / Consent to a nomination',
        params: IdParams,
        response: { 200: ApplicationView },
      },
    },
    async (req) => recruitment.consent(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/recruitment/applications/:id/vet',
    {
      schema: {
        tags,
        summary: '资格审查（备注、面谈、评分）/ Vet an application',
        params: IdParams,
        body: VetRequest,
        response: { 200: ApplicationView },
      },
    },
    async (req) => recruitment.vet(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/recruitment/applications/:id/reject',
    {
      schema: {
        tags,
        summary: '不予入选 / Turn an application down',
        params: IdParams,
        body: RejectApplicationRequest,
        response: { 200: ApplicationView },
      },
    },
    async (req) => recruitment.reject(contextOf(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/v1/recruitment/applications/:id/register',
    {
      schema: {
        tags,
        summary: '登记为楼长并绑定楼栋 / Register a chosen applicant as captain of buildings',
        params: IdParams,
        body: RegisterApplicantRequest,
        response: { 200: ApplicationView },
      },
    },
    async (req) => recruitment.register(contextOf(req), req.params.id, req.body.buildingIds),
  );
}
