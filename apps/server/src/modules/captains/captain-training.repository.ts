import type { MentorshipList } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface SessionRow {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  streetId: number;
  kind: 'training' | 'meeting';
  topic: string;
  title: string;
  heldOn: string;
  hours: number;
  certifies: number;
  attendees: number;
}

const SESSION_SELECT = sql`
  select s.id, s.org_unit_id as "orgUnitId", o.name as "orgUnitName", s.path, s.street_id as "streetId", s.kind, s.topic,
         s.title, s.held_on::text as "heldOn", s.hours, s.certifies,
         (select count(*) from captain_attendance a where a.session_id = s.id)::int as attendees
    from captain_sessions s join org_units o on o.id = s.org_unit_id`;

export async function findUnit(db: Db, id: number) {
  const [unit] = await rows<{ id: number; kind: string; path: string; streetId: number | null }>(
    db,
    sql`select id, kind, path, street_id as "streetId" from org_units where id = ${id}`,
  );
  return unit;
}

export async function insertSession(
  db: Db,
  v: {
    streetId: number;
    orgUnitId: number;
    path: string;
    kind: string;
    topic: string;
    title: string;
    heldOn: string;
    hours: number;
    certifies: boolean;
    createdBy: number;
    at: Date;
  },
): Promise<number | undefined> {
  const [row] = await rows<{ id: number }>(
    db,
    sql`insert into captain_sessions (street_id, org_unit_id, path, kind, topic, title, held_on, hours, certifies, created_by, created_at)
        values (${v.streetId}, ${v.orgUnitId}, ${v.path}, ${v.kind}, ${v.topic}, ${v.title}, ${v.heldOn}::date,
                ${v.hours}, ${v.certifies ? 1 : 0}, ${v.createdBy}, ${v.at.toISOString()}::timestamptz)
        returning id`,
  );
  return row?.id;
}

export async function findSession(db: Db, id: number | undefined): Promise<SessionRow | undefined> {
  const [s] = await rows<SessionRow>(db, sql`${SESSION_SELECT} where s.id = ${id}`);
  return s;
}

export function sessionsIn(db: Db, scope: Scope): Promise<SessionRow[]> {
  return rows<SessionRow>(
    db,
    sql`${SESSION_SELECT} where ${scope.where(sql`s.path`)} order by s.held_on desc, s.id desc limit 200`,
  );
}

/** Of `ids`, the active captains of a building under `path`. */
export function activeCaptainsUnder(db: Db, path: string, ids: readonly number[]) {
  return rows<{ userId: number }>(
    db,
    sql`select distinct rb.user_id as "userId" from role_bindings rb join org_units o on o.id = rb.org_unit_id
          left join captain_profiles p on p.user_id = rb.user_id
         where rb.role = 'captain' and coalesce(p.status, 'active') = 'active'
           and o.path like ${`${path}%`}
           and rb.user_id in (${sql.join(
             ids.map((i) => sql`${i}`),
             sql`, `,
           )})`,
  );
}

/** Records one attendance (a repeat is a no-op). */
export async function insertAttendance(
  db: Db,
  v: {
    sessionId: number;
    userId: number;
    streetId: number;
    certificateNo: string | null;
    recordedBy: number;
    at: Date;
  },
): Promise<void> {
  await db.execute(sql`
    insert into captain_attendance (session_id, user_id, street_id, certificate_no, recorded_by, at)
    values (${v.sessionId}, ${v.userId}, ${v.streetId}, ${v.certificateNo}, ${v.recordedBy}, ${v.at.toISOString()}::timestamptz)
    on conflict (session_id, user_id) do nothing`);
}

export function sessionsOf(db: Db, userId: number) {
  return rows<SessionRow & { certificateNo: string | null }>(
    db,
    sql`select x.*, a.certificate_no as "certificateNo" from (${SESSION_SELECT}) x
          join captain_attendance a on a.session_id = x.id and a.user_id = ${userId}
         order by x."heldOn" desc, x.id desc limit 200`,
  );
}

export async function currentMentorOf(db: Db, userId: number) {
  const [m] = await rows<{ name: string; startedOn: string; notes: string }>(
    db,
    sql`select u.name, m.started_on::text as "startedOn", m.notes from captain_mentorships m join users u on u.id = m.mentor_user_id
         where m.mentee_user_id = ${userId} and m.ended_on is null`,
  );
  return m;
}

/** Of the two, those who are active captains in `scope`, with their street. */
export function activeCaptainsIn(db: Db, scope: Scope, a: number, b: number) {
  return rows<{ userId: number; streetId: number }>(
    db,
    sql`select distinct rb.user_id as "userId", o.street_id as "streetId"
          from role_bindings rb join org_units o on o.id = rb.org_unit_id
          left join captain_profiles p on p.user_id = rb.user_id
         where rb.role = 'captain' and coalesce(p.status, 'active') = 'active' and ${scope.where(sql`o.path`)}
           and rb.user_id in (${a}, ${b})`,
  );
}

export async function insertMentorship(
  db: Db,
  v: {
    streetId: number | undefined;
    mentorUserId: number;
    menteeUserId: number;
    notes: string;
    startedOn: string;
    createdBy: number;
    at: Date;
  },
): Promise<void> {
  await db.execute(sql`
    insert into captain_mentorships (street_id, mentor_user_id, mentee_user_id, notes, started_on, created_by, created_at)
    values (${v.streetId}, ${v.mentorUserId}, ${v.menteeUserId}, ${v.notes}, ${v.startedOn}::date,
            ${v.createdBy}, ${v.at.toISOString()}::timestamptz)`);
}

export function mentorshipsIn(db: Db, scope: Scope) {
  return rows<MentorshipList['items'][number]>(
    db,
    sql`select m.id, m.mentor_user_id as "mentorUserId", a.name as "mentorName", m.mentee_user_id as "menteeUserId",
               b.name as "menteeName", m.notes, m.started_on::text as "startedOn", m.ended_on::text as "endedOn"
          from captain_mentorships m join users a on a.id = m.mentor_user_id join users b on b.id = m.mentee_user_id
         where exists (select 1 from role_bindings rb join org_units o on o.id = rb.org_unit_id
                        where rb.user_id = m.mentee_user_id and rb.role = 'captain' and ${scope.where(sql`o.path`)})
         order by m.id desc limit 200`,
  );
}
