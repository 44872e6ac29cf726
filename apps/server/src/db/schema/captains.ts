import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';
import { photos } from './photos';
import { users } from './users';

/**
 * Every registration of a captain to a building and every unbinding, with who did it and why.
 * Append-only (a trigger refuses UPDATE and DELETE): the binding itself is the captain's role binding
 * at the building; this is its history.
 */
export const captainAssignments = pgTable(
  'captain_assignments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    streetId: bigint('street_id', { mode: 'number' }),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    buildingId: bigint('building_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    action: text('action').notNull(),
    reason: text('reason'),
    actorUserId: bigint('actor_user_id', { mode: 'number' }).references(() => users.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('captain_assignments_building_idx').on(t.buildingId, t.id),
    index('captain_assignments_user_idx').on(t.userId, t.id),
    check('captain_assignments_action_ck', sql`${t.action} in ('bind','unbind')`),
    check('captain_assignments_unbind_reason_ck', sql`${t.action} = 'bind' or ${t.reason} is not null`),
  ],
);

/** A captain's portrait, printed on the boards of their buildings (one per person; a new one replaces it). */
export const captainPortraits = pgTable('captain_portraits', {
  userId: bigint('user_id', { mode: 'number' })
    .primaryKey()
    .references(() => users.id),
  photoId: bigint('photo_id', { mode: 'number' })
    .notNull()
    .references(() => photos.id),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});
