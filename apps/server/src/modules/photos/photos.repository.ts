import { and, eq, inArray, sql } from 'drizzle-orm';
import { orgUnits, photos } from '../../db/schema';
import { type Db, rows } from '../../platform/db';

export type PhotoRow = typeof photos.$inferSelect;

export async function insertPhoto(db: Db, v: typeof photos.$inferInsert): Promise<PhotoRow> {
  const [row] = await db.insert(photos).values(v).returning();
  return row as PhotoRow;
}

/** A photo with the org path of its street (null for uploads by users bound above a street). */
export async function findWithStreetPath(db: Db, id: number) {
  const [row] = await db
    .select({ photo: photos, streetPath: orgUnits.path })
    .from(photos)
    .leftJoin(orgUnits, eq(orgUnits.id, photos.streetId))
    .where(eq(photos.id, id));
  return row;
}

export async function ownedBy(db: Db, userId: number, ids: number[]): Promise<PhotoRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(photos)
    .where(and(eq(photos.uploaderUserId, userId), inArray(photos.id, ids)));
}

/** For each of `ids`, the earlier photos of the same street whose hash is within `maxDistance` bits. */
export async function similarEarlier(db: Db, ids: number[], maxDistance: number) {
  if (ids.length === 0) return [];
  return rows<{ photoId: number; similarId: number; distance: number }>(
    db,
    sql`select p.id as "photoId", q.id as "similarId",
               bit_count(('x' || p.phash)::bit(64) # ('x' || q.phash)::bit(64))::int as distance
          from photos p
          join photos q on q.street_id is not distinct from p.street_id and q.id < p.id
         where p.id in (${sql.join(
           ids.map((id) => sql`${id}`),
           sql`, `,
         )})
           and bit_count(('x' || p.phash)::bit(64) # ('x' || q.phash)::bit(64)) <= ${maxDistance}
         order by p.id, distance, q.id`,
  );
}

export async function byIds(db: Db, ids: number[]): Promise<PhotoRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(photos).where(inArray(photos.id, ids));
}
