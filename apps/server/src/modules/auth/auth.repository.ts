import type { OrgKind, Role } from '@louzhang/contracts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { orgUnits, roleBindings, sessions, users } from '../../db/schema';
import type { Binding } from '../../platform/actor';
import type { Db } from '../../platform/db';

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
