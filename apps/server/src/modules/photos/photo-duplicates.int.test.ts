import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { bigintArray, insertPhoto } from './photos.repository';

/**
 * The duplicate check's index (4 bands of 16 bits, each band's value and its one-bit neighbours looked
 * up) against hashes at known distances. The expected answers come from the bits flipped here, counted
 * in JavaScript, never from the check itself.
 */
let t: TestApp;
let a: Tree;
let other: Tree;
let uploader: number;

beforeAll(async () => {
  t = await startTestApp();
  a = await buildTree(t.database.db);
  other = await buildTree(t.database.db, { city: a.city, district: a.district });
  uploader = (await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: a.building }])).id;
});
afterAll(() => t.close());

const BASE = 0x9c3a_51e7_0fd2_b846n;
const hex = (h: bigint) => h.toString(16).padStart(16, '0');
/** BASE with `perBand[k]` bits flipped in band k (band 0 = the most significant 16 bits), at spread positions. */
const flipped = (perBand: number[], offset = 0) => {
  let h = BASE;
  perBand.forEach((n, band) => {
    for (let i = 0; i < n; i++) h ^= 1n << BigInt(63 - 16 * band - ((offset + i * 5) % 16));
  });
  return h;
};
const distance = (x: bigint, y: bigint) => [...(x ^ y).toString(2)].filter((c) => c === '1').length;

let n = 0;
const photo = async (h: bigint, streetId = a.street.id, uploaderUserId = uploader) =>
  (
    await insertPhoto(t.database.db, {
      streetId,
      uploaderUserId,
      sha256: `dup-${n++}`,
      phash: hex(h),
      width: 10,
      height: 10,
      bytes: 1,
      createdAt: new Date(),
    })
  ).id;
const similarIds = async (id: number, maxDistance?: number) =>
  (await t.services.photos.similar(t.database.db, [id], maxDistance === undefined ? {} : { maxDistance })).map(
    (s) => s.similarId,
  );

