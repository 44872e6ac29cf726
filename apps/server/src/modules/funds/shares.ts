import type { FundSplit } from '@louzhang/contracts';
import { AppError } from '../../platform/errors';

/**
 * Splitting a sum of fen over households so the parts add up to it exactly (docs/rules.md#shared-funds): the
 * largest-remainder method (Hamilton). Each part is ⌊total × weight ÷ Σweights⌋; the fen left over go one each to
 * the parts with the largest remainders; ties go to the lower key (the household registered first). Integer
 * arithmetic throughout (BigInt for the products, which can pass 2^53 for large totals and areas).
 */
export interface Weighted {
  key: number;
  weight: number;
}

export function splitFen(total: number, items: readonly Weighted[]): Map<number, number> {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer of fen');
  if (items.some((i) => !Number.isSafeInteger(i.weight) || i.weight < 0))
    throw new RangeError('weights must be non-negative integers');
  const W = items.reduce((s, i) => s + BigInt(i.weight), 0n);
  if (items.length === 0 || W === 0n) throw new RangeError('nothing to split over');
  const T = BigInt(total);
  const parts = items.map((i) => {
    const p = T * BigInt(i.weight);
    return { key: i.key, fen: p / W, rem: p % W };
  });
  let left = T - parts.reduce((s, p) => s + p.fen, 0n);
  const order = [...parts].sort((a, b) => (a.rem === b.rem ? a.key - b.key : a.rem > b.rem ? -1 : 1));
  for (const p of order) {
    if (left === 0n) break;
    p.fen += 1n;
    left -= 1n;
  }
  return new Map(parts.map((p) => [p.key, Number(p.fen)]));
}

/** Each household's share in fen (docs/rules.md#shared-funds). */
export function sharesFor(
  split: FundSplit,
  totalFen: number,
  households: readonly { id: number; areaCm2: number | null }[],
  custom?: readonly { householdId: number; amountFen: number }[],
): Map<number, number> {
  if (split === 'equal')
    return splitFen(
      totalFen,
      households.map((h) => ({ key: h.id, weight: 1 })),
    );
  if (split === 'area') {
    if (households.some((h) => h.areaCm2 === null)) throw new AppError('FUND_AREAS_MISSING');
    return splitFen(
      totalFen,
      households.map((h) => ({ key: h.id, weight: h.areaCm2! })),
    );
  }
  const given = new Map((custom ?? []).map((c) => [c.householdId, c.amountFen]));
  const ids = new Set(households.map((h) => h.id));
  const sum = [...given.values()].reduce((a, b) => a + b, 0);
  if (
    given.size !== (custom ?? []).length ||
    given.size !== ids.size ||
    [...given.keys()].some((k) => !ids.has(k)) ||
    sum !== totalFen
  )
    throw new AppError('FUND_SHARES_SUM');
  return given;
}
