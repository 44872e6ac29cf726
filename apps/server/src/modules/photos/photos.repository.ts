import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { orgUnits, photos } from '../../db/schema';
import { type Db, preparedRows, rows } from '../../platform/db';

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

/** The bits of one 16-bit band that a probe flips: none, or each one in turn. */
const ONE_BIT_FLIPS = [0, ...Array.from({ length: 16 }, (_, j) => 1 << j)];

/** A look-alike: photo `photoId` (one of those asked about) looks like the earlier `similarId`. */
export interface LookAlike {
  photoId: number;
  similarId: number;
  distance: number;
}

/**
 * For each of `ids`, the earlier photos of the same street whose hash is within `maxDistance` bits.
 * Up to 7 bits the candidates come from the hash bands (photo_hash_bands, 4 bands of 16 bits): such
 * hashes are at most one bit apart in some band, so each band's value and its one-bit neighbours are
 * looked up through the index, bounded to the street, and the distance measured on the hash stored
 * with the band; up to 3 bits some band is equal, so only the values themselves. Beyond 7 bits every
 * earlier photo of the street is measured.
 */
export async function similarEarlier(db: Db, ids: number[], maxDistance: number): Promise<LookAlike[]> {
  if (ids.length === 0) return [];
  const list = bigintArray(ids);
  const found =
    maxDistance > 7
      ? await rows<LookAlike>(db, lookAlikes(list, maxDistance))
      : // Prepared: planning this statement took longer than its 68 probes.
        await preparedRows<LookAlike>(db, lookAlikes(list, maxDistance));
  return found.map(lookAlikeOf);
}

/**
 * `similarEarlier`'s statement, also a relation for another module's statement: columns "photoId",
 * "similarId" and distance, ordered by "photoId", distance, "similarId" (no rows for no ids). `ids` is an
 * SQL expression of type bigint[]: a list of parameters (`bigintArray`, or a statement's placeholders), not
 * one array parameter, for which the planner assumes ten photos and keeps re-planning a prepared statement
 * (docs/ARCHITECTURE.md, "Arrays as parameters").
 *
 * Each probe is its own index lookup (a lateral kept apart by `offset 0`): joined as a whole, the planner
 * chose for a street of a few thousand photos to hash all its band rows and test the distance on each
 * (2–4 ms a photo in the bench), where the 68 probes read a few index entries each.
 */
export function lookAlikes(ids: SQL, maxDistance: number): SQL {
  if (maxDistance > 7) {
    const distance = sql`bit_count(('x' || p.phash)::bit(64) # ('x' || q.phash)::bit(64))`;
    return sql`select p.id as "photoId", q.id as "similarId", ${distance}::int as distance
                 from photos p
                 join photos q on q.street_id is not distinct from p.street_id and q.id < p.id
                where p.id = any(${ids}) and ${distance} <= ${maxDistance}
                order by p.id, distance, q.id`;
  }
  const flips = maxDistance >= 4 ? ONE_BIT_FLIPS : [0];
  const distance = sql`bit_count((c.hash # x.h)::bit(64))`;
  return sql`with x as (select id, coalesce(street_id, 0) as street_id, ('x' || phash)::bit(64)::bigint as h
                          from photos where id = any(${ids}))
             select distinct x.id as "photoId", c.photo_id as "similarId", ${distance}::int as distance
               from x
               cross join generate_series(0, 3) as k(band)
               cross join unnest(${`{${flips.join(',')}}`}::int[]) as f(flip)
               cross join lateral (
                      select b.photo_id, b.hash from photo_hash_bands b
                       where b.street_id = x.street_id and b.band = k.band
                         and b.value = (((x.h >> (48 - 16 * k.band)) & 65535)::int # f.flip)
                         and b.photo_id < x.id
                      offset 0) c
              where ${distance} <= ${maxDistance}
              order by "photoId", distance, "similarId"`;
}

const lookAlikeOf = (r: LookAlike): LookAlike => ({
  photoId: Number(r.photoId),
  similarId: Number(r.similarId),
  distance: Number(r.distance),
});

/**
 * Rows of `lookAlikes` another module's statement selected as a JSON array of objects with the same keys
 * (parsed or not), in `similarEarlier`'s order whatever order they came in.
 */
export function readLookAlikes(json: unknown): LookAlike[] {
  const parsed = (typeof json === 'string' ? JSON.parse(json) : (json ?? [])) as LookAlike[];
  return parsed
    .map(lookAlikeOf)
    .sort((a, b) => a.photoId - b.photoId || a.distance - b.distance || a.similarId - b.similarId);
}

/** Of `ids`, those uploaded by `userId`, as a JSON array of ids: a scalar subquery for another module's statement. */
export function ownAmongJson(userId: SQL, ids: SQL): SQL {
  return sql`(select coalesce(json_agg(p.id), '[]'::json) from photos p
               where p.uploader_user_id = ${userId} and p.id = any(${ids}))`;
}

/**
 * `ids` as an SQL array of type bigint[], a parameter each: a prepared statement's text is the same for the
 * same number of ids, and the planner knows how many there are (for one array parameter it assumes ten).
 */
export function bigintArray(ids: readonly number[]): SQL {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}::bigint`),
    sql`, `,
  )}]::bigint[]`;
}

/** What `ownAmongJson` selected: the ids. */
export function readOwnIds(json: unknown): number[] {
  const parsed = (typeof json === 'string' ? JSON.parse(json) : (json ?? [])) as unknown[];
  return parsed.map(Number);
}

export async function byIds(db: Db, ids: number[]): Promise<PhotoRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(photos).where(inArray(photos.id, ids));
}
