/**
 * The outbox's decisions, kept pure so they are unit-tested: which failures are final, and how long
 * to wait before the next try.
 */

export type Verdict = 'retry' | 'failed' | 'signIn';

/**
 * What to do after a failed send. Network errors (status 0), 5xx, 408 and 429 are worth retrying with
 * the same key; 401 waits until the person signs in again; any other 4xx is the server saying no to
 * this request and will say no again, so the item is marked failed with the server's message.
 */
export function verdictFor(status: number): Verdict {
  if (status === 0 || status >= 500 || status === 408 || status === 429) return 'retry';
  if (status === 401) return 'signIn';
  if (status >= 400) return 'failed';
  return 'retry';
}

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** Exponential backoff: 2 s, 4 s, 8 s … capped at 5 minutes; `jitter` in [0,1) spreads phones apart. */
export function backoffMs(attempts: number, jitter: number): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.75 + 0.5 * jitter));
}

/** Items already sent are kept a while so the person sees "已发送"; this picks the ones to drop. */
export function sentToDrop<T extends { state: string; sentAt: number | null }>(
  items: T[],
  now: number,
  keep = 20,
  maxAgeMs = 3 * 24 * 3600_000,
): T[] {
  const sent = items.filter((i) => i.state === 'sent').sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0));
  return sent.filter((i, n) => n >= keep || now - (i.sentAt ?? 0) > maxAgeMs);
}
