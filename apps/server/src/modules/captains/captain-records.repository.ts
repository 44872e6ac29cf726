import { sql } from 'drizzle-orm';
import { captainEvents, captainProfiles } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { CaptainSettings } from './captain-records.service';

export interface ProfileRow {
  userId: number;
  streetId: number;
  tags: string[];
  employerUnit: string | null;
  duties: string[];
  status: 'active' | 'suspended' | 'exited';
  statusReason: string | null;
  statusAt: Date;
  exitedAt: Date | null;
  version: number;
}

const PROFILE_COLS = sql`user_id as "userId", street_id as "streetId", tags, employer_unit as "employerUnit", duties,
  status, status_reason as "statusReason", status_at as "statusAt", exited_at as "exitedAt", version`;

function toProfile(r: ProfileRow & { statusAt: Date | string; exitedAt: Date | string | null }): ProfileRow {
  return { ...r, statusAt: new Date(r.statusAt), exitedAt: r.exitedAt ? new Date(r.exitedAt) : null };
}

/** The captain's record, locked for the caller's transaction when `forUpdate`. */
export async function findProfile(db: Db, userId: number, forUpdate = false): Promise<ProfileRow | undefined> {
  const [r] = await rows<ProfileRow>(
    db,
    sql`select ${PROFILE_COLS} from captain_profiles where user_id = ${userId} ${forUpdate ? sql`for update` : sql``}`,
  );
  return r && toProfile(r);
}

/** Creates the record when there is none (a concurrent creator wins; the caller re-reads). */
export async function insertProfile(db: Db, v: typeof captainProfiles.$inferInsert): Promise<boolean> {
  const res = await db
    .insert(captainProfiles)
    .values(v)
    .onConflictDoNothing()
    .returning({ id: captainProfiles.userId });
  return res.length > 0;
}

