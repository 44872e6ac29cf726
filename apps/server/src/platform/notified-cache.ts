import { type Db, type Listening, listen } from './db';

/**
 * Values read from the database, kept in memory while the database says they are still true: the cache
 * serves only while a LISTEN connection receives `channel`'s notifications, which triggers send at the
 * commit of anything that could change a value. Any notification forgets everything; losing the
 * connection forgets everything and serves nothing until it is back (PGlite has none: it never serves).
 * An entry also expires after `ttlMs` whatever happens, and past `maxEntries` the oldest stored goes first.
 *
 * A read that began before a notification arrived is not stored (`epoch` moved on), so a value read before
 * a change never outlives the change's notification.
 */
export class NotifiedCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private epochN = 0;
  private listening = false;
  private connection: Listening | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  /** Starts listening to `channel` on `db` (PostgreSQL only; with `ttlMs` 0 the cache is off and never serves). */
  start(db: Db, channel: string): void {
    if (this.connection || this.ttlMs <= 0) return;
    this.connection = listen(
      db,
      channel,
      () => this.forget(),
      (on) => {
        this.forget();
        this.listening = on;
      },
    );
  }

  async stop(): Promise<void> {
    await this.connection?.stop();
    this.connection = null;
    this.forget();
    this.listening = false;
  }

  /** Whether it may serve now: it hears the database's notifications. */
  get serving(): boolean {
    return this.listening;
  }

  /** Taken before a read and handed back to `set`: a notification in between makes `set` a no-op. */
  get epoch(): number {
    return this.epochN;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    if (!this.listening) return undefined;
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, epoch: number): void {
    if (!this.listening || epoch !== this.epochN) return;
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { value, at: this.now() });
  }

  /** Forgets everything (a notification, or the connection lost or regained). */
  forget(): void {
    this.epochN++;
    this.entries.clear();
  }
}
