import { expect } from 'vitest';

interface Answer {
  statusCode: number;
  body: string;
  json(): unknown;
}

interface Page {
  items: Record<string, unknown>[];
  total: number | null;
  nextCursor: string | null;
}

/**
 * Follows a keyset-paged list from its first page to its last (20 pages at most, so a cursor that never
 * ends fails the test rather than hanging it): each row's `key` in order, each page's `total` (counted on
 * the first page only), and how many pages it took.
 */
export async function walkPages(
  get: (url: string) => Promise<Answer>,
  url: string,
  limit: number,
  key = 'id',
): Promise<{ seen: number[]; totals: (number | null)[]; pages: number }> {
  const seen: number[] = [];
  const totals: (number | null)[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`${url}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Page;
    seen.push(...body.items.map((r) => r[key] as number));
    totals.push(body.total);
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  return { seen, totals, pages };
}
