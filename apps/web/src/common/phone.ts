/** Loose client-side check (the server has the real rules): digits, maybe a leading +, spaces or dashes. */
export function looksLikePhone(s: string): boolean {
  return /^\+?[\d\s-]{5,20}$/.test(s.trim());
}

/** Drops spaces and dashes people type into phone numbers. */
export function normalisePhone(s: string): string {
  return s.replace(/[\s-]/g, '');
}

/** Where to go after signing in: only a same-app path, never another origin. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
