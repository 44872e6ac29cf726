import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { exportJobs } from '../../db/schema';
import { type Db, rows } from '../../platform/db';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export type ExportJobRow = typeof exportJobs.$inferSelect;

export async function insertJob(db: Db, v: typeof exportJobs.$inferInsert): Promise<number> {
  const [row] = await db.insert(exportJobs).values(v).returning({ id: exportJobs.id });
  return (row as { id: number }).id;
}

/** One export of `createdBy` (anyone else's: undefined). */
export async function findJob(db: Db, id: number, createdBy: number): Promise<ExportJobRow | undefined> {
  const [row] = await db
    .select()
    .from(exportJobs)
    .where(and(eq(exportJobs.id, id), eq(exportJobs.createdBy, createdBy)));
  return row;
}

/** The newest exports of `createdBy`. */
export async function listJobs(db: Db, createdBy: number, limit: number): Promise<ExportJobRow[]> {
  const { ...columns } = getTableColumns(exportJobs);
  return db
    .select(columns)
    .from(exportJobs)
    .where(eq(exportJobs.createdBy, createdBy))
    .orderBy(desc(exportJobs.id))
    .limit(limit);
}

export interface ClaimedJob {
  id: number;
  kind: string;
  createdBy: number;
  filters: Record<string, string>;
  lang: string;
  ip: string;
  attempts: number;
}

/**
 * Takes the oldest waiting export (or one whose run's lease ran out) for this run: one statement, SKIP LOCKED,
 * so two instances never take the same one. `attempts` afterwards names this run.
 */
export async function claimJob(db: Db, now: Date, leaseMs: number): Promise<ClaimedJob | null> {
  const [row] = await rows<{
    id: number;
    kind: string;
    created_by: number;
    filters: Record<string, string>;
    lang: string;
    ip: string;
    attempts: number;
  }>(
    db,
    sql`update export_jobs j
        set status = 'running', attempts = j.attempts + 1, started_at = coalesce(j.started_at, ${ts(now)}),
            lease_until = ${ts(new Date(now.getTime() + leaseMs))}, rows_done = 0
        where j.id = (select id from export_jobs
                      where status = 'queued' or (status = 'running' and lease_until < ${ts(now)})
                      order by id limit 1 for update skip locked)
        returning j.id, j.kind, j.created_by, j.filters, j.lang, j.ip, j.attempts`,
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    kind: row.kind,
    createdBy: Number(row.created_by),
    filters: row.filters,
    lang: row.lang,
    ip: row.ip,
    attempts: Number(row.attempts),
  };
}

const heldBy = (id: number, attempts: number) =>
  and(eq(exportJobs.id, id), eq(exportJobs.attempts, attempts), eq(exportJobs.status, 'running'));

/** Records how far the run got and extends its lease; false when another run has taken the export over. */
export async function recordProgress(
  db: Db,
  id: number,
  attempts: number,
  v: { rowsDone: number; rowsTotal?: number; leaseUntil: Date },
): Promise<boolean> {
  const updated = await db.update(exportJobs).set(v).where(heldBy(id, attempts)).returning({ id: exportJobs.id });
  return updated.length > 0;
}

/** The outcome, written only by the run holding the export. */
export async function finishJob(
  db: Db,
  id: number,
  attempts: number,
  v:
    | { status: 'done'; rowsDone: number; fileKey: string; fileBytes: number; finishedAt: Date; expiresAt: Date }
    | { status: 'failed'; error: unknown; finishedAt: Date },
): Promise<boolean> {
  const updated = await db
    .update(exportJobs)
    .set({ ...v, leaseUntil: null })
    .where(heldBy(id, attempts))
    .returning({ id: exportJobs.id });
  return updated.length > 0;
}

/** Done exports whose files are past keeping: marked expired, their keys returned for deletion. */
export async function expireFiles(db: Db, now: Date): Promise<string[]> {
  const found = await rows<{ file_key: string | null }>(
    db,
    sql`update export_jobs j set status = 'expired', file_key = null
        from (select id, file_key from export_jobs
              where status = 'done' and expires_at <= ${ts(now)} for update skip locked) old
        where j.id = old.id
        returning old.file_key`,
  );
  return found.flatMap((r) => (r.file_key ? [r.file_key] : []));
}

/** Finished exports (no file left) created before `before`: deleted. */
export async function purgeJobs(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(exportJobs)
    .where(and(sql`${exportJobs.status} in ('expired', 'failed')`, sql`${exportJobs.createdAt} < ${ts(before)}`))
    .returning({ id: exportJobs.id });
  return deleted.length;
}
