import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { notificationOutbox } from './notifications';

/**
 * How an SMS of the outbox fares with the real provider: one row per message, made when a sender first
 * claims it. `due_at` is when the row next needs a sender: the end of a claim's lease while `sending`,
 * the next try while `retry`, the next delivery-status check while `sent` (null: no more checks).
 */
export const smsDeliveries = pgTable(
  'sms_deliveries',
  {
    outboxId: bigint('outbox_id', { mode: 'number' })
      .primaryKey()
      .references(() => notificationOutbox.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, mode: 'date' }),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    check(
      'sms_deliveries_status_ck',
      sql`${t.status} in ('sending', 'retry', 'sent', 'delivered', 'failed', 'undelivered')`,
    ),
    check('sms_deliveries_attempts_ck', sql`${t.attempts} >= 1`),
    index('sms_deliveries_due_idx').on(t.dueAt).where(sql`${t.status} in ('sending', 'retry', 'sent')`),
  ],
);
