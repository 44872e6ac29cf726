import {
  AddCouncilMemberRequest,
  CouncilList,
  CouncilView,
  CreateCouncilRequest,
  CreateMeetingRequest,
  IdParams,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { CouncilsService } from './councils.service';
import { COUNCILS_SHEET } from './councils-excel';

/** Building councils (楼事会): councils, members, meetings with minutes. */
export function councilsRoutes(app: FastifyInstance, councils: CouncilsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['deliberation'];
  r.post(
    '/api/v1/councils',
    {
      schema: {
        tags,
        summary: '成立楼事会 / Form a council',
        body: CreateCouncilRequest,
        response: { 201: CouncilView },
      },
    },
    async (req, reply) => reply.status(201).send(await councils.create(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/councils',
    { schema: { tags, summary: '楼事会 / Councils', response: { 200: CouncilList } } },
    async (req) => councils.list(contextOf(req)),
  );
  r.get(
    '/api/v1/councils/export',
    {
      schema: {
        tags,
        summary: '导出楼事会 / Export the councils I see (.xlsx)',
        description: 'What the list shows; audited (council.export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, COUNCILS_SHEET, await councils.exportList(contextOf(req))),
  );
  r.get(
    '/api/v1/councils/:id',
    { schema: { tags, summary: '楼事会详情 / A council', params: IdParams, response: { 200: CouncilView } } },
    async (req) => councils.get(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/councils/:id/members',
    {
      schema: {
        tags,
        summary: '添加成员 / Add a member',
        params: IdParams,
        body: AddCouncilMemberRequest,
        response: { 200: CouncilView },
      },
    },
    async (req) => councils.addMember(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/councils/:id/meetings',
    {
      schema: {
        tags,
        summary: '记录会议纪要 / Record a meeting',
        params: IdParams,
        body: CreateMeetingRequest,
        response: { 200: CouncilView },
      },
    },
    async (req) => councils.addMeeting(contextOf(req), req.params.id, req.body),
  );
}
