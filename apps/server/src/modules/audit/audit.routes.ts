import { AuditExportQuery, AuditLogPage, AuditLogQuery, COUNT_CAP } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { AuditService } from './audit.service';
import { AUDIT_SHEET } from './audit-excel';

export function auditRoutes(
  app: FastifyInstance,
  audit: AuditService,
  opts: { exportMaxRows: number } = { exportMaxRows: COUNT_CAP },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: '操作日志 / Audit log',
        description:
          "Who did what, when, from where (reveals of personal data included), newest first, counted (共 N 条). Street staff read their street's rows; admins read all.",
        querystring: AuditLogQuery,
        response: { 200: AuditLogPage },
      },
    },
    async (req) => audit.search(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/audit-log/export',
    {
      schema: {
        tags: ['audit'],
        summary: '导出操作日志（按当前筛选）/ Export the filtered audit log (.xlsx)',
        description:
          'The log’s filters, newest first; the export is itself logged (audit.export) before the first byte; ' +
          '422 EXPORT_TOO_LARGE over 10,000 rows: POST /api/v1/exports (kind audit) runs it in the background.',
        querystring: AuditExportQuery,
      },
    },
    async (req, reply) => {
      // Refusals (scope, too many rows) come before the first byte; the audit entry too.
      const { rows } = await audit.exportRows(contextOf(req), req.query, { maxRows: opts.exportMaxRows });
      return sendListSheet(req, reply, AUDIT_SHEET, rows);
    },
  );
}
