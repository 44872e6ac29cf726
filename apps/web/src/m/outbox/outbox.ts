import { ApiError, api, newIdempotencyKey } from '../../common/api';
import { idb } from './idb';
import { backoffMs, sentToDrop, verdictFor } from './policy';

/**
 * The phone's outbox: creating requests (a report, a chore submission …) are written to IndexedDB
 * first, each with its Idempotency-Key fixed at that moment, and sent from here in the order they
 * were queued — at once when online, again on the `online` event and by a periodic retry with
 * backoff. Photos travel inside the item (downscaled JPEG blobs) and are uploaded first; each photo id
 * is saved as soon as it is known, so a retry never uploads it again. The request is retried with the
 * same key, so the server creates it once however many times it arrives. A 4xx answer is final: the
 * item is marked failed with the server's message and the person decides (retry or delete).
 * Items belong to the user who queued them and are only sent while that user is signed in.
 */

export type OutboxState = 'pending' | 'sending' | 'failed' | 'sent';

export interface OutboxPhoto {
  blob: Blob;
  photoId: number | null;
  /** When set, the body gets `[{ id, kind }]` instead of bare ids (e.g. before/after proof photos). */
  kind?: string;
}

export interface OutboxItem {
  /** The Idempotency-Key, fixed when queued; also the store key. */
  key: string;
  /** Queue order. */
  seq: number;
  /** What it is, for the list (e.g. 'report', 'choreSubmission'). */
  kind: string;
  /** A short human description ("报事：楼道灯不亮"). */
  title: string;
  /** What it is about, for screens that show "waiting to send" on the thing itself (e.g. `chore:12`). */
  ref: string | null;
  /** API path under /api/v1, always POST. */
  path: string;
  body: Record<string, unknown>;
  /** The body field that receives the uploaded photos' ids, when there are photos. */
  photoField: string | null;
  /** The field takes one id, not a list (a campaign site's `photoId`). Absent on items queued before it existed. */
  photoSingle?: boolean;
  photos: OutboxPhoto[];
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: { code: string; message: string } | null;
  /** The server's answer once sent (e.g. the created report). */
  result: unknown;
  userId: number;
  createdAt: number;
  sentAt: number | null;
}

export interface EnqueueInput {
  kind: string;
  title: string;
  path: string;
  body: Record<string, unknown>;
  ref?: string;
  photoField?: string;
  /** `photoField` takes the first photo's id instead of a list. */
  photoSingle?: boolean;
  photos?: (Blob | { blob: Blob; kind: string })[];
}

const PERIODIC_MS = 30_000;

type Listener = () => void;

class Outbox {
  private items: OutboxItem[] = [];
  private snapshot: readonly OutboxItem[] = [];
  private listeners = new Set<Listener>();
  private loaded: Promise<void> | null = null;
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private userId: number | null = null;
  private seqCounter = 0;
  private sentListeners = new Set<(item: OutboxItem) => void>();

