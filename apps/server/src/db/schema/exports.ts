import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * 导出任务: an export too big to stream in the request, written by the job `exports.run` into the blob store
 * (encrypted) and downloaded by the person who asked while it is kept (expires_at). Progress is rows_done of
 * rows_total; `attempts` names the run holding it (a lease, like household imports).
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** What is exported: a kind registered with the exports service (reports, households …). */
    kind: text('kind').notNull(),
    createdBy: bigint('created_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    /** The list's filters as asked (validated by the kind's query schema). */
    filters: jsonb('filters').notNull(),
    /** The language of the file's headers and words. */
    lang: text('lang').notNull(),
    /** The request's address, for the audit rows. */
    ip: text('ip').notNull(),
    status: text('status').notNull().default('queued'),
    rowsDone: integer('rows_done').notNull().default(0),
    rowsTotal: integer('rows_total'),
    fileKey: text('file_key'),
    fileBytes: integer('file_bytes'),
    error: jsonb('error'),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    /** When the file is removed (set when done); the row goes some days later. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('export_jobs_pending_idx').on(t.id).where(sql`${t.status} in ('queued', 'running')`),
    index('export_jobs_created_by_idx').on(t.createdBy, t.id),
    check('export_jobs_status_ck', sql`${t.status} in ('queued', 'running', 'done', 'failed', 'expired')`),
  ],
);
