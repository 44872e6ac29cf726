import type { LiveSession } from './auth.repository';

/**
 * Live sessions by token hash, so most requests skip the session lookup (docs/rules.md#session-cache).
 *
 * It only serves while it is told it is `listening`: while a LISTEN connection receives the database's
 * `lz_auth` notifications, sent by triggers whenever a session is revoked or deleted, a user's role
 * bindings, name, authenticator or disabled state change (the user's id), or an org unit or a street's
 * sign-in rule changes (`*`: everyone). Each notification evicts; losing the connection forgets everything
 * and serves nothing until it is back. An entry also expires after `ttlMs` whatever happens.
 *
 * A lookup that began before a notification arrived is not stored (the epoch moved on), so an answer read
 * before a change can never outlive the change's notification.
 */
export class SessionCache {
  private readonly entries = new Map<string, { session: LiveSession; at: number }>();
  private readonly byUser = new Map<number, Set<string>>();
  private epochN = 0;
  private listening = false;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  /** Taken before a lookup and handed back to `set`: any eviction in between makes `set` a no-op. */
  get epoch(): number {
    return this.epochN;
  }

  get size(): number {
    return this.entries.size;
  }

  get(tokenHash: string): LiveSession | undefined {
    if (!this.listening) return undefined;
    const e = this.entries.get(tokenHash);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttlMs) {
      this.drop(tokenHash, e.session.userId);
      return undefined;
    }
    return e.session;
  }

  set(tokenHash: string, session: LiveSession, epoch: number): void {
    if (!this.listening || epoch !== this.epochN) return;
    if (!this.entries.has(tokenHash) && this.entries.size >= this.maxEntries) {
      // The oldest stored first (a Map keeps insertion order).
      const oldest = this.entries.entries().next().value;
      if (oldest) this.drop(oldest[0], oldest[1].session.userId);
    }
    Object.freeze(session.bindings);
    for (const b of session.bindings) Object.freeze(b);
    this.entries.set(tokenHash, { session, at: this.now() });
    const hashes = this.byUser.get(session.userId) ?? new Set<string>();
    hashes.add(tokenHash);
    this.byUser.set(session.userId, hashes);
  }

  /** The session was touched: its idle clock restarts from `at`. */
  touched(tokenHash: string, at: Date): void {
    const e = this.entries.get(tokenHash);
    if (e) e.session = { ...e.session, lastSeenAt: at };
  }

  /** One session ended here (logout): forgotten at once, before the notification comes back. */
  forgetToken(tokenHash: string): void {
    this.epochN++;
    const e = this.entries.get(tokenHash);
    if (e) this.drop(tokenHash, e.session.userId);
  }

  /** A notification's payload: a user's id, or `*` for everyone. */
  onNotification(payload: string): void {
    this.epochN++;
    const userId = Number(payload);
    if (payload === '*' || !Number.isSafeInteger(userId)) {
      this.entries.clear();
      this.byUser.clear();
      return;
    }
    for (const h of this.byUser.get(userId) ?? []) this.entries.delete(h);
    this.byUser.delete(userId);
  }

  /** Whether notifications are arriving; either way everything stored so far is forgotten. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.onNotification('*');
  }

  private drop(tokenHash: string, userId: number): void {
    this.entries.delete(tokenHash);
    const hashes = this.byUser.get(userId);
    hashes?.delete(tokenHash);
    if (hashes?.size === 0) this.byUser.delete(userId);
  }
}
