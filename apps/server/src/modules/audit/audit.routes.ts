import { AuditLogPage, AuditLogQuery } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { AuditService } from './audit.service';

export function auditRoutes(app: FastifyInstance, audit: AuditService): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: '操作日志 / Audit log',
        description:
          "Who did what, when, from where (reveals of personal data included), newest first. Street staff read their street's rows; admins read all.",
        querystring: AuditLogQuery,
        response: { 200: AuditLogPage },
      },
    },
    async (req) => audit.search(contextOf(req), req.query),
  );
}
