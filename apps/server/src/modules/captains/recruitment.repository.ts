import { sql } from 'drizzle-orm';
import { recruitmentApplications, recruitmentDrives } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface DriveRow {
  id: number;
  streetId: number;
  orgUnitId: number;
  orgUnitName: string;
  path: string;
  title: string;
  area: string | null;
  buildingIds: number[];
  requirements: string;
  places: number;
  deadline: string;
  createdAt: Date | string;
  applied: number;
  vetted: number;
  chosen: number;
  registered: number;
}

const DRIVE_SELECT = sql`
  select d.id, d.street_id as "streetId", d.org_unit_id as "orgUnitId", o.name as "orgUnitName", d.path, d.title,
         d.area, d.building_ids as "buildingIds", d.requirements, d.places, d.deadline::text as deadline,
         d.created_at as "createdAt",
         (select count(*) from recruitment_applications a where a.drive_id = d.id and a.status <> 'awaiting_consent')::int as applied,
         (select count(*) from recruitment_applications a where a.drive_id = d.id and a.score is not null)::int as vetted,
         (select count(*) from recruitment_applications a where a.drive_id = d.id and a.status in ('chosen','registered'))::int as chosen,
         (select count(*) from recruitment_applications a where a.drive_id = d.id and a.status = 'registered')::int as registered
    from recruitment_drives d join org_units o on o.id = d.org_unit_id`;

export async function insertDrive(db: Db, v: typeof recruitmentDrives.$inferInsert): Promise<number> {
  const [r] = await db.insert(recruitmentDrives).values(v).returning({ id: recruitmentDrives.id });
  return r?.id as number;
}

export async function findDrive(db: Db, id: number, forUpdate = false): Promise<DriveRow | undefined> {
  if (forUpdate) await db.execute(sql`select id from recruitment_drives where id = ${id} for update`);
  const [r] = await rows<DriveRow>(db, sql`${DRIVE_SELECT} where d.id = ${id}`);
  return r;
}

/** Drives under `scope` (staff), newest first. */
export async function drivesIn(db: Db, scope: Scope, limit: number): Promise<DriveRow[]> {
  return rows<DriveRow>(db, sql`${DRIVE_SELECT} where ${scope.where(sql`d.path`)} order by d.id desc limit ${limit}`);
}

/** Drives still open on `today` (Asia/Shanghai), for the public page. */
export async function openDrives(db: Db, today: string, limit: number, underPath?: string): Promise<DriveRow[]> {
  // A drive at a street is on the page of each of its communities too (its path is above theirs).
  const where = underPath
    ? sql`and (d.path like ${`${underPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} or ${underPath} like d.path || '%')`
    : sql``;
  return rows<DriveRow>(
    db,
    sql`${DRIVE_SELECT} where d.deadline >= ${today}::date ${where} order by d.deadline, d.id limit ${limit}`,
  );
}

export async function unitsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return rows<{ id: number; name: string; kind: string; path: string }>(
    db,
    sql`select id, name, kind, path from org_units where id in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
}

export async function unitById(db: Db, id: number) {
  const [u] = await rows<{ id: number; name: string; kind: string; path: string; streetId: number | null }>(
    db,
    sql`select id, name, kind, path, street_id as "streetId" from org_units where id = ${id}`,
  );
  return u;
}

export interface ApplicationRow {
  id: number;
  driveId: number;
  driveTitle: string;
  drivePath: string;
  streetId: number;
  kind: 'self' | 'nominated';
  name: string;
  phoneEnc: string;
  phoneHash: string;
  applicantUserId: number | null;
  nominatorName: string | null;
  statement: string;
  buildingId: number | null;
  status: 'awaiting_consent' | 'applied' | 'vetted' | 'chosen' | 'registered' | 'rejected';
  vetNote: string | null;
  interviewedOn: string | null;
  score: number | null;
  createdAt: Date | string;
}

const APP_SELECT = sql`
  select a.id, a.drive_id as "driveId", d.title as "driveTitle", d.path as "drivePath", a.street_id as "streetId",
         a.kind, a.name, a.phone_enc as "phoneEnc", a.phone_hash as "phoneHash", a.applicant_user_id as "applicantUserId",
         n.name as "nominatorName", a.statement, a.building_id as "buildingId", a.status, a.vet_note as "vetNote",
         a.interviewed_on::text as "interviewedOn", a.score, a.created_at as "createdAt"
    from recruitment_applications a
    join recruitment_drives d on d.id = a.drive_id
    left join users n on n.id = a.nominator_user_id`;

/** Inserts an application; undefined when the phone already applied to the drive. */
export async function insertApplication(
  db: Db,
  v: typeof recruitmentApplications.$inferInsert,
): Promise<number | undefined> {
  const [r] = await db
    .insert(recruitmentApplications)
    .values(v)
    .onConflictDoNothing()
    .returning({ id: recruitmentApplications.id });
  return r?.id;
}

export async function findApplication(db: Db, id: number, forUpdate = false): Promise<ApplicationRow | undefined> {
  const [r] = await rows<ApplicationRow>(
    db,
    sql`${APP_SELECT} where a.id = ${id} ${forUpdate ? sql`for update of a` : sql``}`,
  );
  return r;
}

export async function applicationsOfDrive(db: Db, driveId: number): Promise<ApplicationRow[]> {
  return rows<ApplicationRow>(
    db,
    sql`${APP_SELECT} where a.drive_id = ${driveId} order by a.score desc nulls last, a.id`,
  );
}

/** The applications a person made, or that name their phone (nominations waiting for their consent). */
export async function applicationsOfPerson(db: Db, userId: number, phoneHash: string): Promise<ApplicationRow[]> {
  return rows<ApplicationRow>(
    db,
    sql`${APP_SELECT} where a.applicant_user_id = ${userId} or a.phone_hash = ${phoneHash} order by a.id desc limit 100`,
  );
}

export async function setApplication(
  db: Db,
  id: number,
  set: {
    status?: string;
    applicantUserId?: number;
    consentedAt?: Date;
    vetNote?: string | null;
    interviewedOn?: string | null;
    score?: number;
    decidedBy?: number;
    registeredAt?: Date;
    updatedAt: Date;
  },
): Promise<void> {
  const parts = [sql`updated_at = ${set.updatedAt.toISOString()}::timestamptz`];
  if (set.status !== undefined) parts.push(sql`status = ${set.status}`);
  if (set.applicantUserId !== undefined) parts.push(sql`applicant_user_id = ${set.applicantUserId}`);
  if (set.consentedAt) parts.push(sql`consented_at = ${set.consentedAt.toISOString()}::timestamptz`);
  if (set.vetNote !== undefined) parts.push(sql`vet_note = ${set.vetNote}`);
  if (set.interviewedOn !== undefined) parts.push(sql`interviewed_on = ${set.interviewedOn}::date`);
  if (set.score !== undefined) parts.push(sql`score = ${set.score}`);
  if (set.decidedBy !== undefined) parts.push(sql`decided_by = ${set.decidedBy}`);
  if (set.registeredAt) parts.push(sql`registered_at = ${set.registeredAt.toISOString()}::timestamptz`);
  await db.execute(sql`update recruitment_applications set ${sql.join(parts, sql`, `)} where id = ${id}`);
}

export async function userPhone(db: Db, userId: number) {
  const [u] = await rows<{ name: string; phoneEnc: string; phoneHash: string }>(
    db,
    sql`select name, phone_enc as "phoneEnc", phone_hash as "phoneHash" from users where id = ${userId}`,
  );
  return u;
}