describe('duplicate photos through the hash bands', () => {
  it('finds every earlier photo of the street within 6 bits, also when no band is equal, and nothing farther', async () => {
    const cases = {
      same: flipped([0, 0, 0, 0]),
      sixNoBandEqual: flipped([2, 2, 1, 1]), // every band differs: found through a one-bit neighbour only
      sixOtherBands: flipped([1, 1, 2, 2], 3),
      sixOneBandEqual: flipped([2, 2, 2, 0]),
      sevenOneBitBand: flipped([2, 2, 2, 1]),
      eightEvenly: flipped([2, 2, 2, 2]),
      far: BASE ^ 0xffff_0000_ffff_0000n,
    };
    for (const [name, h] of Object.entries(cases)) {
      expect(distance(BASE, h), name).toBe(
        {
          same: 0,
          sixNoBandEqual: 6,
          sixOtherBands: 6,
          sixOneBandEqual: 6,
          sevenOneBitBand: 7,
          eightEvenly: 8,
          far: 32,
        }[name],
      );
    }
    const ids = Object.fromEntries(
      await Promise.all(Object.entries(cases).map(async ([name, h]) => [name, await photo(h)] as const)),
    );
    const elsewhere = await photo(BASE, other.street.id);
    const probe = await photo(BASE);
    const later = await photo(BASE);

    const found = await similarIds(probe);
    expect(found.sort()).toEqual([ids.same, ids.sixNoBandEqual, ids.sixOtherBands, ids.sixOneBandEqual].sort());
    expect(found).not.toContain(elsewhere);
    expect(found).not.toContain(later);
    // Up to 7 bits the index still answers; 8 bits (2 in every band) is beyond it and measured by a scan.
    expect(await similarIds(probe, 7)).toContain(ids.sevenOneBitBand);
    expect(await similarIds(probe, 7)).not.toContain(ids.eightEvenly);
    expect(await similarIds(probe, 8)).toContain(ids.eightEvenly);
    // Up to 3 bits some band is equal: the equal values alone are looked up.
    expect(await similarIds(probe, 3)).toEqual([ids.same]);
    // The later photo sees the probe and everything the probe saw.
    expect(await similarIds(later)).toContain(probe);
  });

  it('agrees with a count of the bits for hashes 0 to 10 bits from an earlier one, at random positions', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const base = 0x1234_5678_9abc_def0n;
    const variants: bigint[] = [];
    for (let bits = 0; bits <= 10; bits++) {
      for (let k = 0; k < 6; k++) {
        const positions = new Set<number>();
        while (positions.size < bits) positions.add(Math.floor(random() * 64));
        variants.push([...positions].reduce((h, p) => h ^ (1n << BigInt(p)), base));
      }
    }
    const ids = [];
    for (const v of variants) ids.push(await photo(v, other.street.id));
    const probe = await photo(base, other.street.id);
    const expected = ids.filter((_, i) => distance(base, variants[i] as bigint) <= 6);
    expect(expected.length).toBeGreaterThanOrEqual(6 * 7);
    const got = await t.services.photos.similar(t.database.db, [probe]);
    // The first test's photo in this street has BASE, far from `base`, so only the variants count.
    expect(distance(base, BASE)).toBeGreaterThan(6);
    expect(got.map((s) => s.similarId).sort()).toEqual(expected.sort());
    for (const s of got) {
      const i = ids.indexOf(s.similarId);
      if (i >= 0) expect(s.distance).toBe(distance(base, variants[i] as bigint));
    }
  });

  it('lends the same answers to another module’s statement: own photos and look-alikes, in the same order', async () => {
    const street = (await buildTree(t.database.db, { city: a.city, district: a.district })).street.id;
    const someoneElse = (await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: a.building }])).id;
    const base = 0x0f1e_2d3c_4b5a_6978n;
    const one = base ^ (1n << 9n);
    const three = base ^ (1n << 3n) ^ (1n << 33n) ^ (1n << 63n);
    expect([distance(base, one), distance(base, three), distance(one, three)]).toEqual([1, 3, 4]);
    const p3 = await photo(three, street);
    const p1 = await photo(one, street, someoneElse);
    const q = await photo(base, street);
    const r = await photo(one, street);
    // Earlier look-alikes within 6 bits, by photo, nearest first: q ← p1 (1), p3 (3); r ← q (1), p1 (0), p3 (4).
    const expected = [
      { photoId: q, similarId: p1, distance: 1 },
      { photoId: q, similarId: p3, distance: 3 },
      { photoId: r, similarId: p1, distance: 0 },
      { photoId: r, similarId: q, distance: 1 },
      { photoId: r, similarId: p3, distance: 4 },
    ];
    const photos = t.services.photos;
    const lent = async (ids: number[], userId: number, maxDistance?: number) => {
      const [row] = await rows<{ alike: unknown; own: unknown }>(
        t.database.db,
        sql`select (select coalesce(json_agg(json_build_object('photoId', l."photoId", 'similarId', l."similarId",
                                                               'distance', l.distance)), '[]'::json)
                      from (${photos.lookAlikes(bigintArray(ids), maxDistance === undefined ? {} : { maxDistance })}) l) as alike,
                   ${photos.ownAmong(sql`${userId}::bigint`, bigintArray(ids))} as own`,
      );
      return row as { alike: unknown; own: unknown };
    };
    for (const ids of [
      [r, q],
      [q, r],
    ]) {
      const got = await lent(ids, uploader);
      expect(photos.readLookAlikes(got.alike)).toEqual(expected);
      expect(await photos.similar(t.database.db, ids)).toEqual(expected);
      expect(() => photos.requireOwnRead(ids, got.own)).not.toThrow();
    }
    // Beyond 7 bits the scan answers the same way.
    expect(photos.readLookAlikes((await lent([r, q], uploader, 8)).alike)).toEqual(expected);
    // Someone else's photo among mine: refused, naming the first that is not mine, as requireOwn does.
    const mixed = [q, p1, r, p3];
    const refusal = {
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'photoIds', message: `photo ${p1} does not exist or is not yours` }],
    };
    const own = (await lent(mixed, uploader)).own;
    let thrown: unknown;
    try {
      photos.requireOwnRead(mixed, own);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject(refusal);
    await expect(photos.requireOwn(t.database.db, uploader, mixed)).rejects.toMatchObject(refusal);
    // No photos: an empty answer, nothing refused.
    const none = await lent([], uploader);
    expect(photos.readLookAlikes(none.alike)).toEqual([]);
    expect(() => photos.requireOwnRead([], none.own)).not.toThrow();
  });
});
