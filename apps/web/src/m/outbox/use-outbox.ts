import { useEffect, useSyncExternalStore } from 'react';
import { useAuth } from '../../shared/auth';
import { type OutboxItem, outbox } from './outbox';

/** Every item of the signed-in user, oldest first; re-renders on each change. */
export function useOutbox(): readonly OutboxItem[] {
  return useSyncExternalStore(outbox.subscribe, outbox.getSnapshot, outbox.getSnapshot);
}

/** Items still to go out (waiting or being sent) — the "待发送 N" count. */
export function useOutboxWaiting(): number {
  return useOutbox().filter((i) => i.state === 'pending' || i.state === 'sending').length;
}

/** Tells the outbox who is signed in (it sends only that person's items). Mounted once in the app. */
export function OutboxSession() {
  const { user, status } = useAuth();
  const userId = status === 'signedIn' && user ? user.id : null;
  useEffect(() => {
    outbox.start();
  }, []);
  useEffect(() => {
    outbox.setUser(userId);
  }, [userId]);
  return null;
}
