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

/**
 * For each of `ids`, the earlier photos of the same street whose hash is within `maxDistance` bits.
 * Up to 6 bits the candidates come from the hash bands (photo_hash_bands: two such hashes share a
 * band), through an index and bounded to the street; beyond that every earlier photo of the street.
 */
export async function similarEarlier(db: Db, ids: number[], maxDistance: number) {
  if (ids.length === 0) return [];
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const distance = sql`bit_count(('x' || p.phash)::bit(64) # ('x' || q.phash)::bit(64))`;
  if (maxDistance > 6) {
    return rows<{ photoId: number; similarId: number; distance: number }>(
      db,
      sql`select p.id as "photoId", q.id as "similarId", ${distance}::int as distance
            from photos p
            join photos q on q.street_id is not distinct from p.street_id and q.id < p.id
           where p.id in (${list}) and ${distance} <= ${maxDistance}
           order by p.id, distance, q.id`,
    );
  }
  return rows<{ photoId: number; similarId: number; distance: number }>(
    db,
    sql`select p.id as "photoId", q.id as "similarId", ${distance}::int as distance
          from photos p
          join lateral (select distinct c.photo_id
                          from photo_hash_bands b
                          join photo_hash_bands c on c.street_id = b.street_id and c.band = b.band and c.value = b.value
                                                 and c.photo_id < b.photo_id
                         where b.photo_id = p.id) c on true
          join photos q on q.id = c.photo_id
         where p.id in (${list}) and ${distance} <= ${maxDistance}
         order by p.id, distance, q.id`,
  );
}

export async function byIds(db: Db, ids: number[]): Promise<PhotoRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(photos).where(inArray(photos.id, ids));
}
