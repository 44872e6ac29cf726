import { z } from 'zod';

/**
 * 导出任务 (background exports): a console list's export too big to stream in the request. The console
 * posts the list's query (as its URL carries it); the job writes the .xlsx, masked as the list shows it,
 * and the person who asked downloads it from `GET /exports/{id}/file` until it expires.
 */
export const EXPORT_KINDS = ['reports', 'households', 'audit'] as const;
export const ExportKind = z.enum(EXPORT_KINDS);
export type ExportKind = z.infer<typeof ExportKind>;

export const CreateExport = z
  .object({
    kind: ExportKind,
    /** The list's query string as key → value (the same names and values as the list's URL). */
    filters: z.record(z.string().max(40), z.string().max(200)).default({}),
  })
  .strict();
export type CreateExport = z.infer<typeof CreateExport>;

/** queued → running → done (file ready until expiresAt) → expired; or failed with a coded error. */
export const ExportStatus = z.enum(['queued', 'running', 'done', 'failed', 'expired']);
export type ExportStatus = z.infer<typeof ExportStatus>;

export const ExportJob = z.object({
  id: z.number(),
  kind: ExportKind,
  status: ExportStatus,
  /** Rows written so far, of rowsTotal (counted when the run starts; null before). */
  rowsDone: z.number(),
  rowsTotal: z.number().nullable(),
  /** The file's name, for the download. */
  fileName: z.string(),
  fileBytes: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** When the file is removed. */
  expiresAt: z.string().nullable(),
});
export type ExportJob = z.infer<typeof ExportJob>;

export const ExportJobList = z.object({ items: z.array(ExportJob) });
export type ExportJobList = z.infer<typeof ExportJobList>;
