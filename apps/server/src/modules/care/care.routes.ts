import {
  AddCareContactRequest,
  AssignVisitorRequest,
  CareContactView,
  CareCycleList,
  CareCycleQuery,
  CareList,
  CareListQuery,
  CarePersonDetail,
  CarePersonView,
  CareVisitView,
  IdParams,
  LogVisitRequest,
  PutCareCycleRequest,
  VisitorOptions,
  VisitReportRequest,
  VisitReportResponse,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { CareService } from './care.service';
import { CARE_SHEET } from './care-excel';
import type { CareVisitsService } from './care-visits.service';

/** Visits and care (关爱走访): cycles, cared-for people, visitors, contacts, visit logs. */
export function careRoutes(app: FastifyInstance, care: CareService, visits: CareVisitsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['care'];

  r.get(
    '/api/v1/care/cycles',
    {
      schema: {
        tags,
        summary: '走访周期 / Visit cycles of a community',
        querystring: CareCycleQuery,
        response: { 200: CareCycleList },
      },
    },
    async (req) => care.cycles(contextOf(req), req.query.communityId),
  );

  r.put(
    '/api/v1/care/cycles',
    {
      schema: {
        tags,
        summary: '设置走访周期 / Set a visit cycle',
        body: PutCareCycleRequest,
        response: { 200: CareCycleList },
      },
    },
    async (req) => care.setCycle(contextOf(req), req.body),
  );

  r.get(
    '/api/v1/care/people',
    {
      schema: {
        tags,
        summary: '关爱对象（应访/逾期）/ Cared-for people, due and overdue',
        querystring: CareListQuery,
        response: { 200: CareList },
      },
    },
    async (req) => care.list(contextOf(req), req.query),
  );

  r.get(
    '/api/v1/care/people/export',
    {
      schema: {
        tags,
        summary: '导出关爱对象（按当前筛选）/ Export the listed cared-for people (.xlsx)',
        description:
          'The list’s filters and order; care tags as on screen; audited (care.export) before the first byte.',
        querystring: CareListQuery,
      },
    },
    async (req, reply) => sendListSheet(req, reply, CARE_SHEET, await care.exportList(contextOf(req), req.query)),
  );

  r.get(
    '/api/v1/care/people/:id',
    {
      schema: {
        tags,
        summary: '关爱对象详情（留痕）/ A cared-for person (audited)',
        params: IdParams,
        response: { 200: CarePersonDetail },
      },
    },
    async (req) => care.get(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/care/people/:id/visitor-options',
    {
      schema: {
        tags,
        summary: '可选走访人 / Who may visit them',
        params: IdParams,
        response: { 200: VisitorOptions },
      },
    },
    async (req) => care.visitorOptions(contextOf(req), req.params.id),
  );

  r.put(
    '/api/v1/care/people/:id/visitor',
    {
      schema: {
        tags,
        summary: '指定走访人 / Assign the visitor',
        params: IdParams,
        body: AssignVisitorRequest,
        response: { 200: CarePersonView },
      },
    },
    async (req) => care.assign(contextOf(req), req.params.id, req.body.visitorUserId),
  );

  r.post(
    '/api/v1/care/people/:id/contacts',
    {
      schema: {
        tags,
        summary: '添加亲属联系人 / Add a next-of-kin contact',
        params: IdParams,
        body: AddCareContactRequest,
        response: { 201: CareContactView },
      },
    },
    async (req, reply) => reply.status(201).send(await care.addContact(contextOf(req), req.params.id, req.body)),
  );

  r.post(
    '/api/v1/care/visits',
    {
      schema: {
        tags,
        summary: '记录走访 / Log a visit',
        body: LogVisitRequest,
        response: { 201: CareVisitView },
      },
    },
    async (req, reply) => reply.status(201).send(await visits.log(contextOf(req), req.body)),
  );

  r.post(
    '/api/v1/care/visits/:id/report',
    {
      schema: {
        tags,
        summary: '走访需求转诉求 / Turn a visit need into a report',
        params: IdParams,
        body: VisitReportRequest,
        response: { 201: VisitReportResponse },
      },
    },
    async (req, reply) => reply.status(201).send(await visits.report(contextOf(req), req.params.id, req.body)),
  );
}
