import {
  IdParams,
  IssueOpen311ClientRequest,
  Open311ClientIssued,
  Open311ClientList,
  Open311ClientView,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { Open311ClientsService } from './open311-clients.service';

/** Issuing and revoking Open311 keys: part of the session API, for street staff and admins. */
export function open311ClientsRoutes(app: FastifyInstance, clients: Open311ClientsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['open311'];

  r.get(
    '/api/v1/open311/clients',
    { schema: { tags, summary: 'Open311 接入方 / Open311 clients', response: { 200: Open311ClientList } } },
    async (req) => clients.list(contextOf(req)),
  );

  r.post(
    '/api/v1/open311/clients',
    {
      schema: {
        tags,
        summary: '发放 Open311 密钥 / Issue an Open311 key (shown once)',
        body: IssueOpen311ClientRequest,
        response: { 201: Open311ClientIssued },
      },
    },
    async (req, reply) => reply.status(201).send(await clients.issue(contextOf(req), req.body)),
  );

  r.post(
    '/api/v1/open311/clients/:id/revoke',
    {
      schema: {
        tags,
        summary: '吊销 Open311 密钥 / Revoke an Open311 key',
        params: IdParams,
        response: { 200: Open311ClientView },
      },
    },
    async (req) => clients.revoke(contextOf(req), req.params.id),
  );
}
