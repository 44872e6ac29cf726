import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One-time sign-in codes sent by SMS. Only a keyed hash of the code is stored; a code is good for
 * one use (`used_at`), for a few minutes, and dies after too many wrong tries (`attempts`).
 */
export const smsCodes = pgTable(
  'sms_codes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    phoneHash: text('phone_hash').notNull(),
    purpose: text('purpose').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    ip: text('ip'),
  },
  (t) => [
    index('sms_codes_phone_idx').on(t.phoneHash, t.purpose, t.id),
    index('sms_codes_expires_idx').on(t.expiresAt),
    check('sms_codes_purpose_ck', sql`${t.purpose} in ('login','reset')`),
    check('sms_codes_attempts_ck', sql`${t.attempts} >= 0`),
  ],
);

/**
 * How often a phone may be sent a code: one a minute and a few a day. One row per phone (blind
 * index), raised by a conditional upsert so concurrent requests cannot both pass.
 */
export const smsSendCounters = pgTable(
  'sms_send_counters',
  {
    phoneHash: text('phone_hash').primaryKey(),
    day: text('day').notNull(),
    sentToday: integer('sent_today').notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('sms_send_counters_sent_ck', sql`${t.sentToday} >= 0`)],
);

/**
 * Password attempts per phone, known or not (so the answer never tells whether a phone has an
 * account). Each attempt is reserved here before the password is verified; past the free attempts a
 * phone must wait (`next_at`), growing with each further failure up to a cap — slowed, never locked.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    phoneHash: text('phone_hash').primaryKey(),
    failures: integer('failures').notNull(),
    nextAt: timestamp('next_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    check('login_throttles_failures_ck', sql`${t.failures} >= 0`),
    index('login_throttles_last_idx').on(t.lastAt),
  ],
);

/**
 * How a street's staff sign in. By default by SMS code or password; a street may require a password
 * (an SMS code alone is then refused for its staff) and a second factor (a TOTP code from an
 * authenticator app). Residents and captains are never asked for either.
 */
export const streetAuthSettings = pgTable('street_auth_settings', {
  streetId: bigint('street_id', { mode: 'number' }).primaryKey(),
  staffPasswordRequired: boolean('staff_password_required').notNull().default(false),
  staffTotpRequired: boolean('staff_totp_required').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedByUserId: bigint('updated_by_user_id', { mode: 'number' }),
});
