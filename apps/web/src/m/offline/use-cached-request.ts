import { type DependencyList, useEffect } from 'react';
import { isApiError } from '../../common/api';
import { useAuth } from '../../common/auth';
import { type RequestState, useRequest } from '../../common/use-request';
import { readCache } from './read-cache';

export interface CachedRequestState<T> extends RequestState<T> {
  /** Set when `data` is the cached answer (the server could not be reached): when it was fetched. */
  cachedAt: number | null;
}

/**
 * `useRequest` for the screens a captain needs without signal: every answer is kept (per user, under
 * `key`, normally the URL), and when the server cannot be reached the last one is shown with its time
 * instead of an error. Loads again by itself when the signal returns.
 */
export function useCachedRequest<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
): CachedRequestState<T> {
  const { user } = useAuth();
  const userId = user?.id ?? null;
  const req = useRequest<{ data: T; cachedAt: number | null }>(
    async (signal) => {
      try {
        const data = await load(signal);
        if (userId !== null) void readCache.put(userId, key, data);
        return { data, cachedAt: null };
      } catch (e) {
        const unreachable = isApiError(e) && (e.status === 0 || e.status >= 502);
        const hit = unreachable && userId !== null ? await readCache.get<T>(userId, key) : null;
        if (hit) return { data: hit.data, cachedAt: hit.fetchedAt };
        throw e;
      }
    },
    [...deps, key, userId],
  );
  const { reload } = req;
  useEffect(() => {
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [reload]);
  return { ...req, data: req.data?.data, cachedAt: req.data?.cachedAt ?? null };
}
