import { addDays, type CareStatus, DEFAULT_CARE_CYCLES } from '@louzhang/contracts';

/**
 * Visit cycles (docs/rules.md#care-visits) are counted in Asia/Shanghai calendar days: a weekly visit done on the
 * 28th is due again on the 4th of the next month whatever the hour. Pure functions, tested beside.
 */

/** A community's cycles: its own rows over the built-in defaults (null switches a tag's visits off). */
export function cyclesFor(own: readonly { careTag: string; everyDays: number | null }[]): Map<string, number | null> {
  const m = new Map<string, number | null>(Object.entries(DEFAULT_CARE_CYCLES));
  for (const c of own) m.set(c.careTag, c.everyDays);
  return m;
}

/** The cycle that applies to someone with `tags`: the shortest of their tags' cycles; null when none has one. */
export function cycleOf(tags: readonly string[], cycles: ReadonlyMap<string, number | null>): number | null {
  let best: number | null = null;
  for (const t of tags) {
    const d = cycles.get(t);
    if (d != null && (best === null || d < best)) best = d;
  }
  return best;
}

/**
 * When the next visit is due and where that leaves the person today. The count starts from the last
 * visit, or from the day they were assigned a visitor if nobody has visited yet; nobody assigned is
 * `unassigned` (no date: the community must name a visitor first).
 */
export function dueOf(
  p: { everyDays: number; lastVisitOn: string | null; assignedOn: string | null },
  today: string,
): { dueOn: string | null; status: CareStatus } {
  if (p.assignedOn === null) return { dueOn: null, status: 'unassigned' };
  const from = p.lastVisitOn && p.lastVisitOn > p.assignedOn ? p.lastVisitOn : (p.lastVisitOn ?? p.assignedOn);
  const dueOn = addDays(from, p.everyDays);
  return { dueOn, status: dueOn < today ? 'overdue' : dueOn === today ? 'due_today' : 'ok' };
}