/** Compare-and-set on `version`: false when someone changed the record first. */
export async function updateProfile(
  db: Db,
  userId: number,
  version: number,
  set: Partial<{
    tags: string[];
    employerUnit: string | null;
    duties: string[];
    status: string;
    statusReason: string | null;
    statusAt: Date;
    exitedAt: Date | null;
  }>,
): Promise<boolean> {
  const parts = [sql`version = version + 1`];
  if (set.tags)
    parts.push(
      sql`tags = ${sql`array[${sql.join(
        set.tags.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`}`,
    );
  if (set.duties)
    parts.push(
      sql`duties = ${sql`array[${sql.join(
        set.duties.map((t) => sql`${t}`),
        sql`, `,
      )}]::text[]`}`,
    );
  if (set.employerUnit !== undefined) parts.push(sql`employer_unit = ${set.employerUnit}`);
  if (set.status !== undefined) parts.push(sql`status = ${set.status}`);
  if (set.statusReason !== undefined) parts.push(sql`status_reason = ${set.statusReason}`);
  if (set.statusAt !== undefined) parts.push(sql`status_at = ${set.statusAt.toISOString()}::timestamptz`);
  if (set.exitedAt !== undefined)
    parts.push(sql`exited_at = ${set.exitedAt ? set.exitedAt.toISOString() : null}::timestamptz`);
  const res = await rows<{ userId: number }>(
    db,
    sql`update captain_profiles set ${sql.join(parts, sql`, `)}
         where user_id = ${userId} and version = ${version} returning user_id as "userId"`,
  );
  return res.length > 0;
}

export async function insertEvent(db: Db, v: typeof captainEvents.$inferInsert): Promise<void> {
  await db.insert(captainEvents).values(v);
}

export interface EventRow {
  id: number;
  kind: 'created' | 'profile' | 'status' | 'bind' | 'unbind';
  reason: string | null;
  detail: Record<string, unknown> | null;
  actorName: string | null;
  at: Date | string;
}

export async function eventsOf(db: Db, userId: number): Promise<EventRow[]> {
  return rows<EventRow>(
    db,
    sql`select e.id, e.kind, e.reason, e.detail, a.name as "actorName", e.at
          from captain_events e left join users a on a.id = e.actor_user_id
         where e.user_id = ${userId}
         order by e.id desc limit 500`,
  );
}

/** The user's name and encrypted phone. */
export async function userOf(db: Db, userId: number) {
  const [u] = await rows<{ id: number; name: string; phoneEnc: string }>(
    db,
    sql`select id, name, phone_enc as "phoneEnc" from users where id = ${userId}`,
  );
  return u;
}

/** Buildings the user captains now. */
export async function currentBuildings(db: Db, userId: number) {
  return rows<{ id: number; name: string; path: string; streetId: number | null }>(
    db,
    sql`select o.id, o.name, o.path, o.street_id as "streetId"
          from role_bindings rb join org_units o on o.id = rb.org_unit_id
         where rb.user_id = ${userId} and rb.role = 'captain'
         order by o.name, o.id`,
  );
}

/** Paths of every building the user has ever been registered to (the record's places, also after an exit). */
export async function placesOf(db: Db, userId: number): Promise<string[]> {
  const r = await rows<{ path: string }>(
    db,
    sql`select distinct o.path from org_units o
         where o.id in (select org_unit_id from role_bindings where user_id = ${userId} and role = 'captain'
                        union select building_id from captain_assignments where user_id = ${userId})`,
  );
  return r.map((x) => x.path);
}

/** Exited captains whose redemption period has run out at `now`, with their street's period. */
export async function exitsDue(db: Db, now: Date, defaultDays: number, limit: number) {
  return rows<{ userId: number; exitedAt: Date | string }>(
    db,
    sql`select p.user_id as "userId", p.exited_at as "exitedAt"
          from captain_profiles p
          left join captain_settings s on s.street_id = p.street_id
         where p.status = 'exited'
           and p.exited_at + make_interval(days => coalesce(s.exit_redeem_days, ${defaultDays})) <= ${now.toISOString()}::timestamptz
         order by p.user_id
         limit ${limit}`,
  );
}

/** The building the user was last unbound from, with its street (an exited captain redeems there). */
export async function lastBuilding(db: Db, userId: number) {
  const [r] = await rows<{ streetId: number; path: string }>(
    db,
    sql`select o.street_id as "streetId", o.path from captain_assignments a join org_units o on o.id = a.building_id
         where a.user_id = ${userId} and o.street_id is not null order by a.id desc limit 1`,
  );
  return r;
}

/** A street's captain settings, if ever set. */
export async function findSettings(db: Db, streetId: number): Promise<CaptainSettings | undefined> {
  const [r] = await rows<CaptainSettings>(
    db,
    sql`select street_id as "streetId", star_quota_percent as "starQuotaPercent",
                 beauty_quota_percent as "beautyQuotaPercent", min_activity as "minActivity",
                 rating_prior_weight as "ratingPriorWeight", points_per_star as "pointsPerStar",
                 exit_redeem_days as "exitRedeemDays"
            from captain_settings where street_id = ${streetId}`,
  );
  return r;
}

export async function upsertSettings(db: Db, s: CaptainSettings, at: Date): Promise<void> {
  await db.execute(sql`
        insert into captain_settings (street_id, star_quota_percent, beauty_quota_percent, min_activity,
                                      rating_prior_weight, points_per_star, exit_redeem_days, updated_at)
        values (${s.streetId}, ${s.starQuotaPercent}, ${s.beautyQuotaPercent}, ${s.minActivity},
                ${s.ratingPriorWeight}, ${s.pointsPerStar}, ${s.exitRedeemDays}, ${at.toISOString()}::timestamptz)
        on conflict (street_id) do update set
          star_quota_percent = excluded.star_quota_percent, beauty_quota_percent = excluded.beauty_quota_percent,
          min_activity = excluded.min_activity, rating_prior_weight = excluded.rating_prior_weight,
          points_per_star = excluded.points_per_star, exit_redeem_days = excluded.exit_redeem_days,
          updated_at = excluded.updated_at`);
}

export async function findStreet(db: Db, streetId: number): Promise<{ path: string; name: string } | undefined> {
  const [u] = await rows<{ path: string; name: string }>(
    db,
    sql`select path, name from org_units where id = ${streetId} and kind = 'street'`,
  );
  return u;
}
