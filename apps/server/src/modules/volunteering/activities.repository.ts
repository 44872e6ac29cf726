import type { ActivityPeriod, ActivitySort } from '@louzhang/contracts';
import { eq, type SQL, sql } from 'drizzle-orm';
import { volunteerActivities } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

/** Timestamps as read back, whichever driver answered (a Date or its text). */
export const d = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
const activity = (r: ActivityListed): ActivityListed => ({ ...r, startsAt: d(r.startsAt), endsAt: d(r.endsAt) });

export type ActivityRow = typeof volunteerActivities.$inferSelect;

export async function insertActivity(db: Db, v: typeof volunteerActivities.$inferInsert): Promise<ActivityRow> {
  const [row] = await db.insert(volunteerActivities).values(v).returning();
  return row!;
}

export interface ActivityListed {
  id: number;
  streetId: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  teamId: number | null;
  teamName: string | null;
  teamLeaderUserId: number | null;
  partnerOrgId: number | null;
  partnerName: string | null;
  kind: string;
  title: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  roles: string[];
  points: number;
  description: string | null;
  servedCount: number | null;
  status: 'published' | 'cancelled';
  checkinToken: string;
  confirmed: number;
  waitlisted: number;
}

const activitySelect = sql`select a.id, a.street_id as "streetId", a.org_unit_id as "orgUnitId", o.name as "orgUnitName",
    a.path, a.team_id as "teamId", t.name as "teamName", lv.user_id as "teamLeaderUserId",
    a.partner_org_id as "partnerOrgId", p.name as "partnerName", a.kind, a.title, a.place,
    a.starts_at as "startsAt", a.ends_at as "endsAt", a.capacity, a.roles, a.points, a.description,
    a.served_count as "servedCount", a.status, a.checkin_token as "checkinToken",
    (select count(*) from activity_signups s where s.activity_id = a.id and s.status = 'confirmed')::int as confirmed,
    (select count(*) from activity_signups s where s.activity_id = a.id and s.status = 'waitlisted')::int as waitlisted
  from volunteer_activities a join org_units o on o.id = a.org_unit_id
  left join volunteer_teams t on t.id = a.team_id left join volunteers lv on lv.id = t.leader_volunteer_id
  left join org_units p on p.id = a.partner_org_id`;

export async function findActivity(db: Db, id: number): Promise<ActivityListed | undefined> {
  const [r] = await rows<ActivityListed>(db, sql`${activitySelect} where a.id = ${id}`);
  return r && activity(r);
}

export async function activityByToken(db: Db, token: string): Promise<ActivityListed | undefined> {
  const [r] = await rows<ActivityListed>(db, sql`${activitySelect} where a.checkin_token = ${token}`);
  return r && activity(r);
}

/**
 * Takes the activity's row lock: sign-ups, cancellations, changes of one activity are judged one at a time, on the
 * capacity and status read under the lock (a change committed meanwhile is seen).
 */
export async function lockActivity(db: Db, id: number): Promise<{ capacity: number; status: string }> {
  const [r] = await rows<{ capacity: number; status: string }>(
    db,
    sql`select capacity, status from volunteer_activities where id = ${id} for update`,
  );
  return r!;
}

/** A LIKE pattern finding `text` anywhere, its wildcards taken literally. */
export const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** What the console's list of activities is narrowed to (within what the caller sees). */
export interface ActivityFilter {
  status?: 'published' | 'cancelled' | undefined;
  period?: ActivityPeriod | undefined;
  underPath?: string | undefined;
  /** Text found in the title, the place, or the organiser's name. */
  text?: string | undefined;
  now: Date;
}

function visibleSql(streets: readonly number[], scope: Scope): SQL {
  const byStreet = streets.length
    ? sql`a.street_id in (${sql.join(
        streets.map((s) => sql`${s}`),
        sql`, `,
      )})`
    : sql`false`;
  return sql`(${byStreet} or ${scope.where(sql`a.path`)})`;
}

