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

/**
 * The message of a batch that sends one message to many (every field but the person the same), or null.
 * Such a batch goes in as one insert over the array of people: two parameters per field, not one per
 * field and person (a round of honours notifies 300,000 captains; a statement binds at most 65,535).
 */
function oneMessage(batch: readonly OutgoingNotification[]): OutgoingNotification | null {
  const [m] = batch;
  if (!m) return null;
  const same = (n: OutgoingNotification) =>
    n.streetId === m.streetId &&
    n.kind === m.kind &&
    n.titleZh === m.titleZh &&
    n.titleEn === m.titleEn &&
    n.body === m.body &&
    n.objectType === m.objectType &&
    n.objectId === m.objectId &&
    n.sourceKey === m.sourceKey &&
    n.at.getTime() === m.at.getTime();
  return batch.every(same) ? m : null;
}

/** The people of a batch as a PostgreSQL array literal of ids. */
const userIds = (batch: readonly OutgoingNotification[]) => `{${batch.map((n) => Math.trunc(n.userId)).join(',')}}`;

const payloadOf = (n: OutgoingNotification) =>
  JSON.stringify({ kind: n.kind, title: n.titleZh, body: n.body, objectType: n.objectType, objectId: n.objectId });

/** The in-app inbox. */
export class InAppChannel implements NotificationChannel {
  readonly name = 'in_app';
  async send(tx: Db, batch: readonly OutgoingNotification[]): Promise<void> {
    for (const w of this.writes(tx, batch)) await tx.execute(w);
  }
  writes(db: Db, batch: readonly OutgoingNotification[]): Write[] {
    if (batch.length === 0) return [];
    const m = oneMessage(batch);
    if (m)
      return [
        sql`insert into notifications (user_id, street_id, kind, title_zh, title_en, body, object_type, object_id,
                                       source_key, created_at)
            select u, ${m.streetId}::bigint, ${m.kind}::text, ${m.titleZh}::text, ${m.titleEn}::text, ${m.body}::text,
                   ${m.objectType}::text, ${m.objectId}::bigint, ${m.sourceKey}::text, ${m.at.toISOString()}::timestamptz
              from unnest(${userIds(batch)}::bigint[]) as u
            on conflict do nothing`,
      ];
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
    const m = oneMessage(batch);
    if (m)
      return [
        sql`insert into notification_outbox (channel, user_id, source_key, payload, created_at)
            select ${this.name}::text, u, ${m.sourceKey}::text, ${payloadOf(m)}::jsonb, ${m.at.toISOString()}::timestamptz
              from unnest(${userIds(batch)}::bigint[]) as u
            on conflict do nothing`,
      ];
    return [
      db
        .insert(notificationOutbox)
        .values(
          batch.map((n) => ({
            channel: this.name,
            userId: n.userId,
            sourceKey: n.sourceKey,
            payload: sql`${payloadOf(n)}::jsonb`,
            createdAt: n.at,
          })),
        )
        .onConflictDoNothing()
        .getSQL(),
    ];
  }
}
