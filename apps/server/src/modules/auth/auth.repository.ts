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

export async function recordFailedLogin(
  db: Db,
  userId: number,
  maxFailures: number,
  lockUntil: Date,
): Promise<boolean> {
  const [row] = await db
    .update(users)
    .set({
      failedLogins: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then 0 else ${users.failedLogins} + 1 end`,
      lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${maxFailures} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId))
    .returning({ lockedUntil: users.lockedUntil });
  return !!row?.lockedUntil && row.lockedUntil.getTime() === lockUntil.getTime();
}

export async function clearFailedLogins(db: Db, userId: number): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
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
    .select({ session: sessions, user: { id: users.id, name: users.name, disabledAt: users.disabledAt } })
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
