import type { SignupSort } from '@louzhang/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { activitySignups } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import { d, likeOf } from './activities.repository';

const dn = (v: unknown): Date | null => (v == null ? null : d(v));
function signup<T extends SignupListed>(r: T): T {
  return {
    ...r,
    createdAt: d(r.createdAt),
    checkedInAt: dn(r.checkedInAt),
    checkedOutAt: dn(r.checkedOutAt),
    hoursConfirmedAt: dn(r.hoursConfirmedAt),
  };
}
export type SignupRow = typeof activitySignups.$inferSelect;

export interface SignupListed extends SignupRow {
  volunteerName: string;
  /** The volunteer's mobile number, encrypted (users.phone_enc). */
  phoneEnc: string;
  userId: number;
  waitlistPosition: number | null;
}

const signupSelect = sql`select s.id, s.activity_id as "activityId", s.volunteer_id as "volunteerId", s.street_id as "streetId",
    s.role, s.status, s.created_at as "createdAt", s.checked_in_at as "checkedInAt", s.checked_in_by as "checkedInBy",
    s.checked_out_at as "checkedOutAt", s.hours::float8 as hours, s.hours_confirmed_by as "hoursConfirmedBy",
    s.hours_confirmed_at as "hoursConfirmedAt", s.points_entry_id as "pointsEntryId", u.name as "volunteerName",
    u.phone_enc as "phoneEnc", v.user_id as "userId",
    case when s.status = 'waitlisted' then (select count(*) from activity_signups w
      where w.activity_id = s.activity_id and w.status = 'waitlisted' and w.id <= s.id)::int end as "waitlistPosition"
  from activity_signups s join volunteers v on v.id = s.volunteer_id join users u on u.id = v.user_id`;

export async function findSignup(db: Db, id: number): Promise<SignupListed | undefined> {
  const [r] = await rows<SignupListed>(db, sql`${signupSelect} where s.id = ${id}`);
  return r && signup(r);
}

export async function liveSignup(db: Db, activityId: number, volunteerId: number): Promise<SignupListed | undefined> {
  const [r] = await rows<SignupListed>(
    db,
    sql`${signupSelect} where s.activity_id = ${activityId} and s.volunteer_id = ${volunteerId} and s.status <> 'cancelled'`,
  );
  return r && signup(r);
}

/** What one activity's 报名/签到 list is narrowed to. */
export interface SignupFilter {
  /** Live sign-ups (confirmed and waiting) unless a status is asked for. */
  status?: 'confirmed' | 'waitlisted' | 'cancelled' | undefined;
  attendance?: 'checkedIn' | 'absent' | 'hoursConfirmed' | undefined;
  /** A mobile number's blind index (users.phone_hash), or text found in the volunteer's name. */
  search?: { phoneHash: string } | { text: string } | undefined;
}

function signupWhere(activityId: number, f: SignupFilter): SQL {
  const w: SQL[] = [sql`s.activity_id = ${activityId}`];
  w.push(f.status ? sql`s.status = ${f.status}` : sql`s.status <> 'cancelled'`);
  if (f.attendance === 'checkedIn') w.push(sql`s.checked_in_at is not null`);
  if (f.attendance === 'absent') w.push(sql`s.status = 'confirmed' and s.checked_in_at is null`);
  if (f.attendance === 'hoursConfirmed') w.push(sql`s.hours_confirmed_at is not null`);
  const q = f.search;
  if (q && 'phoneHash' in q) w.push(sql`u.phone_hash = ${q.phoneHash}`);
  if (q && 'text' in q) w.push(sql`u.name ilike ${likeOf(q.text)}`);
  return sql.join(w, sql` and `);
}

function signupSort(sort: SignupSort, afterId: number | undefined): { order: SQL; after?: SQL } {
  // The cursor holds the last sign-up's id; its sort key is read back here.
  const back = (cols: SQL) =>
    sql`(select ${cols} from activity_signups w join volunteers wv on wv.id = w.volunteer_id
          join users wu on wu.id = wv.user_id where w.id = ${afterId})`;
  if (sort === 'signup')
    return {
      order: sql`order by (s.status = 'waitlisted')::int, s.id`,
      after: afterId
        ? sql`((s.status = 'waitlisted')::int, s.id) > ${back(sql`(w.status = 'waitlisted')::int, w.id`)}`
        : undefined,
    };
  if (sort === 'name')
    return {
      order: sql`order by u.name collate "C", s.id`,
      after: afterId ? sql`(u.name collate "C", s.id) > ${back(sql`wu.name collate "C", w.id`)}` : undefined,
    };
  return {
    order: sql`order by -coalesce(s.hours, 0), s.id`,
    after: afterId ? sql`(-coalesce(s.hours, 0), s.id) > ${back(sql`-coalesce(w.hours, 0), w.id`)}` : undefined,
  };
}

/** One page of an activity's sign-ups, filtered, in `sort` order after the sign-up `afterId`. */
export async function signupsPage(
  db: Db,
  activityId: number,
  f: SignupFilter,
  sort: SignupSort,
  afterId: number | undefined,
  limit: number,
): Promise<SignupListed[]> {
  const s = signupSort(sort, afterId);
  const r = await rows<SignupListed>(
    db,
    sql`${signupSelect} where ${signupWhere(activityId, f)} ${s.after ? sql`and ${s.after}` : sql``}
        ${s.order} limit ${limit}`,
  );
  return r.map(signup);
}

