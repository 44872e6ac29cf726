import { describe, expect, it } from 'vitest';
import { keysetRows, searchMasked } from './list-export';

/** A keyset list of ids 1..n, read as a repository reads it: the rows after `after`, at most `limit`. */
function listOf(n: number) {
  const reads: { after: number | undefined; limit: number }[] = [];
  const read = async (after: number | undefined, limit: number) => {
    reads.push({ after, limit });
    return Array.from({ length: n }, (_, i) => ({ id: i + 1 }))
      .filter((r) => after === undefined || r.id > after)
      .slice(0, limit);
  };
  return { read, reads };
}

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('keysetRows', () => {
  it('hands out every row once, in order, presented, reading one row past each page', async () => {
    const list = listOf(7);
    const rows = keysetRows({
      read: list.read,
      keyOf: (r) => r.id,
      present: (p) => p.map((r) => `#${r.id}`),
      pageSize: 3,
    });
    expect(await all(rows)).toEqual(['#1', '#2', '#3', '#4', '#5', '#6', '#7']);
    expect(list.reads).toEqual([
      { after: undefined, limit: 4 },
      { after: 3, limit: 4 },
      { after: 6, limit: 4 },
    ]);
  });

  it('stops after a full last page when nothing follows it, and reads nothing before it is iterated', async () => {
    const list = listOf(6);
    const rows = keysetRows({ read: list.read, keyOf: (r) => r.id, present: (p) => p, pageSize: 3 });
    expect(list.reads).toEqual([]);
    expect((await all(rows)).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list.reads.map((r) => r.after)).toEqual([undefined, 3]);
  });

  it('starts where it is told, and an empty list hands out nothing', async () => {
    const list = listOf(5);
    const rows = keysetRows({ read: list.read, keyOf: (r) => r.id, present: (p) => p, from: 2, pageSize: 10 });
    expect((await all(rows)).map((r) => r.id)).toEqual([3, 4, 5]);
    const none = listOf(0);
    expect(await all(keysetRows({ read: none.read, keyOf: (r) => r.id, present: (p) => p }))).toEqual([]);
    expect(none.reads).toEqual([{ after: undefined, limit: 501 }]);
  });
});

describe('searchMasked', () => {
  it('masks a phone searched by its blind index (docs/glossary.md: 138****5678), as typed or spaced', () => {
    expect(searchMasked({ q: '13812345678', status: 'x' }, { phoneHash: 'h' })).toEqual({
      q: '138****5678',
      status: 'x',
    });
    expect(searchMasked({ q: '138 1234 5678' }, { phoneHash: 'h' }).q).toBe('138****5678');
  });

  it('keeps a text search and an empty one as they are', () => {
    expect(searchMasked({ q: '3号楼' }, { text: '3号楼' })).toEqual({ q: '3号楼' });
    const unsearched: { q?: string; status: string } = { status: 'x' };
    expect(searchMasked(unsearched, undefined)).toEqual({ status: 'x', q: undefined });
  });
});
