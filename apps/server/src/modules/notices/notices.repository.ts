import { and, eq, sql } from 'drizzle-orm';
import { noticeReads, notices } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type NoticeRow = typeof notices.$inferSelect;
export interface NoticeListed extends NoticeRow {
  scopeName: string;
  attachmentWidth: number | null;
  attachmentHeight: number | null;
  authorName: string;
  readAt: Date | null;
}

export async function findUnit(db: Db, id: number) {
  const [r] = await rows<{ id: number; kind: string; path: string; streetId: number | null; name: string }>(
    db,
    sql`select id, kind, path, street_id as "streetId", name from org_units where id = ${id}`,
  );
  return r;
}

export async function insertNotice(db: Db, v: typeof notices.$inferInsert): Promise<NoticeRow> {
  const [row] = await db.insert(notices).values(v).returning();
  return row!;
}

/** A notice reaches `paths` (people's buildings) when its scope is an ancestor-or-self of one of them. */
const reaches = (paths: readonly string[]) =>
  paths.length === 0
    ? sql`false`
    : sql`(${sql.join(
        paths.map((p) => sql`${p} like n.scope_path || '%'`),
        sql` or `,
      )})`;

const listedCols = sql`n.id, n.street_id as "streetId", n.scope_org_unit_id as "scopeOrgUnitId", n.scope_path as "scopePath",
  n.kind, n.title, n.body, to_char(n.pinned_until, 'YYYY-MM-DD') as "pinnedUntil", n.author_user_id as "authorUserId",
  n.author_role as "authorRole", n.published_at as "publishedAt", o.name as "scopeName", u.name as "authorName",
  n.attachment_photo_id as "attachmentPhotoId", ap.width as "attachmentWidth", ap.height as "attachmentHeight"`;

type RawListed = Omit<NoticeListed, 'publishedAt' | 'readAt'> & {
  publishedAt: Date | string;
  readAt: Date | string | null;
};
const norm = (r: RawListed): NoticeListed => ({
  ...r,
  publishedAt: new Date(r.publishedAt),
  readAt: r.readAt === null ? null : new Date(r.readAt),
});

/** Notices reaching `paths` or lying in `scope`, pinned ones (until `today`) first, then newest. */
export async function listFor(
  db: Db,
  userId: number,
  f: { audience: readonly string[]; scope?: Scope; today: string; limit: number; id?: number },
): Promise<NoticeListed[]> {
  const visible = f.scope ? sql`(${reaches(f.audience)} or ${f.scope.where(sql`n.scope_path`)})` : reaches(f.audience);
  const r = await rows<RawListed>(
    db,
    sql`select ${listedCols}, nr.read_at as "readAt"
        from notices n
        join org_units o on o.id = n.scope_org_unit_id
        join users u on u.id = n.author_user_id
        left join photos ap on ap.id = n.attachment_photo_id
        left join notice_reads nr on nr.notice_id = n.id and nr.user_id = ${userId}
        where ${visible} ${f.id === undefined ? sql`` : sql`and n.id = ${f.id}`}
        order by (n.pinned_until is not null and n.pinned_until >= ${f.today}::date) desc, n.published_at desc, n.id desc
        limit ${f.limit}`,
  );
  return r.map(norm);
}

export async function unreadCount(db: Db, userId: number, audience: readonly string[]): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from notices n
        where ${reaches(audience)}
          and not exists (select 1 from notice_reads nr where nr.notice_id = n.id and nr.user_id = ${userId})`,
  );
  return r?.n ?? 0;
}

/** The household `userId` lives in under `scopePath`, if they are a registered resident there. */
export async function householdOf(db: Db, userId: number, scopePath: string): Promise<number | null> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`select h.id from residents r join households h on h.id = r.household_id
        where r.user_id = ${userId} and h.path like ${`${scopePath}%`} order by h.id limit 1`,
  );
  return r?.id ?? null;
}

/** Records a read once: a second or concurrent read of the same person changes nothing. */
export async function insertRead(db: Db, v: typeof noticeReads.$inferInsert): Promise<Date> {
  await db.insert(noticeReads).values(v).onConflictDoNothing();
  const [r] = await db
    .select({ at: noticeReads.readAt })
    .from(noticeReads)
    .where(and(eq(noticeReads.noticeId, v.noticeId), eq(noticeReads.userId, v.userId)));
  return r!.at;
}

/** Per building under the notice's scope (and in `scope`): households, and households with a reader. */
export async function receiptsByBuilding(db: Db, n: NoticeRow, scope: Scope) {
  return rows<{ buildingId: number; buildingName: string; households: number; householdsRead: number }>(
    db,
    sql`select b.id as "buildingId", b.name as "buildingName",
          (select count(*)::int from households h where h.building_id = b.id) as households,
          (select count(distinct nr.household_id)::int from notice_reads nr join households h on h.id = nr.household_id
             where nr.notice_id = ${n.id} and h.building_id = b.id) as "householdsRead"
        from org_units b
        where b.kind = 'building' and b.path like ${`${n.scopePath}%`} and ${scope.where(sql`b.path`)}
        order by b.name, b.id
        limit 2000`,
  );
}

export async function readersCount(db: Db, noticeId: number): Promise<number> {
  const [r] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from notice_reads where notice_id = ${noticeId}`,
  );
  return r?.n ?? 0;
}

/** Households of a building none of whose members has read the notice (for the captain to knock on doors). */
export async function unreadHouseholds(db: Db, noticeId: number, buildingId: number) {
  return rows<{
    householdId: number;
    unitLabel: string | null;
    room: string;
    buildingName: string;
    headName: string | null;
  }>(
    db,
    sql`select h.id as "householdId", h.unit_label as "unitLabel", h.room, b.name as "buildingName",
          (select r.name from residents r where r.household_id = h.id order by (r.relation = '户主') desc, r.id limit 1) as "headName"
        from households h join org_units b on b.id = h.building_id
        where h.building_id = ${buildingId}
          and not exists (select 1 from notice_reads nr where nr.notice_id = ${noticeId} and nr.household_id = h.id)
        order by h.floor, h.room, h.id`,
  );
}

/** Users who live under `scopePath` (resident bindings), to tell them about a new notice. */
export async function residentUsersUnder(db: Db, scopePath: string): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select distinct rb.user_id as id from role_bindings rb join org_units o on o.id = rb.org_unit_id
        where rb.role in ('resident','captain') and o.path like ${`${scopePath}%`}`,
  );
  return r.map((x) => x.id);
}

/** Notices reaching any of `paths` published since `since` or pinned until at least `today`, newest first. */
export async function currentReaching(db: Db, paths: readonly string[], since: Date, today: string) {
  if (paths.length === 0) return [];
  return rows<{ scopePath: string; kind: string; title: string; publishedAt: Date | string; pinned: boolean }>(
    db,
    sql`select n.scope_path as "scopePath", n.kind, n.title, n.published_at as "publishedAt",
          (n.pinned_until is not null and n.pinned_until >= ${today}::date) as pinned
        from notices n
        where ${reaches(paths)} and (n.published_at >= ${since} or n.pinned_until >= ${today}::date)
        order by n.published_at desc, n.id desc
        limit 500`,
  );
}

/** Notices holding photo `photoId` as their attachment. */
export async function noticesHoldingPhoto(db: Db, photoId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select id from notices where attachment_photo_id = ${photoId} order by id limit 20`,
  );
  return r.map((x) => x.id);
}
