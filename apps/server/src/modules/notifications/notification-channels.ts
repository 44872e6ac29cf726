import { sql } from 'drizzle-orm';
import { notificationOutbox, notifications } from '../../db/schema';
import type { Db, Write } from '../../platform/db';

/** One message for one person, in both languages; `sourceKey` names the event so a retry never sends twice. */
export interface OutgoingNotification {
  userId: number;
  streetId: number | null;
  kind: string;
  titleZh: string;
  titleEn: string;
  body: string | null;
  objectType: string | null;
  objectId: number | null;
  sourceKey: string;
  at: Date;
}

/**
 * A way to reach people (docs/rules.md#notifications): in-app inbox, SMS, WeChat template message … Each writes
 * inside the caller's transaction, so a notification exists exactly when its event does; channels that
 * talk to the outside world write to the outbox and a sender drains it.
 */
export interface NotificationChannel {
  readonly name: string;
  send(tx: Db, batch: readonly OutgoingNotification[]): Promise<void>;
  /** The same rows as `send` writes, as writes not yet sent (to go out with the event's own in one statement). */
  writes(db: Db, batch: readonly OutgoingNotification[]): Write[];
}

/** The in-app inbox. */
export class InAppChannel implements NotificationChannel {
  readonly name = 'in_app';
  async send(tx: Db, batch: readonly OutgoingNotification[]): Promise<void> {
    for (const w of this.writes(tx, batch)) await tx.execute(w);
  }
  writes(db: Db, batch: readonly OutgoingNotification[]): Write[] {
    if (batch.length === 0) return [];
    return [
      db
        .insert(notifications)
        .values(
          batch.map((n) => ({
            userId: n.userId,
            streetId: n.streetId,
            kind: n.kind,
            titleZh: n.titleZh,
            titleEn: n.titleEn,
            body: n.body,
            objectType: n.objectType,
            objectId: n.objectId,
            sourceKey: n.sourceKey,
            createdAt: n.at,
          })),
        )
        .onConflictDoNothing()
        .getSQL(),
    ];
  }
}

/** A local outbox standing in for an external channel (SMS, WeChat) in development and tests. */
export class OutboxChannel implements NotificationChannel {
  constructor(readonly name: string = 'outbox') {}
  async send(tx: Db, batch: readonly OutgoingNotification[]): Promise<void> {
    for (const w of this.writes(tx, batch)) await tx.execute(w);
  }
  writes(db: Db, batch: readonly OutgoingNotification[]): Write[] {
    if (batch.length === 0) return [];
    return [
      db
        .insert(notificationOutbox)
        .values(
          batch.map((n) => ({
            channel: this.name,
            userId: n.userId,
            sourceKey: n.sourceKey,
            payload: sql`${JSON.stringify({ kind: n.kind, title: n.titleZh, body: n.body, objectType: n.objectType, objectId: n.objectId })}::jsonb`,
            createdAt: n.at,
          })),
        )
        .onConflictDoNothing()
        .getSQL(),
    ];
  }
}
