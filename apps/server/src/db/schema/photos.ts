import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Uploaded photos, re-encoded (EXIF gone) and stored content-addressed by `sha256` of the stored
 * bytes. Each upload is its own row, even of the same picture, so reuse across submissions shows.
 * `phash` is a 64-bit difference hash (16 hex digits) for near-duplicate detection.
 */
export const photos = pgTable(
  'photos',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }),
    uploaderUserId: bigint('uploader_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    sha256: text('sha256').notNull(),
    phash: text('phash').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('photos_uploader_idx').on(t.uploaderUserId, t.id), index('photos_street_idx').on(t.streetId, t.id)],
);