function activityWhere(streets: readonly number[], scope: Scope, f: ActivityFilter): SQL {
  const w: SQL[] = [visibleSql(streets, scope)];
  if (f.status) w.push(sql`a.status = ${f.status}`);
  if (f.period === 'upcoming') w.push(sql`a.starts_at > ${f.now}`);
  if (f.period === 'ongoing') w.push(sql`a.starts_at <= ${f.now} and a.ends_at > ${f.now}`);
  if (f.period === 'open') w.push(sql`a.ends_at > ${f.now}`);
  if (f.period === 'ended') w.push(sql`a.ends_at <= ${f.now}`);
  if (f.underPath) w.push(sql`a.path like ${`${f.underPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (f.text) {
    const t = likeOf(f.text);
    w.push(
      sql`(a.title ilike ${t} or a.place ilike ${t} or o.name ilike ${t} or t.name ilike ${t} or p.name ilike ${t})`,
    );
  }
  return sql.join(w, sql` and `);
}

function activitySort(sort: ActivitySort, afterId: number | undefined): { order: SQL; after?: SQL } {
  // The cursor holds the last activity's id; its sort key is read back here.
  const back = (cols: SQL) => sql`(select ${cols} from volunteer_activities x where x.id = ${afterId})`;
  if (sort === 'latest')
    return {
      order: sql`order by a.starts_at desc, a.id desc`,
      after: afterId ? sql`(a.starts_at, a.id) < ${back(sql`x.starts_at, x.id`)}` : undefined,
    };
  if (sort === 'soonest')
    return {
      order: sql`order by a.starts_at, a.id`,
      after: afterId ? sql`(a.starts_at, a.id) > ${back(sql`x.starts_at, x.id`)}` : undefined,
    };
  // Titles compare by code point (collate "C"): the same order on every server, whatever its locale.
  return {
    order: sql`order by a.title collate "C", a.id`,
    after: afterId ? sql`(a.title collate "C", a.id) > ${back(sql`x.title collate "C", x.id`)}` : undefined,
  };
}

/** One page of the activities the caller sees, filtered, in `sort` order after the activity `afterId`. */
export async function activitiesPage(
  db: Db,
  streets: readonly number[],
  scope: Scope,
  f: ActivityFilter,
  sort: ActivitySort,
  afterId: number | undefined,
  limit: number,
): Promise<ActivityListed[]> {
  const s = activitySort(sort, afterId);
  const r = await rows<ActivityListed>(
    db,
    sql`${activitySelect} where ${activityWhere(streets, scope, f)} ${s.after ? sql`and ${s.after}` : sql``}
        ${s.order} limit ${limit}`,
  );
  return r.map(activity);
}

/** How many activities the filter shows, counting no further than `cap + 1`. */
export async function countActivities(
  db: Db,
  streets: readonly number[],
  scope: Scope,
  f: ActivityFilter,
  cap: number,
): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from volunteer_activities a join org_units o on o.id = a.org_unit_id
          left join volunteer_teams t on t.id = a.team_id left join org_units p on p.id = a.partner_org_id
          where ${activityWhere(streets, scope, f)} limit ${cap + 1}) c`,
  );
  return Number(r?.n ?? 0);
}
export async function setServed(db: Db, id: number, served: number): Promise<void> {
  await db.execute(sql`update volunteer_activities set served_count = ${served} where id = ${id}`);
}

/** Sets the activity's editable fields (only those given). */
export async function updateActivity(
  db: Db,
  id: number,
  v: Partial<Pick<ActivityRow, 'title' | 'place' | 'startsAt' | 'endsAt' | 'capacity' | 'description'>>,
): Promise<void> {
  if (Object.keys(v).length === 0) return;
  await db.update(volunteerActivities).set(v).where(eq(volunteerActivities.id, id));
}

export async function cancelActivity(db: Db, id: number): Promise<boolean> {
  const r = await rows(
    db,
    sql`update volunteer_activities set status = 'cancelled' where id = ${id} and status = 'published' returning id`,
  );
  return r.length === 1;
}
