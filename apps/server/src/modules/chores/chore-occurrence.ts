/**
 * Occurrences of a published chore. Days are Asia/Shanghai calendar days (UTC+8, no daylight saving),
 * since a "weekly sweep" means a week as the street counts it, not as UTC does.
 */
export type Recurrence = 'once' | 'daily' | 'weekly';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day of an instant, as YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day begins. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

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
