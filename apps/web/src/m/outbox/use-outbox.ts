import { useEffect, useSyncExternalStore } from 'react';
import { useAuth } from '../../common/auth';
import { type OutboxItem, outbox } from './outbox';

/** Every item of the signed-in user, oldest first; re-renders on each change. */
export function useOutbox(): readonly OutboxItem[] {
  return useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot);
}

/** Items still to go out (waiting or being sent) — the "待发送 N" count. */
export function useOutboxWaiting(): number {
  return useOutbox().filter((i) => i.state === 'pending' || i.state === 'sending').length;
}

const LAST_USER = 'louzhang-m-outbox-user';

function lastUser(): number | null {
  try {
    const v = Number(localStorage.getItem(LAST_USER));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/**
 * Tells the outbox who is signed in (it sends only that person's items). Mounted once in the app.
 * When the app opens without signal ("who am I" cannot reach the server) the last signed-in user is
 * assumed, so their queue stays visible and goes out as soon as the signal is back; a real sign-out
 * (or a 401) forgets them.
 */
export function OutboxSession() {
  const { user, status } = useAuth();
  const userId = status === 'signedIn' && user ? user.id : status === 'error' ? lastUser() : null;
  useEffect(() => {
    try {
      if (status === 'signedIn' && user) localStorage.setItem(LAST_USER, String(user.id));
      else if (status === 'signedOut') localStorage.removeItem(LAST_USER);
    } catch {
      // private mode: no memory across launches, nothing else changes
    }
  }, [status, user]);
  useEffect(() => {
    outbox.start();
  }, []);
  useEffect(() => {
    outbox.setUser(userId);
  }, [userId]);
  return null;
}
