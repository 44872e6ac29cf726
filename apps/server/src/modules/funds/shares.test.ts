import { describe, expect, it } from 'vitest';
import { splitFen } from './shares';

const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('splitting fen by the largest-remainder method', () => {
  it('splits 100.00 yuan equally over 3 households: 33.34, 33.33, 33.33 (the extra fen to the first registered)', () => {
    const m = splitFen(10000, [
      { key: 7, weight: 1 },
      { key: 3, weight: 1 },
      { key: 5, weight: 1 },
    ]);
    expect(Object.fromEntries(m)).toEqual({ 3: 3334, 5: 3333, 7: 3333 });
  });

  it('gives leftover fen to the largest remainders before the tie rule', () => {
    // 1000 fen by weights 1, 2, 4 (of 7): exact 142.857, 285.714, 571.428 → floors 142, 285, 571 (998);
    // remainders .857 > .714 > .428: the two fen go to keys 1 and 2.
    const m = splitFen(1000, [
      { key: 1, weight: 1 },
      { key: 2, weight: 2 },
      { key: 3, weight: 4 },
    ]);
    expect(Object.fromEntries(m)).toEqual({ 1: 143, 2: 286, 3: 571 });
  });

  it('splits the 江滨新村10栋 sewer bill of 1,800 yuan over 12 households by floor area, summing exactly', () => {
    const areas = [6235, 7580, 8850, 9120, 10565, 6840, 7215, 9630, 11075, 5890, 8345, 9960];
    const m = splitFen(
      180000,
      areas.map((weight, i) => ({ key: i + 1, weight })),
    );
    expect(sum(m)).toBe(180000);
    // Household 1: 180000 × 6235 / 101305 = 11078.41… → 11078 (its remainder is not among the largest).
    expect(m.get(1)).toBeGreaterThanOrEqual(11078);
    expect(m.get(1)).toBeLessThanOrEqual(11079);
  });

  it('sums exactly for many awkward totals and weights', () => {
    for (let total = 1; total < 5000; total += 97) {
      for (const n of [1, 2, 3, 7, 12, 40]) {
        const items = Array.from({ length: n }, (_, i) => ({ key: i + 1, weight: 5000 + ((i * 7919) % 9973) }));
        const m = splitFen(total, items);
        expect(sum(m)).toBe(total);
        for (const it of items) {
          const exact = (total * it.weight) / items.reduce((s, x) => s + x.weight, 0);
          expect(Math.abs(m.get(it.key)! - exact)).toBeLessThan(1);
        }
      }
    }
  });

  it('gives nothing to a zero weight and refuses an empty split', () => {
    expect(
      Object.fromEntries(
        splitFen(100, [
          { key: 1, weight: 0 },
          { key: 2, weight: 3 },
        ]),
      ),
    ).toEqual({ 1: 0, 2: 100 });
    expect(() => splitFen(100, [])).toThrow(RangeError);
    expect(() => splitFen(-1, [{ key: 1, weight: 1 }])).toThrow(RangeError);
  });

  it('is exact beyond 2^53 intermediate products', () => {
    const m = splitFen(9_000_000_000_00, [
      { key: 1, weight: 99_999_99 },
      { key: 2, weight: 1 },
    ]);
    expect(sum(m)).toBe(9_000_000_000_00);
  });
});
