import { z } from 'zod';
import { Cursor, IdParam, Limit, ListTotal } from './common';

export const AUDIT_RESULTS = ['ok', 'denied', 'error'] as const;

/** 操作日志 search: every filter narrows; `action` matches a whole action or a prefix ending in '.' (resident.reveal.). */
const auditFilters = {
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*\.?$/)
    .max(60)
    .optional(),
  actorUserId: IdParam.optional(),
  objectType: z
    .string()
    .regex(/^[a-z_]+$/)
    .max(40)
    .optional(),
  objectId: z.string().max(40).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  /** Shanghai days, inclusive: 'YYYY-MM-DD'. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
};
export const AuditLogQuery = z.object({ ...auditFilters, cursor: Cursor.optional(), limit: Limit }).strict();
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;
/** What the log's filters show, exported (newest first); the export is itself a row of the log. */
export const AuditExportQuery = z.object(auditFilters).strict();
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

export const AuditEntryView = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  ip: z.string().nullable(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;
export const AuditLogPage = z.object({
  items: z.array(AuditEntryView),
  nextCursor: z.string().nullable(),
  ...ListTotal.shape,
});
