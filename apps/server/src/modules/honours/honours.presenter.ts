import type { HonourScoreView, MyHonours } from '@louzhang/contracts';
import type { RoundRow, ScoreRow } from './honours.repository';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const num = (v: number | string | null) => (v === null ? null : Number(v));

/** A round as the API shows it (without its scores). */
export function presentRound(r: RoundRow) {
  return {
    id: r.id,
    streetId: r.streetId,
    kind: r.kind,
    period: r.period,
    periodStart: new Date(r.periodStart).toISOString(),
    periodEnd: new Date(r.periodEnd).toISOString(),
    status: r.status,
    quotaPercent: r.quotaPercent,
    eligible: r.eligible,
    quota: r.quota,
    honoured: r.honoured,
    streetMeanRating: num(r.streetMeanRating),
    cutoffTotal: num(r.cutoffTotal),
    bonusPoints: r.bonusPoints,
    draftedAt: new Date(r.draftedAt).toISOString(),
    reviewedAt: iso(r.reviewedAt),
    publishedAt: iso(r.publishedAt),
  };
}

/** A captain's score: stored (with its rank) or worked from the tallies (rank null). */
export function presentScore(s: ScoreRow): HonourScoreView {
  return {
    userId: Number(s.userId),
    name: s.name,
    chorePoints: Number(s.chorePoints),
    choresApproved: Number(s.choresApproved),
    ratings: Number(s.ratings),
    ratingMean: Number(s.ratings) > 0 ? Math.round((Number(s.ratingSum) / Number(s.ratings)) * 10_000) / 10_000 : null,
    shrunkRating: num(s.shrunkRating),
    satisfaction: Number(s.satisfaction),
    merit: Number(s.merit),
    total: Number(s.total),
    rank: s.rank === null ? null : Number(s.rank),
    isHonoured: Number(s.isHonoured) === 1,
  };
}

export type MyHonour = MyHonours['items'][number] & { periodEnd: string };

/** One of my rounds: its figures and my score in it (`periodEnd` only to sort by). */
export function myHonour(r: RoundRow, s: ScoreRow, verifyUrl: string | null): MyHonour {
  return {
    roundId: r.id,
    kind: r.kind,
    period: r.period,
    status: r.status,
    score: presentScore(s),
    quota: r.quota,
    eligible: r.eligible,
    streetMeanRating: num(r.streetMeanRating),
    cutoffTotal: num(r.cutoffTotal),
    verifyUrl,
    periodEnd: new Date(r.periodEnd).toISOString(),
  };
}
