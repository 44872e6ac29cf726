import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { startTestApp, type TestApp } from '../../../test/harness';
import { insertPhoto } from './photos.repository';

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
const photo = async (h: bigint, streetId = a.street.id) =>
  (
    await insertPhoto(t.database.db, {
      streetId,
      uploaderUserId: uploader,
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
});
