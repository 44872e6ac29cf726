/**
 * A free-text address as people type it — `福宁街５号`, `福宁街 5 号`, `开平市三埠街道福宁街5号` — reduced to
 * a comparable key: NFKC folds full-width digits, letters and spaces; whitespace and the punctuation
 * people put between parts go away; case folds.
 */
export function addressKey(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s,，、·.。\-—_#()（）]/g, '')
    .toLowerCase();
}

export interface AddressCandidate {
  id: number;
  name: string;
  address: string | null;
}

/**
 * The building an address names, from the buildings of one street: an exact match of its name or full
 * address first, then an address that ends with the building's name (the typed text carries city and
 * street before it). Several equally good matches are ambiguous: null with the candidates.
 */
export function matchAddress(
  typed: string,
  buildings: readonly AddressCandidate[],
): { match: AddressCandidate | null; ambiguous: AddressCandidate[] } {
  const key = addressKey(typed);
  if (key.length < 2) return { match: null, ambiguous: [] };
  const exact = buildings.filter((b) => addressKey(b.name) === key || (b.address && addressKey(b.address) === key));
  if (exact.length === 1) return { match: exact[0] as AddressCandidate, ambiguous: [] };
  if (exact.length > 1) return { match: null, ambiguous: exact };
  // The longest building name the typed text ends with wins, so 福宁街15号 never resolves to 福宁街5号.
  const suffix = buildings
    .map((b) => ({ b, k: addressKey(b.name) }))
    .filter(({ k }) => k.length >= 3 && key.endsWith(k))
    .sort((x, y) => y.k.length - x.k.length);
  const best = suffix[0];
  if (!best) return { match: null, ambiguous: [] };
  const tied = suffix.filter((s) => s.k.length === best.k.length).map((s) => s.b);
  return tied.length === 1 ? { match: best.b, ambiguous: [] } : { match: null, ambiguous: tied };
}
