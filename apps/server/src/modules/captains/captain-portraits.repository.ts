import { inArray, sql } from 'drizzle-orm';
import { captainPortraits } from '../../db/schema';
import { type Db, rows } from '../../platform/db';

export async function upsertPortrait(db: Db, userId: number, photoId: number, at: Date): Promise<void> {
  await db
    .insert(captainPortraits)
    .values({ userId, photoId, updatedAt: at })
    .onConflictDoUpdate({ target: captainPortraits.userId, set: { photoId, updatedAt: at } });
}

export async function portraitsOf(db: Db, userIds: readonly number[]) {
  return db
    .select({ userId: captainPortraits.userId, photoId: captainPortraits.photoId })
    .from(captainPortraits)
    .where(inArray(captainPortraits.userId, [...userIds]));
}

/** Is the photo the portrait of a captain of a building under one of `paths`? */
export async function portraitUnder(db: Db, photoId: number, paths: readonly string[]): Promise<boolean> {
  const [r] = await rows<{ ok: boolean }>(
    db,
    sql`select exists (select 1 from captain_portraits p
          join role_bindings rb on rb.user_id = p.user_id and rb.role = 'captain'
          join org_units o on o.id = rb.org_unit_id
          where p.photo_id = ${photoId} and (${sql.join(
            paths.map((x) => sql`o.path like ${`${x}%`}`),
            sql` or `,
          )})) as ok`,
  );
  return Boolean(r?.ok);
}
