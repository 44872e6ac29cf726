/**
 * Text helpers shared by server and web. JavaScript strings are UTF-16: `s.slice(0, n)` can split an
 * emoji or a rare CJK character (U+20000 and up) into a lone surrogate, which PostgreSQL refuses and
 * which no font can draw. So text is cut by code point, and a lone surrogate in input is refused.
 */

/** `s` cut to at most `max` code points (never half a character), with `ellipsis` appended when cut. */
export function cutText(s: string, max: number, ellipsis = ''): string {
  const points = Array.from(s);
  if (points.length <= max) return s;
  const keep = Math.max(0, max - Array.from(ellipsis).length);
  return points.slice(0, keep).join('') + ellipsis;
}

/** Number of code points (what a person counts as characters, near enough for limits). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** True when `s` holds half of a surrogate pair on its own (not valid Unicode text). */
export function hasLoneSurrogate(s: string): boolean {
  // With the u flag a well-formed pair is one code point outside this range; only lone halves match.
  return /[\uD800-\uDFFF]/u.test(s);
}

/**
 * Bidirectional overrides and isolates, and zero-width characters: in a name they can make it read
 * differently from what it is ("Trojan Source"), or make two names look the same.
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

export function hasInvisibleControls(s: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(s);
}

/** `s` without bidi controls and zero-width characters (for names read from files, where refusing a row is costly). */
export function withoutInvisibleControls(s: string): string {
  return s.replace(INVISIBLE, '');
}
