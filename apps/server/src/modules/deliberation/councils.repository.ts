import { type SQL, sql } from 'drizzle-orm';
import { councilMeetings, councilMembers, councils } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Viewer } from './deliberation.repository';

export type CouncilRow = typeof councils.$inferSelect;

function visible(v: Viewer): SQL {
  const parts: SQL[] = [v.scope.where(sql`c.path`)];
  for (const path of v.inner) parts.push(sql`${path} like c.path || '%'`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

export async function insertCouncil(db: Db, v: typeof councils.$inferInsert) {
  const r = await db.insert(councils).values(v).onConflictDoNothing().returning();
  return r[0] ?? null;
}
export async function insertMember(db: Db, v: typeof councilMembers.$inferInsert) {
  await db.insert(councilMembers).values(v);
}
export async function insertMeeting(db: Db, v: typeof councilMeetings.$inferInsert) {
  await db.insert(councilMeetings).values(v);
}

export async function listVisible(db: Db, v: Viewer, id?: number) {
  return rows<CouncilRow & { orgUnitName: string }>(
    db,
    sql`select c.id, c.street_id as "streetId", c.org_unit_id as "orgUnitId", c.path, c.name, c.created_by as "createdBy",
          c.created_at as "createdAt", o.name as "orgUnitName"
        from councils c join org_units o on o.id = c.org_unit_id
        where ${visible(v)} ${id === undefined ? sql`` : sql`and c.id = ${id}`} order by c.path, c.id limit 200`,
  );
}

export async function members(db: Db, councilId: number) {
  return rows<{
    id: number;
    name: string;
    role: 'captain' | 'owner_rep' | 'staff';
    householdId: number | null;
    joinedOn: string;
  }>(
    db,
    sql`select id, name, role, household_id as "householdId", to_char(joined_on, 'YYYY-MM-DD') as "joinedOn"
        from council_members where council_id = ${councilId} order by role = 'captain' desc, id`,
  );
}

export async function meetings(db: Db, councilId: number) {
  return rows<{
    id: number;
    heldOn: string;
    title: string;
    attendees: string;
    minutes: string;
    proposalId: number | null;
    createdByName: string;
  }>(
    db,
    sql`select m.id, to_char(m.held_on, 'YYYY-MM-DD') as "heldOn", m.title, m.attendees, m.minutes, m.proposal_id as "proposalId",
          u.name as "createdByName"
        from council_meetings m join users u on u.id = m.created_by where m.council_id = ${councilId} order by m.held_on desc, m.id desc`,
  );
}

/** Whether household `hid` lies under `path`, and proposal `pid` was put to a unit under or above it. */
export async function householdUnder(db: Db, hid: number, path: string) {
  return (
    (
      await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from households where id = ${hid} and path like ${`${path}%`}`,
      )
    )[0]!.n === 1
  );
}
export async function proposalAround(db: Db, pid: number, path: string) {
  return (
    (
      await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from proposals where id = ${pid} and (scope_path like ${`${path}%`} or ${path} like scope_path || '%')`,
      )
    )[0]!.n === 1
  );
}
