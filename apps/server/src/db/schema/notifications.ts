import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * The in-app inbox (docs/rules.md#notifications): one row per person per event. `source_key` names the event
 * (e.g. `report_event:123`), unique per recipient, so a retried write never notifies twice.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    streetId: bigint('street_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    body: text('body'),
    objectType: text('object_type'),
    objectId: bigint('object_id', { mode: 'number' }),
    sourceKey: text('source_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('notifications_source_uq').on(t.userId, t.sourceKey),
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/**
 * Messages for external channels (SMS, WeChat template message) waiting to be sent. The local outbox
 * channel only writes here, for development and tests; a real sender drains it. A message goes to a
 * user or, for sign-in codes, to a bare phone number (`phone_enc`, with its blind index): one of the
 * two is always there. `payload` holds `{kind, text, params}` for SMS: `params` are the template
 * variables a provider's template needs (e.g. `{code}`).
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel').notNull(),
    userId: bigint('user_id', { mode: 'number' }).references(() => users.id),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    streetId: bigint('street_id', { mode: 'number' }),
    sourceKey: text('source_key').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('notification_outbox_source_uq').on(t.channel, t.userId, t.sourceKey),
    index('notification_outbox_pending_idx').on(t.id).where(sql`${t.sentAt} is null`),
    index('notification_outbox_street_idx').on(t.streetId, t.id),
    check('notification_outbox_recipient_ck', sql`${t.userId} is not null or ${t.phoneEnc} is not null`),
  ],
);
