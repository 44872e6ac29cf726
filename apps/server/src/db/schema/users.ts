import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { orgUnits } from './org-units';

/**
 * People who sign in. The phone is the login name; like residents' phones it is stored encrypted
 * with a blind index (`phone_hash`) for the exact lookup a login needs.
 */
export const users = pgTable(
  'users',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    /** Null for people who only ever sign in by SMS code. */
    passwordHash: text('password_hash'),
    locale: text('locale').notNull().default('zh-CN'),
    /** The TOTP secret (encrypted) of a staff member who set up a second factor; null until confirmed. */
    totpSecretEnc: text('totp_secret_enc'),
    /** A secret being set up, until a first code proves the authenticator app holds it. */
    totpPendingEnc: text('totp_pending_enc'),
    /** The last 30-second step a code was accepted for: the same code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_phone_hash_uq').on(t.phoneHash),
    check('users_locale_ck', sql`${t.locale} in ('zh-CN','en')`),
  ],
);

/** A role held at an org unit (docs/rules.md#roles-and-scope): the unit's subtree is the holder's jurisdiction for that role. */
export const roleBindings = pgTable(
  'role_bindings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    role: text('role').notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    streetId: bigint('street_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('role_bindings_uq').on(t.userId, t.role, t.orgUnitId),
    index('role_bindings_org_idx').on(t.orgUnitId, t.role),
    // A street's captains by user (the honours draft's roll, merged with the tallies in user order).
    index('role_bindings_street_captain_idx').on(t.streetId, t.userId).where(sql`${t.role} = 'captain'`),
    check(
      'role_bindings_role_ck',
      sql`${t.role} in ('resident','captain','grid_worker','community_staff','street_staff','department_staff','property_window','partner','admin')`,
    ),
  ],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
