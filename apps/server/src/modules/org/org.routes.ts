import {
  CreateOrgUnitRequest,
  IdParams,
  OrgUnitList,
  OrgUnitListQuery,
  OrgUnitSearchQuery,
  OrgUnitSearchResult,
  OrgUnitView,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { OrgService } from './org.service';

export function orgRoutes(app: FastifyInstance, org: OrgService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['org'];

  r.get(
    '/api/v1/org-units',
    {
      schema: { tags, summary: '组织架构 / Org units', querystring: OrgUnitListQuery, response: { 200: OrgUnitList } },
    },
    async (req) => ({ items: await org.list(contextOf(req), req.query.parentId) }),
  );

  r.get(
    '/api/v1/org-units/search',
    {
      schema: {
        tags,
        summary: '按名称查找组织单元（本辖区内）/ Find org units by name within my jurisdiction',
        querystring: OrgUnitSearchQuery,
        response: { 200: OrgUnitSearchResult },
      },
    },
    async (req) => ({ items: await org.search(contextOf(req), req.query.q) }),
  );

  r.get(
    '/api/v1/departments',
    {
      schema: {
        tags,
        summary: '可派发的职能部门 / Departments serving my jurisdiction',
        response: { 200: OrgUnitList },
      },
    },
    async (req) => ({ items: await org.departments(contextOf(req)) }),
  );

  r.get(
    '/api/v1/org-units/:id',
    { schema: { tags, summary: '组织单元 / One org unit', params: IdParams, response: { 200: OrgUnitView } } },
    async (req) => org.get(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/org-units',
    {
      schema: {
        tags,
        summary: '新增组织单元 / Add an org unit',
        body: CreateOrgUnitRequest,
        response: { 201: OrgUnitView },
      },
    },
    async (req, reply) => reply.status(201).send(await org.create(contextOf(req), req.body)),
  );
}
