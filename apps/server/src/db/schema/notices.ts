import { sql } from 'drizzle-orm';
import { bigint, check, date, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { households } from './households';
import { orgUnits } from './org-units';
import { photos } from './photos';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A notice to everyone under an org unit (a street down to one building). `scope_path` is that unit's path. */
export const notices = pgTable(
  'notices',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    scopeOrgUnitId: bigint('scope_org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    scopePath: text('scope_path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    pinnedUntil: date('pinned_until', { mode: 'string' }),
    /** An optional attached picture (a scan of the official notice, a map): seen by whoever sees the notice. */
    attachmentPhotoId: bigint('attachment_photo_id', { mode: 'number' }).references(() => photos.id),
    authorUserId: bigint('author_user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    authorRole: text('author_role').notNull(),
    publishedAt: ts('published_at').notNull(),
  },
  (t) => [
    index('notices_scope_idx').using('btree', t.scopePath.op('text_pattern_ops')),
    index('notices_street_idx').on(t.streetId, t.id),
    check('notices_kind_ck', sql`${t.kind} in ('policy','notice','safety','event')`),
    check('notices_author_role_ck', sql`${t.authorRole} in ('street_staff','community_staff','captain','admin')`),
  ],
);

/**
 * Who read a notice, once per person (the primary key: a second or concurrent read changes nothing),
 * with the household they read it for, so receipts count households per building.
 */
export const noticeReads = pgTable(
  'notice_reads',
  {
    noticeId: bigint('notice_id', { mode: 'number' })
      .notNull()
      .references(() => notices.id),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    streetId: bigint('street_id', { mode: 'number' }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).references(() => households.id),
    readAt: ts('read_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.noticeId, t.userId] }),
    index('notice_reads_household_idx').on(t.noticeId, t.householdId),
  ],
);
