import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { buildingReportTokens, orgUnits, reportEvents, reportFollowers, reports, users } from '../../db/schema';
import { type Db, rows, type Write } from '../../platform/db';
import { insertRows } from '../../platform/insert-rows';
import { unitIdsOnPath } from '../../platform/scope';
import { statementOnce } from '../../platform/statement-once';
import type { OrgRow, ReportEventRow, ReportRow } from './reports.repository';

/*
 * What intake reads and writes before a report exists: the building by id or QR token, the units on its path,
 * the reporter's phone, an Open311 report already filed, and the resident's report in one read and one write.
 */

export async function findByExternalId(db: Db, channel: string, externalId: string) {
  const [row] = await db
    .select()
    .from(reports)
    .where(and(eq(reports.channel, channel), eq(reports.externalId, externalId)));
  return row;
}

/** The org units on a path, root first ('/1/4/17/' → units 1, 4, 17). */
export async function unitsOnPath(db: Db, path: string): Promise<OrgRow[]> {
  const ids = unitIdsOnPath(path);
  if (ids.length === 0) return [];
  return db.select().from(orgUnits).where(inArray(orgUnits.id, ids)).orderBy(asc(orgUnits.depth));
}

/** True when `userId` lives (or captains) in the community holding the place at `placePath`. */
export async function livesInCommunityOf(db: Db, userId: number, placePath: string): Promise<boolean> {
  const [r] = await rows<{ ok: boolean }>(
    db,
    sql`select exists (select 1 from role_bindings b join org_units o on o.id = b.org_unit_id
          join org_units c on c.kind = 'community' and ${placePath} like c.path || '%'
          where b.user_id = ${userId} and b.role in ('resident','captain') and o.path like c.path || '%') as ok`,
  );
  return Boolean(r?.ok);
}

export async function findToken(db: Db, token: string) {
  const [row] = await db.select().from(buildingReportTokens).where(eq(buildingReportTokens.token, token));
  return row;
}

/** The building's token, created on first use; concurrent first uses agree on one. */
export async function ensureToken(db: Db, b: { id: number; streetId: number }, fresh: string, at: Date) {
  await db
    .insert(buildingReportTokens)
    .values({ buildingId: b.id, streetId: b.streetId, token: fresh, createdAt: at })
    .onConflictDoNothing();
  const [row] = await db.select().from(buildingReportTokens).where(eq(buildingReportTokens.buildingId, b.id));
  return row as typeof buildingReportTokens.$inferSelect;
}

/** A user's encrypted phone (the reporter's contact when they file for themselves). */
export async function userPhone(db: Db, userId: number): Promise<{ enc: string; hash: string } | null> {
  const [u] = await db.select({ enc: users.phoneEnc, hash: users.phoneHash }).from(users).where(eq(users.id, userId));
  return u ?? null;
}

