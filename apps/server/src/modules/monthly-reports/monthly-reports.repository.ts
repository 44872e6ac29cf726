import { and, desc, eq, sql } from 'drizzle-orm';
import { monthlyReports, orgUnits, users } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type MonthlyReportRow = {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  month: string;
  fileKey: string;
  fileBytes: number;
  generatedByName: string | null;
  generatedAt: Date;
};

const columns = {
  id: monthlyReports.id,
  orgUnitId: monthlyReports.orgUnitId,
  orgUnitName: orgUnits.name,
  path: orgUnits.path,
  month: monthlyReports.month,
  fileKey: monthlyReports.fileKey,
  fileBytes: monthlyReports.fileBytes,
  generatedByName: users.name,
  generatedAt: monthlyReports.generatedAt,
};

/** The reports of the units in `scope` (or of one unit), the latest month first. */
export function list(db: Db, scope: Scope, orgUnitId?: number): Promise<MonthlyReportRow[]> {
  return db
    .select(columns)
    .from(monthlyReports)
    .innerJoin(orgUnits, eq(orgUnits.id, monthlyReports.orgUnitId))
    .leftJoin(users, eq(users.id, monthlyReports.generatedBy))
    .where(
      and(scope.where(orgUnits.path), orgUnitId === undefined ? undefined : eq(monthlyReports.orgUnitId, orgUnitId)),
    )
    .orderBy(desc(monthlyReports.month), orgUnits.path)
    .limit(500);
}

export async function find(db: Db, id: number): Promise<MonthlyReportRow | undefined> {
  const [r] = await db
    .select(columns)
    .from(monthlyReports)
    .innerJoin(orgUnits, eq(orgUnits.id, monthlyReports.orgUnitId))
    .leftJoin(users, eq(users.id, monthlyReports.generatedBy))
    .where(eq(monthlyReports.id, id));
  return r;
}

export async function findOf(db: Db, orgUnitId: number, month: string) {
  const [r] = await db
    .select({ id: monthlyReports.id, fileKey: monthlyReports.fileKey })
    .from(monthlyReports)
    .where(and(eq(monthlyReports.orgUnitId, orgUnitId), eq(monthlyReports.month, month)));
  return r;
}

/**
 * Stores a unit's month. `replace`: an existing row takes the new file (on demand); otherwise an existing
 * row wins and nothing changes (the monthly job, run twice or on two instances). Returns the row's id
 * and the file it replaced, or null when the row was there and kept.
 */
export async function store(
  db: Db,
  v: { orgUnitId: number; month: string; fileKey: string; fileBytes: number; generatedBy: number | null; at: Date },
  replace: boolean,
): Promise<{ id: number; replacedKey: string | null } | null> {
  const [r] = await rows<{ id: number; replaced_key: string | null }>(
    db,
    sql`
      with old as (select file_key from monthly_reports where org_unit_id = ${v.orgUnitId} and month = ${v.month})
      insert into monthly_reports (org_unit_id, month, file_key, file_bytes, generated_by, generated_at)
      values (${v.orgUnitId}, ${v.month}, ${v.fileKey}, ${v.fileBytes}, ${v.generatedBy}, ${v.at})
      on conflict (org_unit_id, month) do ${
        replace
          ? sql`update set file_key = excluded.file_key, file_bytes = excluded.file_bytes,
                generated_by = excluded.generated_by, generated_at = excluded.generated_at`
          : sql`nothing`
      }
      returning id, (select file_key from old) as replaced_key`,
  );
  return r ? { id: Number(r.id), replacedKey: r.replaced_key } : null;
}

/** Streets and communities with no report for `month`, oldest units first, at most `limit`. */
export async function unitsMissing(db: Db, month: string, limit: number) {
  return rows<{ id: number; name: string; path: string; kind: string; street_id: number | null }>(
    db,
    sql`select u.id, u.name, u.path, u.kind, u.street_id
          from org_units u
         where u.kind in ('street', 'community')
           and not exists (select 1 from monthly_reports m where m.org_unit_id = u.id and m.month = ${month})
         order by u.id
         limit ${limit}`,
  );
}
