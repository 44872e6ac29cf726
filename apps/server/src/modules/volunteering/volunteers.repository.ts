import { type SQL, sql } from 'drizzle-orm';
import { volunteers, volunteerTeamMembers, volunteerTeams } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type VolunteerRow = typeof volunteers.$inferSelect;
export type TeamRow = typeof volunteerTeams.$inferSelect;

export async function findUnit(db: Db, id: number) {
  const [r] = await rows<{ id: number; kind: string; path: string; streetId: number | null; name: string }>(
    db,
    sql`select id, kind, path, street_id as "streetId", name from org_units where id = ${id}`,
  );
  return r;
}

/**
 * Communities of the given streets or under the given paths, with their street's name; all of them when both
 * are empty (someone who holds no role yet).
 */
export async function communities(db: Db, streetIds: readonly number[], under: readonly string[]) {
  const parts: SQL[] = [];
  if (streetIds.length) {
    parts.push(
      sql`c.street_id in (${sql.join(
        streetIds.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  }
  for (const p of under) parts.push(sql`c.path like ${`${p}%`}`);
  const filter = parts.length ? sql`and (${sql.join(parts, sql` or `)})` : sql``;
  return rows<{ id: number; name: string; streetName: string }>(
    db,
    sql`select c.id, c.name, s.name as "streetName" from org_units c join org_units s on s.id = c.street_id
        where c.kind = 'community' ${filter} order by s.name, c.name limit 500`,
  );
}

export async function insertVolunteer(db: Db, v: typeof volunteers.$inferInsert): Promise<VolunteerRow | undefined> {
  const [row] = await db.insert(volunteers).values(v).onConflictDoNothing().returning();
  return row;
}

export interface VolunteerListed extends VolunteerRow {
  name: string;
  communityName: string;
  hours: number;
}

const volunteerSelect = sql`select v.*, v.user_id as "userId", v.street_id as "streetId", v.community_id as "communityId",
    v.is_party_member as "isPartyMember", v.employer_unit as "employerUnit", v.created_at as "createdAt",
    u.name, c.name as "communityName",
    coalesce((select sum(s.hours) from activity_signups s where s.volunteer_id = v.id and s.hours is not null), 0)::float8 as hours
  from volunteers v join users u on u.id = v.user_id join org_units c on c.id = v.community_id`;

export async function volunteerOfUser(db: Db, userId: number): Promise<VolunteerListed | undefined> {
  const [r] = await rows<VolunteerListed>(db, sql`${volunteerSelect} where v.user_id = ${userId}`);
  return r;
}

export async function volunteerById(db: Db, id: number): Promise<VolunteerListed | undefined> {
  const [r] = await rows<VolunteerListed>(db, sql`${volunteerSelect} where v.id = ${id}`);
  return r;
}

export async function listVolunteers(db: Db, scope: Scope): Promise<VolunteerListed[]> {
  return rows<VolunteerListed>(db, sql`${volunteerSelect} where ${scope.where(sql`v.path`)} order by v.id limit 1000`);
}

export async function insertTeam(db: Db, v: typeof volunteerTeams.$inferInsert): Promise<TeamRow> {
  const [row] = await db.insert(volunteerTeams).values(v).returning();
  return row!;
}

export interface TeamListed {
  id: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  streetId: number;
  name: string;
  speciality: string;
  leaderVolunteerId: number | null;
  leaderName: string | null;
  leaderUserId: number | null;
  memberCount: number;
}

const teamSelect = sql`select t.id, t.org_unit_id as "orgUnitId", o.name as "orgUnitName", t.path, t.street_id as "streetId",
    t.name, t.speciality, t.leader_volunteer_id as "leaderVolunteerId", lu.name as "leaderName", lv.user_id as "leaderUserId",
    (select count(*) from volunteer_team_members m where m.team_id = t.id)::int as "memberCount"
  from volunteer_teams t join org_units o on o.id = t.org_unit_id
  left join volunteers lv on lv.id = t.leader_volunteer_id left join users lu on lu.id = lv.user_id`;

export async function findTeam(db: Db, id: number): Promise<TeamListed | undefined> {
  const [r] = await rows<TeamListed>(db, sql`${teamSelect} where t.id = ${id}`);
  return r;
}

/** Teams under the scope, plus those the volunteer `volunteerId` belongs to or leads. */
export async function listTeams(db: Db, scope: Scope, volunteerId: number | null): Promise<TeamListed[]> {
  const parts: SQL[] = [scope.where(sql`t.path`)];
  if (volunteerId !== null) {
    parts.push(sql`t.leader_volunteer_id = ${volunteerId}`);
    parts.push(
      sql`exists (select 1 from volunteer_team_members m where m.team_id = t.id and m.volunteer_id = ${volunteerId})`,
    );
  }
  return rows<TeamListed>(db, sql`${teamSelect} where (${sql.join(parts, sql` or `)}) order by t.id`);
}

export async function teamMembers(db: Db, teamId: number) {
  return rows<{ volunteerId: number; name: string; skills: string[] }>(
    db,
    sql`select v.id as "volunteerId", u.name, v.skills from volunteer_team_members m
        join volunteers v on v.id = m.volunteer_id join users u on u.id = v.user_id
        where m.team_id = ${teamId} order by m.joined_at, v.id`,
  );
}

export async function addMember(db: Db, teamId: number, volunteerId: number, at: Date): Promise<boolean> {
  const r = await db
    .insert(volunteerTeamMembers)
    .values({ teamId, volunteerId, joinedAt: at })
    .onConflictDoNothing()
    .returning();
  return r.length > 0;
}

export async function teamIdsOf(db: Db, volunteerId: number): Promise<number[]> {
  const r = await rows<{ teamId: number }>(
    db,
    sql`select team_id as "teamId" from volunteer_team_members where volunteer_id = ${volunteerId}`,
  );
  return r.map((x) => x.teamId);
}

/** Figures of the subtree at `path` (docs/rules.md#volunteering). */
export async function figures(db: Db, path: string, now: Date) {
  const like = `${path}%`;
  const [r] = await rows<{
    sessions: number;
    peopleServed: number;
    volunteerHours: number;
    volunteers: number;
    residents: number;
    teams: number;
  }>(
    db,
    sql`select
      (select count(*) from volunteer_activities a where a.path like ${like} and a.status = 'published' and a.ends_at <= ${now})::int as sessions,
      (select coalesce(sum(a.served_count), 0) from volunteer_activities a where a.path like ${like} and a.status = 'published')::int as "peopleServed",
      (select coalesce(sum(s.hours), 0) from activity_signups s join volunteer_activities a on a.id = s.activity_id
        where a.path like ${like} and s.hours is not null)::float8 as "volunteerHours",
      (select count(*) from volunteers v where v.path like ${like})::int as volunteers,
      (select count(*) from residents r join households h on h.id = r.household_id where h.path like ${like})::int as residents,
      (select count(*) from volunteer_teams t where t.path like ${like})::int as teams`,
  );
  return r!;
}