/** A unit on a report's path as intake routes over it. */
export interface PathUnit {
  id: number;
  kind: string;
  management: string | null;
  name: string;
}
/** Someone bound at a unit on the path (disabled accounts left out), in binding order. */
export interface BoundUser {
  userId: number;
  name: string;
  role: string;
  orgUnitId: number;
}
/** Everything a resident's report needs read before it is written, from one statement. */
export interface IntakeContext {
  building: { id: number; kind: string; streetId: number | null; path: string; name: string } | null;
  category: {
    id: number;
    parentId: number | null;
    code: string;
    nameZh: string;
    nameEn: string;
    isActive: boolean;
  } | null;
  units: PathUnit[];
  bound: BoundUser[];
  slas: { categoryId: number; level: number; ackHours: number; resolveHours: number }[];
  phoneEnc: string | null;
  phoneHash: string | null;
  resident: boolean;
  reportId: number;
  eventId: number;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * One round trip for a resident's report: the building (by id), the category, the units on the building's
 * path with the people bound there in `roles`, the category's SLAs (its own and its parent's), the
 * reporter's phone, whether they live there (`resident`, a test over `b.id` / `b.path` from the residency
 * module), and the ids the report and its first event will have (drawn from their sequences, so the
 * answer is known before the rows are written in one statement).
 *
 * The people bound are looked up unit by unit (a lateral over `role_bindings_org_idx`, kept
 * apart by `offset 0`, or the planner flattens it back into the join): as a semi-join the
 * planner's generic plan read every binding of the chosen roles and hashed them against the path's units —
 * 8–12 ms a report with 12,000 bindings (10,000 of them another street's captains), growing with the city.
 * The statement is built once and run with parameters (`statementOnce`).
 */
export async function intakeContext(
  db: Db,
  q: {
    userId: number;
    buildingId: number;
    categoryId: number;
    roles: readonly string[];
    /** Whether the user lives in building `b`, as SQL over the user given (the same SQL for every report). */
    resident: (userId: SQL) => SQL;
  },
): Promise<IntakeContext> {
  INTAKE_CONTEXT ??= intakeContextStatement(q.resident);
  const [r] = await INTAKE_CONTEXT(db, {
    buildingId: q.buildingId,
    categoryId: q.categoryId,
    roles: [...q.roles],
    userId: q.userId,
  });
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const building = json<IntakeContext['building']>(r?.building ?? null);
  const category = json<IntakeContext['category']>(r?.category ?? null);
  return {
    building: building && { ...building, id: Number(building.id), streetId: num(building.streetId) },
    category: category && { ...category, id: Number(category.id), parentId: num(category.parentId) },
    units: json<PathUnit[]>(r?.units ?? []).map((u) => ({ ...u, id: Number(u.id) })),
    bound: json<BoundUser[]>(r?.bound ?? []).map((b) => ({
      ...b,
      userId: Number(b.userId),
      orgUnitId: Number(b.orgUnitId),
    })),
    slas: json<IntakeContext['slas']>(r?.slas ?? []).map((s) => ({
      categoryId: Number(s.categoryId),
      level: Number(s.level),
      ackHours: Number(s.ackHours),
      resolveHours: Number(s.resolveHours),
    })),
    phoneEnc: (r?.phoneEnc as string | null) ?? null,
    phoneHash: (r?.phoneHash as string | null) ?? null,
    resident: Boolean(r?.resident),
    reportId: Number(r?.reportId),
    eventId: Number(r?.eventId),
  };
}

/** The intake's read, built once and run with parameters (`statementOnce`). */
let INTAKE_CONTEXT: ReturnType<typeof intakeContextStatement> | undefined;

function intakeContextStatement(resident: (userId: SQL) => SQL) {
  const user = sql`${sql.placeholder('userId')}::bigint`;
  return statementOnce(
    'report_intake_context',
    () => sql`with b as (select id, kind, street_id, path, name from org_units where id = ${sql.placeholder('buildingId')}::bigint),
             c as (select id, parent_id, code, name_zh, name_en, is_active from report_categories
                    where id = ${sql.placeholder('categoryId')}::bigint),
             u as (select o.id, o.kind, o.management, o.name, o.depth from b, org_units o
                    where o.id = any(string_to_array(trim(both '/' from b.path), '/')::bigint[]))
        select (select json_build_object('id', b.id, 'kind', b.kind, 'streetId', b.street_id, 'path', b.path, 'name', b.name) from b) as building,
               (select json_build_object('id', c.id, 'parentId', c.parent_id, 'code', c.code, 'nameZh', c.name_zh,
                                         'nameEn', c.name_en, 'isActive', c.is_active) from c) as category,
               (select coalesce(json_agg(json_build_object('id', u.id, 'kind', u.kind, 'management', u.management, 'name', u.name)
                                         order by u.depth), '[]') from u) as units,
               (select coalesce(json_agg(json_build_object('userId', rb.user_id, 'name', us.name, 'role', rb.role,
                                                           'orgUnitId', rb.org_unit_id) order by rb.id), '[]')
                  from u cross join lateral (
                         select rb.id, rb.user_id, rb.role, rb.org_unit_id from role_bindings rb
                          where rb.org_unit_id = u.id and rb.role = any(${sql.placeholder('roles')}::text[]) offset 0) rb
                  join users us on us.id = rb.user_id
                 where us.disabled_at is null) as bound,
               (select coalesce(json_agg(json_build_object('categoryId', s.category_id, 'level', s.level,
                                                           'ackHours', s.ack_hours, 'resolveHours', s.resolve_hours)), '[]')
                  from c, report_category_slas s where s.category_id in (c.id, c.parent_id)) as slas,
               (select phone_enc from users where id = ${user}) as "phoneEnc",
               (select phone_hash from users where id = ${user}) as "phoneHash",
               coalesce((select ${resident(user)} from b), false) as resident,
               nextval(pg_get_serial_sequence('reports', 'id')) as "reportId",
               nextval(pg_get_serial_sequence('report_events', 'id')) as "eventId"`,
  );
}

/** A new report with its reporter following it and its first event, as writes for one statement (ids given). */
export function intakeWrites(report: ReportRow, event: ReportEventRow): Write[] {
  const writes: Write[] = [insertRows(reports, [report], { overridingSystemValue: true })];
  if (report.reporterUserId !== null) {
    writes.push(
      insertRows(reportFollowers, [
        {
          reportId: report.id,
          userId: report.reporterUserId,
          streetId: report.streetId,
          kind: 'reporter',
          createdAt: report.createdAt,
        },
      ]),
    );
  }
  writes.push(insertRows(reportEvents, [event], { overridingSystemValue: true }));
  return writes;
}

/** `n` ids for new reports and as many for their first events, in the order the sequences gave them. */
export async function drawIds(db: Db, n: number): Promise<{ reportId: number; eventId: number }[]> {
  const found = await DRAW_IDS(db, { n });
  return found.map((r) => ({ reportId: Number(r.reportId), eventId: Number(r.eventId) }));
}

const DRAW_IDS = statementOnce(
  'report_draw_ids',
  () => sql`select nextval(pg_get_serial_sequence('reports', 'id')) as "reportId",
                   nextval(pg_get_serial_sequence('report_events', 'id')) as "eventId"
              from generate_series(1, ${sql.placeholder('n')}::int) as i
             order by i`,
);
