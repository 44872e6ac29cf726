/** Mainland mobile numbers: 11 digits starting 13–19. Landlines are written with an area code (0750-2212345). */
export const MOBILE_RE = /^1[3-9]\d{9}$/;
export const LANDLINE_RE = /^0\d{2,3}-?\d{7,8}$/;

/** Strips spaces, dashes inside mobiles and a +86 prefix. */
export function normalisePhone(raw: string): string {
  let p = raw.replace(/[\s()]/g, '');
  if (p.startsWith('+86')) p = p.slice(3);
  if (/^1[\d-]+$/.test(p)) p = p.replace(/-/g, '');
  return p;
}

export function isValidPhone(p: string): boolean {
  return MOBILE_RE.test(p) || LANDLINE_RE.test(p);
}
