/** 13812345678 → 138****5678; landlines keep area code and last four. */
export function maskPhone(p: string): string {
  if (p.length <= 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}

/** 440783199001011234 → 4407**********1234 */
export function maskChinaId(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}
