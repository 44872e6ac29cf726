import type { NotificationView } from '@louzhang/contracts';
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { decodeCursor, encodeCursor } from '../../platform/pagination';
import type { NotificationChannel, OutgoingNotification } from './notification-channels';
import { pendingOutboxCount, purgeOutbox } from './outbox.repository';

/** What another module needs to tell people: `notify`, inside its own transaction. */
export type Notifier = Pick<NotificationsService, 'notify'>;

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
    const conds = [eq(notifications.userId, me)];
    if (q.unread === '1') conds.push(isNull(notifications.readAt));
    if (q.cursor) conds.push(lt(notifications.id, decodeCursor(q.cursor)));
    const rows = await this.db
      .select()
      .from(notifications)
      .where(and(...conds))
      .orderBy(desc(notifications.id))
      .limit(q.limit + 1);
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
    const [r] = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return Number(r?.n ?? 0);
  }

  /** Marks my notifications read: the given ids, or all of them. Someone else's ids are ignored. */
  async markRead(ctx: RequestContext, ids: number[] | 'all') {
    const me = ctx.actor.userId;
    const conds = [eq(notifications.userId, me), isNull(notifications.readAt)];
    if (ids !== 'all') conds.push(inArray(notifications.id, ids.length ? ids : [0]));
    const updated = await this.db
      .update(notifications)
      .set({ readAt: this.clock.now() })
      .where(and(...conds))
      .returning({ id: notifications.id });
    return { updated: updated.length, unreadCount: await this.unreadCount(me) };
  }
}
