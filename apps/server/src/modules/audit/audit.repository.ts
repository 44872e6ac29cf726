import { type SQL, sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';

export interface AuditFilter {
  /**
   * The reader's jurisdiction, as org-unit paths: rows of a street under one of them, and rows of no
   * street (sign-ins, probes outside anyone's reach) by someone who holds a role under one of them.
   */
  paths: readonly string[];
  /** A whole action, or a prefix when it ends in '.' (resident.reveal. for every reveal). */
  action?: string;
  actorUserId?: number;
  objectType?: string;
  objectId?: string;
  result?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  objectType: string;
  objectId: string | null;
  result: 'ok' | 'denied' | 'error';
  ip: string | null;
  actorUserId: number | null;
  actorName: string | null;
  detail: Record<string, unknown> | null;
}

function whereOf(f: Omit<AuditFilter, 'limit'>): SQL {
  const where: SQL[] = [sql`true`];
  const under = (col: SQL) =>
    f.paths.length
      ? sql`(${sql.join(
          f.paths.map((p) => sql`${col} like ${`${p}%`}`),
          sql` or `,
        )})`
      : sql`false`;
  where.push(sql`(
    (a.street_id is not null and exists (select 1 from org_units s where s.id = a.street_id and ${under(sql`s.path`)}))
    or (a.street_id is null and exists (
      select 1 from role_bindings b join org_units o on o.id = b.org_unit_id
      where b.user_id = a.actor_user_id and ${under(sql`o.path`)})))`);
  if (f.action) where.push(f.action.endsWith('.') ? sql`a.action like ${`${f.action}%`}` : sql`a.action = ${f.action}`);
  if (f.actorUserId !== undefined) where.push(sql`a.actor_user_id = ${f.actorUserId}`);
  if (f.objectType) where.push(sql`a.object_type = ${f.objectType}`);
  if (f.objectId) where.push(sql`a.object_id = ${f.objectId}`);
  if (f.result) where.push(sql`a.result = ${f.result}`);
  if (f.from) where.push(sql`a.at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`a.at < ${f.to.toISOString()}::timestamptz`);
  if (f.beforeId) where.push(sql`a.id < ${f.beforeId}`);
  return sql.join(where, sql` and `);
}

/** 操作日志, newest first, served by the street/time and actor/time indexes. */
export async function search(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  return rows<AuditRow>(
    db,
    sql`select a.id, a.at, a.action, a.object_type as "objectType", a.object_id as "objectId", a.result, a.ip,
               a.actor_user_id as "actorUserId", u.name as "actorName", a.detail
        from audit_log a left join users u on u.id = a.actor_user_id
        where ${whereOf(f)}
        order by a.id desc limit ${f.limit}`,
  );
}

/** How many rows the filter shows, counting no further than `cap + 1`. */
export async function count(db: Db, f: Omit<AuditFilter, 'limit'>, cap: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from audit_log a where ${whereOf(f)} limit ${cap + 1}) s`,
  );
  return Number(r?.n ?? 0);
}
