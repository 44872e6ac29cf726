import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { reports } from './reports';

/**
 * Systems allowed to file reports through Open311 GeoReport v2 (docs/rules.md#reports), one street each: a key
 * sees and files only in its street. Only the SHA-256 of the key is stored.
 */
export const open311Clients = pgTable(
  'open311_clients',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('open311_clients_key_hash_uq').on(t.keyHash), index('open311_clients_street_idx').on(t.streetId)],
);

/**
 * What an Open311 submission carried beyond the report itself: which client filed it, the location as
 * sent, the media link, the device and account ids, the attributes. The submitter's email is personal
 * data and stored encrypted (docs/rules.md#personal-data).
 */
export const open311Requests = pgTable(
  'open311_requests',
  {
    reportId: bigint('report_id', { mode: 'number' })
      .primaryKey()
      .references(() => reports.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    clientId: bigint('client_id', { mode: 'number' })
      .notNull()
      .references(() => open311Clients.id),
    /** The client's own submission key (Idempotency-Key), resolvable through GET tokens/{token}. */
    token: text('token'),
    lat: doublePrecision('lat'),
    long: doublePrecision('long'),
    addressString: text('address_string'),
    mediaUrl: text('media_url'),
    deviceId: text('device_id'),
    accountId: text('account_id'),
    emailEnc: text('email_enc'),
    attributes: jsonb('attributes').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('open311_requests_token_uq').on(t.clientId, t.token).where(sql`${t.token} is not null`),
    index('open311_requests_client_idx').on(t.clientId, t.reportId),
  ],
);
