/**
 * Mainland China resident identity numbers (GB 11643-1999): 17 digits + a check character
 * computed with ISO 7064 MOD 11-2. The seventh to fourteenth characters are the birth date.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** True when `id` is an 18-character ID number with a real birth date and a valid check character. */
export function isValidChinaId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/** Upper-cases a trailing x and strips spaces, the two slips people make typing ID numbers. */
export function normaliseChinaId(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Birth year encoded in a (valid) ID number. */
export function birthYearFromChinaId(id: string): number {
  return Number(id.slice(6, 10));
}
