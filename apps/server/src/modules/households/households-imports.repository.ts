import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { householdImports } from '../../db/schema';
import { type Db, rows } from '../../platform/db';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export type HouseholdImportRow = typeof householdImports.$inferSelect;

export async function insertImport(db: Db, v: typeof householdImports.$inferInsert): Promise<number> {
  const [row] = await db.insert(householdImports).values(v).returning({ id: householdImports.id });
  return (row as { id: number }).id;
}

/**
 * A commit of a file, unless this importer already committed the same file (queued, running or done): then
 * that import's id and `created: false`. One statement against the unique index, so two at once make one.
 */
export async function insertCommitOnce(
  db: Db,
  v: typeof householdImports.$inferInsert & { fileSha256: string },
): Promise<{ id: number; created: boolean }> {
  const [row] = await db
    .insert(householdImports)
    .values(v)
    .onConflictDoNothing({
      target: [householdImports.createdBy, householdImports.fileSha256],
      where: sql`${householdImports.dryRun} = false and ${householdImports.status} <> 'failed'`,
    })
    .returning({ id: householdImports.id });
  if (row) return { id: row.id, created: true };
  const [earlier] = await db
    .select({ id: householdImports.id })
    .from(householdImports)
    .where(
      and(
        eq(householdImports.createdBy, v.createdBy),
        eq(householdImports.fileSha256, v.fileSha256),
        sql`${householdImports.dryRun} = false and ${householdImports.status} <> 'failed'`,
      ),
    );
  if (!earlier) throw new Error('import: a conflicting commit vanished');
  return { id: earlier.id, created: false };
}

export type ImportView = Omit<HouseholdImportRow, 'fileKey'>;

export async function findImport(db: Db, id: number, createdBy: number): Promise<ImportView | undefined> {
  const { fileKey: _file, ...columns } = getTableColumns(householdImports);
  const [row] = await db
    .select(columns)
    .from(householdImports)
    .where(and(eq(householdImports.id, id), eq(householdImports.createdBy, createdBy)));
  return row;
}

export interface ClaimedImport {
  id: number;
  createdBy: number;
  dryRun: boolean;
  validOnly: boolean;
  ip: string;
  attempts: number;
  fileKey: string | null;
}

/**
 * Takes the oldest waiting import (or one whose run's lease ran out) for this run: one statement, SKIP LOCKED,
 * so two instances never take the same one. `attempts` afterwards names this run.
 */
export async function claimImport(db: Db, now: Date, leaseMs: number): Promise<ClaimedImport | null> {
  const [row] = await rows<{
    id: number;
    created_by: number;
    dry_run: boolean;
    valid_only: boolean;
    ip: string;
    attempts: number;
    file_key: string | null;
  }>(
    db,
    sql`update household_imports i
        set status = 'running', attempts = i.attempts + 1, started_at = coalesce(i.started_at, ${ts(now)}),
            lease_until = ${ts(new Date(now.getTime() + leaseMs))}
        where i.id = (select id from household_imports
                      where status = 'queued' or (status = 'running' and lease_until < ${ts(now)})
                      order by id limit 1 for update skip locked)
        returning i.id, i.created_by, i.dry_run, i.valid_only, i.ip, i.attempts, i.file_key`,
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    createdBy: Number(row.created_by),
    dryRun: row.dry_run,
    validOnly: row.valid_only,
    ip: row.ip,
    attempts: Number(row.attempts),
    fileKey: row.file_key,
  };
}

/** Records how far the run got and extends its lease; false when another run has taken the import over. */
export async function recordProgress(
  db: Db,
  id: number,
  attempts: number,
  rowsRead: number,
  rowsEstimated: number | null,
  leaseUntil: Date,
): Promise<boolean> {
  const updated = await db
    .update(householdImports)
    .set({ rowsRead, rowsEstimated, leaseUntil })
    .where(
      and(eq(householdImports.id, id), eq(householdImports.attempts, attempts), eq(householdImports.status, 'running')),
    )
    .returning({ id: householdImports.id });
  return updated.length > 0;
}

/** The outcome, written only by the run holding the import; the file is dropped with it. */
export async function finishImport(
  db: Db,
  id: number,
  attempts: number,
  v: { status: 'done' | 'failed'; result: unknown; error: unknown; finishedAt: Date },
): Promise<boolean> {
  const updated = await db
    .update(householdImports)
    .set({ ...v, fileKey: null, leaseUntil: null })
    .where(
      and(eq(householdImports.id, id), eq(householdImports.attempts, attempts), eq(householdImports.status, 'running')),
    )
    .returning({ id: householdImports.id });
  return updated.length > 0;
}

/** Finished imports older than `before` (their results are no longer asked for). */
/** Finished imports created in [from, before): those whose annotated error files are past keeping. */
export async function finishedImportIds(db: Db, from: Date, before: Date): Promise<number[]> {
  const found = await db
    .select({ id: householdImports.id })
    .from(householdImports)
    .where(
      and(
        sql`${householdImports.status} in ('done', 'failed')`,
        sql`${householdImports.createdAt} >= ${ts(from)}`,
        sql`${householdImports.createdAt} < ${ts(before)}`,
      ),
    );
  return found.map((r) => r.id);
}

export async function purgeImports(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(householdImports)
    .where(
      and(sql`${householdImports.status} in ('done', 'failed')`, sql`${householdImports.createdAt} < ${ts(before)}`),
    )
    .returning({ id: householdImports.id });
  return deleted.length;
}

export async function isFinished(db: Db, id: number): Promise<boolean> {
  const [row] = await db
    .select({ status: householdImports.status })
    .from(householdImports)
    .where(eq(householdImports.id, id));
  return row?.status === 'done' || row?.status === 'failed';
}
