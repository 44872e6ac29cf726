import {
  ChorePublicationList,
  ChorePublicationView,
  ChoreSettingsView,
  ChoreTemplateList,
  ChoreTemplateView,
  CreateChorePublicationRequest,
  CreateChoreTemplateRequest,
  IdParams,
  UpdateChoreSettingsRequest,
  UpdateChoreTemplateRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { ChorePublishingService } from './chore-publishing.service';
import { PUBLICATIONS_SHEET, TEMPLATES_SHEET } from './chore-setup-excel';
import type { ChoreTemplatesService } from './chore-templates.service';

const TemplateListQuery = z.object({ archived: z.enum(['true', 'false']).default('false') }).strict();

/** Staff side of chores: templates, publications, the street's review delegation. */
export function choreSetupRoutes(
  app: FastifyInstance,
  templates: ChoreTemplatesService,
  publishing: ChorePublishingService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chores'];

  r.get(
    '/api/v1/chore-templates',
    {
      schema: {
        tags,
        summary: '任务模板 / Chore templates',
        querystring: TemplateListQuery,
        response: { 200: ChoreTemplateList },
      },
    },
    async (req) => ({ items: await templates.list(contextOf(req), req.query.archived === 'true') }),
  );

  r.get(
    '/api/v1/chore-templates/export',
    {
      schema: {
        tags,
        summary: '导出任务模板 / Export the chore templates (.xlsx)',
        description: 'The list’s filter; audited (chore_template.export) before the first byte.',
        querystring: TemplateListQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(
        req,
        reply,
        TEMPLATES_SHEET,
        await templates.exportList(contextOf(req), req.query.archived === 'true'),
      ),
  );

  r.post(
    '/api/v1/chore-templates',
    {
      schema: {
        tags,
        summary: '新建任务模板 / Create a chore template',
        body: CreateChoreTemplateRequest,
        response: { 201: ChoreTemplateView },
      },
    },
    async (req, reply) => reply.status(201).send(await templates.create(contextOf(req), req.body)),
  );

  r.patch(
    '/api/v1/chore-templates/:id',
    {
      schema: {
        tags,
        summary: '修改或停用任务模板 / Change or archive a chore template',
        params: IdParams,
        body: UpdateChoreTemplateRequest,
        response: { 200: ChoreTemplateView },
      },
    },
    async (req) => templates.update(contextOf(req), req.params.id, req.body),
  );

  r.get(
    '/api/v1/chore-publications',
    { schema: { tags, summary: '已发布任务 / Publications', response: { 200: ChorePublicationList } } },
    async (req) => ({ items: await publishing.list(contextOf(req)) }),
  );

  r.get(
    '/api/v1/chore-publications/export',
    {
      schema: {
        tags,
        summary: '导出已发布任务 / Export the publications (.xlsx)',
        description: 'Audited (chore_publication.export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, PUBLICATIONS_SHEET, await publishing.exportList(contextOf(req))),
  );

  r.post(
    '/api/v1/chore-publications',
    {
      schema: {
        tags,
        summary: '发布任务（一次或周期）/ Publish a chore (once or recurring)',
        body: CreateChorePublicationRequest,
        response: { 201: ChorePublicationView },
      },
    },
    async (req, reply) => reply.status(201).send(await publishing.publish(contextOf(req), req.body)),
  );

  r.post(
    '/api/v1/chore-publications/:id/cancel',
    { schema: { tags, summary: '停止发布 / Stop a publication', params: IdParams } },
    async (req, reply) => {
      await publishing.cancel(contextOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/chores/settings',
    {
      schema: {
        tags,
        summary: '街道任务设置 / Street chore settings',
        querystring: z.object({ streetId: IdParams.shape.id.optional() }).strict(),
        response: { 200: ChoreSettingsView },
      },
    },
    async (req) => templates.settings(contextOf(req), req.query.streetId),
  );

  r.put(
    '/api/v1/chores/settings',
    {
      schema: {
        tags,
        summary: '设置审核委托 / Delegate review to community staff',
        body: UpdateChoreSettingsRequest,
        response: { 200: ChoreSettingsView },
      },
    },
    async (req) => templates.updateSettings(contextOf(req), req.body.streetId, req.body.communityMayReview),
  );
}
