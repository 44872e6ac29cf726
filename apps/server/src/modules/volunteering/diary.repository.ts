import { type SQL, sql } from 'drizzle-orm';
import { volunteerDiaryEntries } from '../../db/schema';
import { type Db, rows } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface DiaryListed {
  id: number;
  volunteerId: number;
  authorUserId: number;
  volunteerName: string;
  teamId: number | null;
  teamName: string | null;
  streetId: number;
  path: string;
  kind: 'mediation' | 'service';
  title: string;
  body: string;
  occurredOn: string;
  photoIds: number[];
  partiesEnc: string | null;
  createdAt: Date;
}

const select = sql`select e.id, e.volunteer_id as "volunteerId", v.user_id as "authorUserId", u.name as "volunteerName",
    e.team_id as "teamId", t.name as "teamName", e.street_id as "streetId", e.path, e.kind, e.title, e.body,
    e.occurred_on::text as "occurredOn", e.photo_ids as "photoIds", e.parties_enc as "partiesEnc", e.created_at as "createdAt"
  from volunteer_diary_entries e join volunteers v on v.id = e.volunteer_id join users u on u.id = v.user_id
  left join volunteer_teams t on t.id = e.team_id`;

const norm = (r: DiaryListed): DiaryListed => ({
  ...r,
  photoIds: r.photoIds.map(Number),
  createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(r.createdAt),
});

export async function insertEntry(db: Db, v: typeof volunteerDiaryEntries.$inferInsert): Promise<number> {
  const [r] = await db.insert(volunteerDiaryEntries).values(v).returning({ id: volunteerDiaryEntries.id });
  return r!.id;
}

export async function findEntry(db: Db, id: number): Promise<DiaryListed | undefined> {
  const [r] = await rows<DiaryListed>(db, sql`${select} where e.id = ${id}`);
  return r && norm(r);
}

/** Entries under `scope`, written by volunteer `volunteerId`, or of one of `teamIds`; newest first. */
export async function listEntries(
  db: Db,
  scope: Scope,
  volunteerId: number | null,
  teamIds: readonly number[],
): Promise<DiaryListed[]> {
  const parts: SQL[] = [scope.where(sql`e.path`)];
  if (volunteerId !== null) parts.push(sql`e.volunteer_id = ${volunteerId}`);
  if (teamIds.length) {
    parts.push(
      sql`e.team_id in (${sql.join(
        teamIds.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  }
  const r = await rows<DiaryListed>(
    db,
    sql`${select} where (${sql.join(parts, sql` or `)}) order by e.occurred_on desc, e.id desc limit 200`,
  );
  return r.map(norm);
}

/** The entries holding photo `photoId`. */
export async function entriesHoldingPhoto(db: Db, photoId: number): Promise<number[]> {
  const r = await rows<{ id: number }>(
    db,
    sql`select id from volunteer_diary_entries where photo_ids @> array[${photoId}]::bigint[]`,
  );
  return r.map((x) => x.id);
}