/** How many sign-ups the filter shows, counting no further than `cap + 1`. */
export async function countSignups(db: Db, activityId: number, f: SignupFilter, cap: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from activity_signups s join volunteers v on v.id = s.volunteer_id
          join users u on u.id = v.user_id where ${signupWhere(activityId, f)} limit ${cap + 1}) c`,
  );
  return Number(r?.n ?? 0);
}

export interface MySignup extends SignupListed {
  activityTitle: string;
  startsAt: Date;
  endsAt: Date;
}

export async function signupsOf(db: Db, volunteerId: number): Promise<MySignup[]> {
  const r = await rows<MySignup>(
    db,
    sql`select x.*, a.title as "activityTitle", a.starts_at as "startsAt", a.ends_at as "endsAt"
        from (${signupSelect} where s.volunteer_id = ${volunteerId} and s.status <> 'cancelled') x
        join volunteer_activities a on a.id = x."activityId" order by a.starts_at desc limit 200`,
  );
  return r.map((x) => ({ ...signup(x), startsAt: d(x.startsAt), endsAt: d(x.endsAt) }));
}

export async function countConfirmed(db: Db, activityId: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from activity_signups where activity_id = ${activityId} and status = 'confirmed'`,
  );
  return r?.n ?? 0;
}

/** A new sign-up, or undefined when the volunteer already holds one (the partial unique index). */
export async function insertSignup(db: Db, v: typeof activitySignups.$inferInsert): Promise<number | undefined> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`insert into activity_signups (activity_id, volunteer_id, street_id, role, status, created_at)
        values (${v.activityId}, ${v.volunteerId}, ${v.streetId}, ${v.role ?? null}, ${v.status}, ${v.createdAt})
        on conflict (activity_id, volunteer_id) where status <> 'cancelled' do nothing returning id`,
  );
  return r?.id;
}

/** Cancels a live sign-up not yet checked in; answers its former status. */
export async function cancelSignup(db: Db, id: number): Promise<string | undefined> {
  const [r] = await rows<{ status: string }>(
    db,
    sql`update activity_signups n set status = 'cancelled' from activity_signups o
        where n.id = ${id} and o.id = n.id and n.status <> 'cancelled' and n.checked_in_at is null
        returning o.status`,
  );
  return r?.status;
}

/** Moves the first on the waiting list up to confirmed; answers its id. */
export async function promoteFirst(db: Db, activityId: number): Promise<number | undefined> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`update activity_signups set status = 'confirmed' where id = (
          select id from activity_signups where activity_id = ${activityId} and status = 'waitlisted' order by id limit 1)
        returning id`,
  );
  return r?.id;
}

/** Check-in once: a second (or concurrent) one changes nothing and answers false. */
export async function checkIn(db: Db, id: number, at: Date, by: 'qr' | 'organiser'): Promise<boolean> {
  const r = await rows(
    db,
    sql`update activity_signups set checked_in_at = ${at}, checked_in_by = ${by}
        where id = ${id} and status = 'confirmed' and checked_in_at is null returning id`,
  );
  return r.length > 0;
}

export async function checkOut(db: Db, id: number, at: Date): Promise<boolean> {
  const r = await rows(
    db,
    sql`update activity_signups set checked_out_at = ${at}
        where id = ${id} and checked_in_at is not null and checked_out_at is null returning id`,
  );
  return r.length > 0;
}

/** Confirms the hours once (compare-and-set on hours_confirmed_at). */
export async function confirmHours(db: Db, id: number, hours: number, by: number, at: Date): Promise<boolean> {
  const r = await rows(
    db,
    sql`update activity_signups set hours = ${hours}, hours_confirmed_by = ${by}, hours_confirmed_at = ${at}
        where id = ${id} and checked_in_at is not null and hours_confirmed_at is null returning id`,
  );
  return r.length > 0;
}

export async function setPointsEntry(db: Db, id: number, entryId: number): Promise<void> {
  await db.execute(sql`update activity_signups set points_entry_id = ${entryId} where id = ${id}`);
}
/** A volunteer's totals: confirmed hours, activities attended, points from activities. */
export async function totalsOf(db: Db, volunteerId: number) {
  const [r] = await rows<{ hours: number; sessions: number; points: number }>(
    db,
    sql`select coalesce(sum(s.hours), 0)::float8 as hours, count(s.checked_in_at)::int as sessions,
          coalesce(sum(a.points) filter (where s.points_entry_id is not null), 0)::int as points
        from activity_signups s join volunteer_activities a on a.id = s.activity_id
        where s.volunteer_id = ${volunteerId} and s.status = 'confirmed'`,
  );
  return r ?? { hours: 0, sessions: 0, points: 0 };
}

/** Users holding a live sign-up (confirmed or waiting) for the activity. */
export async function signedUpUsers(db: Db, activityId: number): Promise<number[]> {
  const r = await rows<{ userId: number }>(
    db,
    sql`select distinct v.user_id as "userId" from activity_signups s join volunteers v on v.id = s.volunteer_id
        where s.activity_id = ${activityId} and s.status <> 'cancelled' order by 1`,
  );
  return r.map((x) => Number(x.userId));
}
