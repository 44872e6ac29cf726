/**
 * Occurrences of a published chore. Days are Asia/Shanghai calendar days (UTC+8, no daylight saving),
 * since a "weekly sweep" means a week as the street counts it, not as UTC does.
 */
import { addDays, daysBetween, shanghaiDay, startOfShanghaiDay } from '@louzhang/contracts';

export type Recurrence = 'once' | 'daily' | 'weekly';

/** Kept for callers elsewhere that still import the day helpers from here; new code imports @louzhang/contracts. */
export { addDays, shanghaiDay, startOfShanghaiDay };

export interface Occurrence {
  /** The day the occurrence starts: part of the task's unique key. */
  occurrence: string;
  /** When its tasks fall due: the end of the period, or the end of the publication. */
  dueAt: Date;
}

/**
 * The occurrence of a publication that is current at `now`, or null before it starts and after it
 * ends. Only the current one: a server that was down for a month does not flood captains with stale
 * weekly sweeps. A one-off chore stays current for a week (or until `endsOn`).
 */
export function currentOccurrence(
  p: { recurrence: Recurrence; startsOn: string; endsOn: string | null },
  now: Date,
): Occurrence | null {
  const today = shanghaiDay(now);
  if (today < p.startsOn) return null;
  const endCap = p.endsOn ? startOfShanghaiDay(addDays(p.endsOn, 1)) : null;
  const cap = (d: Date) => (endCap && endCap < d ? endCap : d);
  if (p.recurrence === 'once') {
    const dueAt = cap(startOfShanghaiDay(addDays(p.startsOn, 7)));
    return now < dueAt ? { occurrence: p.startsOn, dueAt } : null;
  }
  if (p.endsOn && today > p.endsOn) return null;
  const period = p.recurrence === 'daily' ? 1 : 7;
  const k = Math.floor(daysBetween(p.startsOn, today) / period);
  const occurrence = addDays(p.startsOn, k * period);
  return { occurrence, dueAt: cap(startOfShanghaiDay(addDays(occurrence, period))) };
}
