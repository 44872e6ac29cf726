import { READS_STORE, storeOf } from '../outbox/idb';

/**
 * The last answer of each screen a captain needs without signal (who I am, my tasks, reports to handle,
 * points …), kept in IndexedDB so the app opens from a cold start with no network and shows them,
 * marked with when they were fetched. Entries belong to one user; signing out (or a 401) clears them
 * all, so the next person on a shared phone sees nothing of the last one.
 */

interface CachedRead {
  key: string;
  userId: number;
  data: unknown;
  fetchedAt: number;
}

export interface CachedAnswer<T> {
  data: T;
  fetchedAt: number;
}

const reads = storeOf(READS_STORE);
const ME_KEY = 'auth:me';

function keyOf(userId: number, url: string): string {
  return `${userId}:${url}`;
}

export const readCache = {
  async get<T>(userId: number, url: string): Promise<CachedAnswer<T> | null> {
    try {
      const hit = await reads.get<CachedRead>(keyOf(userId, url));
      return hit && hit.userId === userId ? { data: hit.data as T, fetchedAt: hit.fetchedAt } : null;
    } catch {
      return null; // no IndexedDB (private mode): nothing cached, the screen says it cannot load
    }
  },

  async put(userId: number, url: string, data: unknown): Promise<void> {
    await reads.put<CachedRead>({ key: keyOf(userId, url), userId, data, fetchedAt: Date.now() }).catch(() => {});
  },

  /** The signed-in user as "who am I" last answered, for opening the app without signal. */
  async me<T>(): Promise<CachedAnswer<T> | null> {
    try {
      const hit = await reads.get<CachedRead>(ME_KEY);
      return hit ? { data: hit.data as T, fetchedAt: hit.fetchedAt } : null;
    } catch {
      return null;
    }
  },

  async saveMe(user: { id: number }, answer: unknown): Promise<void> {
    await reads.put<CachedRead>({ key: ME_KEY, userId: user.id, data: answer, fetchedAt: Date.now() }).catch(() => {});
  },

  /** Forgets everything: sign-out, a 401, another person signing in. */
  async clear(): Promise<void> {
    await reads.clear().catch(() => {});
  },
};
