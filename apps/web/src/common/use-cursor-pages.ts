import { useCallback, useEffect, useState } from 'react';
import { getPage, type Query } from './api';
import { useRequest } from './use-request';

export interface CursorPages<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  /** 1-based page number. */
  page: number;
  hasPrev: boolean;
  hasNext: boolean;
  prev: () => void;
  next: () => void;
  reload: () => void;
  limit: number;
  setLimit: (n: number) => void;
  /** How many rows the query matches, from its first page (lists that count); null while unknown. */
  total: { n: number; capped: boolean } | null;
}

/**
 * Page-by-page browsing of a cursor-paginated list for tables: keeps the cursor that opened each page
 * seen so far, so "previous" works without offsets. Any change of path, query or page size starts
 * again at page 1 (a cursor belongs to the query that produced it).
 */
export function useCursorPages<T>(path: string, query: Query, initialLimit = 20): CursorPages<T> {
  const [limit, setLimit] = useState(initialLimit);
  const key = `${path}?${JSON.stringify(query)}&limit=${limit}`;
  const [nav, setNav] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = nav.key === key ? nav.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;

  const req = useRequest((signal) => getPage<T>(path, query, cursor, limit, signal), [key, cursor]);

  // The first page carries the count; later pages keep it (they answer null).
  const [counted, setCounted] = useState<{ key: string; n: number; capped: boolean } | null>(null);
  const first = cursors.length === 1;
  useEffect(() => {
    const d = req.data;
    if (first && d && typeof d.total === 'number') setCounted({ key, n: d.total, capped: d.totalCapped === true });
  }, [first, key, req.data]);

  const nextCursor = req.data?.nextCursor ?? null;
  const next = useCallback(() => {
    if (nextCursor) setNav({ key, cursors: [...cursors, nextCursor] });
  }, [key, cursors, nextCursor]);
  const prev = useCallback(() => {
    if (cursors.length > 1) setNav({ key, cursors: cursors.slice(0, -1) });
  }, [key, cursors]);

  return {
    items: req.data?.items ?? [],
    loading: req.loading,
    error: req.error,
    page: cursors.length,
    hasPrev: cursors.length > 1,
    hasNext: nextCursor !== null && !req.loading,
    prev,
    next,
    reload: req.reload,
    limit,
    setLimit,
    total: counted?.key === key ? { n: counted.n, capped: counted.capped } : null,
  };
}
