import type { OrgKind, Role } from '@louzhang/contracts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { orgUnits, roleBindings, sessions, users } from '../../db/schema';
import type { Binding } from '../../platform/actor';
import { type Db, preparedRows } from '../../platform/db';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByPhoneHash(db: Db, phoneHash: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.phoneHash, phoneHash));
  return u;
}

export async function findUser(db: Db, id: number): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

/** Creates the user unless the phone already has one (a concurrent first sign-in); the new id or null. */
export async function insertUserIfAbsent(db: Db, v: typeof users.$inferInsert): Promise<number | null> {
  const [row] = await db.insert(users).values(v).onConflictDoNothing().returning({ id: users.id });
  return row?.id ?? null;
}

export async function setPassword(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Ends every live session of a user. */
export async function revokeSessionsOf(db: Db, userId: number, at: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** The street of a user's first binding inside a street, if any (which admins may read their SMS). */
export async function streetOfUser(db: Db, userId: number): Promise<number | null> {
  const [row] = await db
    .select({ streetId: orgUnits.streetId })
    .from(roleBindings)
    .innerJoin(orgUnits, eq(orgUnits.id, roleBindings.orgUnitId))
    .where(and(eq(roleBindings.userId, userId), sql`${orgUnits.streetId} is not null`))
    .orderBy(roleBindings.id)
    .limit(1);
  return row?.streetId ?? null;
}

export async function bindingsOf(db: Db, userId: number): Promise<Binding[]> {
  const rows = await db
    .select({
      role: roleBindings.role,
      orgUnitId: roleBindings.orgUnitId,
      orgUnitName: orgUnits.name,
      orgKind: orgUnits.kind,
      path: orgUnits.path,
      streetId: orgUnits.streetId,
    })
    .from(roleBindings)
    .innerJoin(orgUnits, eq(orgUnits.id, roleBindings.orgUnitId))
    .where(eq(roleBindings.userId, userId))
    .orderBy(roleBindings.id);
  return rows.map((r) => ({ ...r, role: r.role as Role, orgKind: r.orgKind as OrgKind }));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(db: Db, tokenHash: string) {
  const [row] = await db
    .select({
      session: sessions,
      user: {
        id: users.id,
        name: users.name,
        disabledAt: users.disabledAt,
        totpSecretEnc: users.totpSecretEnc,
        totpLastStep: users.totpLastStep,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
  return row;
}

export interface LiveSession {
  userId: number;
  name: string;
  disabledAt: Date | null;
  hasTotp: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  bindings: Binding[];
  /** Whether a street of one of the user's staff bindings requires a second factor. */
  totpRequired: boolean;
}

/**
 * Everything a request needs to know about its session in one round trip: the session, its user, the
 * user's bindings (in binding order) and whether the streets of their staff bindings require a second
 * factor. `staffRoles` names the roles those rules apply to.
 */
export async function findLiveSessionWithBindings(
  db: Db,
  tokenHash: string,
  staffRoles: readonly string[],
): Promise<LiveSession | undefined> {
  const [row] = await preparedRows<
    Omit<LiveSession, 'createdAt' | 'lastSeenAt' | 'disabledAt'> & {
      createdAt: Date | string;
      lastSeenAt: Date | string;
      disabledAt: Date | string | null;
    }
  >(
    db,
    sql`select s.user_id as "userId", u.name, u.disabled_at as "disabledAt", u.totp_secret_enc is not null as "hasTotp",
               s.created_at as "createdAt", s.last_seen_at as "lastSeenAt",
               coalesce((select json_agg(json_build_object('role', b.role, 'orgUnitId', b.org_unit_id, 'orgUnitName', o.name,
                                                           'orgKind', o.kind, 'path', o.path, 'streetId', o.street_id)
                                         order by b.id)
                           from role_bindings b join org_units o on o.id = b.org_unit_id where b.user_id = s.user_id),
                        '[]'::json) as bindings,
               coalesce((select bool_or(a.staff_totp_required) from street_auth_settings a
                          where a.street_id in (select o.street_id from role_bindings b join org_units o on o.id = b.org_unit_id
                                                 where b.user_id = s.user_id
                                                   and b.role in (${sql.join(
                                                     staffRoles.map((r) => sql`${r}`),
                                                     sql`, `,
                                                   )}))), false) as "totpRequired"
          from sessions s join users u on u.id = s.user_id
         where s.token_hash = ${tokenHash} and s.revoked_at is null`,
  );
  if (!row) return undefined;
  const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  const bindings = (typeof row.bindings === 'string' ? JSON.parse(row.bindings) : row.bindings) as Binding[];
  return {
    ...row,
    userId: Number(row.userId),
    createdAt: date(row.createdAt),
    lastSeenAt: date(row.lastSeenAt),
    disabledAt: row.disabledAt === null ? null : date(row.disabledAt),
    bindings: bindings.map((b) => ({
      ...b,
      orgUnitId: Number(b.orgUnitId),
      streetId: b.streetId === null ? null : Number(b.streetId),
    })),
  };
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: at }).where(eq(sessions.tokenHash, tokenHash));
}

export async function insertUser(db: Db, v: typeof users.$inferInsert): Promise<number> {
  const [row] = await db.insert(users).values(v).returning({ id: users.id });
  return row?.id as number;
}

export async function insertBindings(
  db: Db,
  userId: number,
  bindings: { role: Role; orgUnitId: number; streetId: number | null }[],
): Promise<void> {
  if (bindings.length) await db.insert(roleBindings).values(bindings.map((b) => ({ ...b, userId })));
}
