import type { NotificationView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db, Write } from '../../platform/db';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import type { NotificationChannel, OutgoingNotification } from './notification-channels';
import * as repo from './notifications.repository';
import { pendingOutboxCount, purgeOutbox } from './outbox.repository';

/** What another module needs to tell people: `notify`, inside its own transaction. */
export type Notifier = Pick<NotificationsService, 'notify' | 'notifyWrites'>;

/** The inbox and the channels behind it (docs/rules.md#notifications). Other modules call `notify` inside their transaction. */
export class NotificationsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly channels: readonly NotificationChannel[],
  ) {}

  /** Sends one message to each of `userIds` (deduplicated) through every channel, in the caller's transaction. */
  async notify(
    tx: Db,
    userIds: Iterable<number>,
    message: Omit<OutgoingNotification, 'userId' | 'at'> & { at?: Date },
  ): Promise<number> {
    const at = message.at ?? this.clock.now();
    const batch = [...new Set(userIds)].map((userId) => ({ ...message, userId, at }));
    for (const ch of this.channels) await ch.send(tx, batch);
    return batch.length;
  }

  /**
   * `notify`'s rows as writes not yet sent, for a use case that sends its whole effect as one statement
   * (`writeAll`); the same rows, deduplicated the same way.
   */
  notifyWrites(
    db: Db,
    userIds: Iterable<number>,
    message: Omit<OutgoingNotification, 'userId' | 'at'> & { at?: Date },
  ): Write[] {
    const at = message.at ?? this.clock.now();
    const batch = [...new Set(userIds)].map((userId) => ({ ...message, userId, at }));
    return this.channels.flatMap((ch) => ch.writes(db, batch));
  }

  /** How many messages for external channels wait to be sent (a metric). */
  outboxDepth(): Promise<number> {
    return pendingOutboxCount(this.db);
  }

  /** Forgets outbox messages older than `days` (the outbox is a queue, not an archive). */
  purgeOutbox(now: Date, days: number): Promise<number> {
    return purgeOutbox(this.db, new Date(now.getTime() - days * 86_400_000));
  }

  /** My inbox, newest first, with the unread count. */
  async list(ctx: RequestContext, q: { unread?: '0' | '1'; cursor?: string; limit: number }) {
    const me = ctx.actor.userId;
    const rows = await repo.inbox(this.db, me, {
      unreadOnly: q.unread === '1',
      beforeId: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const items: NotificationView[] = page.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: ctx.lang === 'en' ? n.titleEn : n.titleZh,
      body: n.body,
      objectType: n.objectType,
      objectId: n.objectId,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    }));
    const last = page.at(-1);
    return {
      items,
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null,
      unreadCount: await this.unreadCount(me),
    };
  }

  async unreadCount(userId: number): Promise<number> {
    return repo.unreadCount(this.db, userId);
  }

  /** Marks my notifications read: the given ids, or all of them. Someone else's ids are ignored. */
  async markRead(ctx: RequestContext, ids: number[] | 'all') {
    const me = ctx.actor.userId;
    const updated = await repo.markRead(this.db, me, ids, this.clock.now());
    return { updated, unreadCount: await this.unreadCount(me) };
  }
}