  /** Loads the queue and starts the triggers (online event, periodic retry, tab becoming visible). */
  start(): void {
    if (this.loaded) return;
    this.loaded = this.load();
    window.addEventListener('online', () => this.kick(true));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.kick(true);
    });
    setInterval(() => this.kick(false), PERIODIC_MS);
  }

  private async load(): Promise<void> {
    try {
      const stored = await idb.getAll<OutboxItem>();
      // A send cut short by closing the app is simply pending again (same key: no duplicate).
      for (const it of stored) if (it.state === 'sending') it.state = 'pending';
      this.items = stored;
      for (const it of sentToDrop(stored, Date.now())) await this.drop(it.key);
    } catch {
      this.items = [];
    }
    this.publish();
  }

  /** Who is signed in; only their items are sent. */
  setUser(userId: number | null): void {
    this.userId = userId;
    this.publish();
    if (userId !== null) this.kick(true);
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): readonly OutboxItem[] => this.snapshot;

  /** Called with each item the moment the server has accepted it. */
  onSent(l: (item: OutboxItem) => void): () => void {
    this.sentListeners.add(l);
    return () => this.sentListeners.delete(l);
  }

  private publish(): void {
    const mine = this.userId === null ? [] : this.items.filter((i) => i.userId === this.userId);
    this.snapshot = mine.sort((a, b) => a.seq - b.seq);
    for (const l of this.listeners) l();
  }

  /** Queues a creation; it is on the phone's disk when this resolves. */
  async enqueue(input: EnqueueInput): Promise<OutboxItem> {
    if (this.userId === null) throw new Error('outbox: nobody is signed in');
    await this.loaded;
    const now = Date.now();
    const item: OutboxItem = {
      key: newIdempotencyKey(),
      seq: now * 1000 + (this.seqCounter++ % 1000),
      kind: input.kind,
      title: input.title,
      ref: input.ref ?? null,
      path: input.path,
      body: input.body,
      photoField: input.photoField ?? null,
      photoSingle: input.photoSingle ?? false,
      photos: (input.photos ?? []).map((p) =>
        p instanceof Blob ? { blob: p, photoId: null } : { blob: p.blob, kind: p.kind, photoId: null },
      ),
      state: 'pending',
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      result: null,
      userId: this.userId,
      createdAt: now,
      sentAt: null,
    };
    await idb.put(item);
    this.items.push(item);
    this.publish();
    this.kick(true);
    return item;
  }

  /** Sends a failed (or waiting) item again now, with the same key. */
  async retry(key: string): Promise<void> {
    const it = this.items.find((i) => i.key === key);
    if (!it || it.state === 'sent' || it.state === 'sending') return;
    await this.save(it, { state: 'pending', nextAttemptAt: 0, lastError: null });
    this.kick(true);
  }

  /** Removes an item that is not being sent (a failed one the person gave up on, or a sent one). */
  async remove(key: string): Promise<void> {
    const it = this.items.find((i) => i.key === key);
    if (!it || it.state === 'sending') return;
    await this.drop(key);
  }

  private async drop(key: string): Promise<void> {
    await idb.delete(key).catch(() => undefined);
    this.items = this.items.filter((i) => i.key !== key);
    this.publish();
  }

  private async save(it: OutboxItem, patch: Partial<OutboxItem>): Promise<void> {
    Object.assign(it, patch);
    await idb.put(it).catch(() => undefined);
    this.publish();
  }

  /** Starts a sending round unless one runs; `now` ignores the backoff of the first waiting item. */
  kick(now: boolean): void {
    if (now) for (const it of this.items) if (it.state === 'pending') it.nextAttemptAt = 0;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      await this.loaded;
      do {
        this.again = false;
        await this.round();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  /** Sends pending items in queue order; stops at the first one that must wait (order is kept). */
  private async round(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    for (;;) {
      if (this.userId === null || !navigator.onLine) return;
      const next = this.items
        .filter((i) => i.userId === this.userId && i.state === 'pending')
        .sort((a, b) => a.seq - b.seq)[0];
      if (!next) return;
      const wait = next.nextAttemptAt - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.kick(false), wait);
        return;
      }
      const outcome = await this.sendOne(next);
      if (outcome !== 'sent' && outcome !== 'failed') return;
    }
  }

  private async sendOne(it: OutboxItem): Promise<'sent' | 'failed' | 'retry' | 'signIn'> {
    await this.save(it, { state: 'sending', attempts: it.attempts + 1 });
    try {
      for (const photo of it.photos) {
        if (photo.photoId !== null) continue;
        const form = new FormData();
        form.append('file', photo.blob, 'photo.jpg');
        const uploaded = await api.post<{ id: number }>('/photos', form);
        photo.photoId = uploaded.id;
        await idb.put(it).catch(() => undefined);
      }
      const body = { ...it.body };
      if (it.photoField && it.photos.length > 0)
        body[it.photoField] = it.photoSingle
          ? it.photos[0]?.photoId
          : it.photos.map((p) => (p.kind ? { id: p.photoId, kind: p.kind } : p.photoId));
      const result = await api.create<unknown>(it.path, body, { idempotencyKey: it.key });
      // The photos are on the server now; keep the item small.
      await this.save(it, {
        state: 'sent',
        sentAt: Date.now(),
        result,
        lastError: null,
        photos: it.photos.map((p) => ({ ...p, blob: new Blob() })),
      });
      for (const l of this.sentListeners) l(it);
      return 'sent';
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      const lastError = e instanceof ApiError ? { code: e.code, message: e.message } : null;
      const verdict = verdictFor(status);
      if (verdict === 'failed') {
        await this.save(it, { state: 'failed', lastError });
      } else {
        await this.save(it, {
          state: 'pending',
          lastError,
          nextAttemptAt: Date.now() + (verdict === 'signIn' ? 0 : backoffMs(it.attempts, Math.random())),
        });
        if (verdict === 'retry') this.timer = setTimeout(() => this.kick(false), it.nextAttemptAt - Date.now());
      }
      return verdict;
    }
  }
}

export const outbox = new Outbox();
