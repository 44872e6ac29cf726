import type { OrgKind, Role } from '@louzhang/contracts';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { orgUnits, roleBindings, sessions, users } from '../../db/schema';
import type { Db } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export interface BindingRow {
  bindingId: number;
  userId: number;
  role: Role;
  orgUnitId: number;
  orgUnitName: string;
  orgKind: OrgKind;
  path: string;
  streetId: number | null;
}

const bindingCols = {
  bindingId: roleBindings.id,
  userId: roleBindings.userId,
  role: roleBindings.role,
  orgUnitId: roleBindings.orgUnitId,
  orgUnitName: orgUnits.name,
  orgKind: orgUnits.kind,
  path: orgUnits.path,
  streetId: orgUnits.streetId,
};

export async function bindingsOfUsers(db: Db, userIds: number[]): Promise<BindingRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select(bindingCols)
    .from(roleBindings)
    .innerJoin(orgUnits, eq(orgUnits.id, roleBindings.orgUnitId))
    .where(inArray(roleBindings.userId, userIds))
    .orderBy(roleBindings.id);
  return rows as BindingRow[];
}

export async function findBinding(db: Db, bindingId: number): Promise<BindingRow | undefined> {
  const [row] = await db
    .select(bindingCols)
    .from(roleBindings)
    .innerJoin(orgUnits, eq(orgUnits.id, roleBindings.orgUnitId))
    .where(eq(roleBindings.id, bindingId));
  return row as BindingRow | undefined;
}

export async function findUser(db: Db, id: number) {
  const [u] = await db
    .select({ id: users.id, name: users.name, phoneEnc: users.phoneEnc, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id));
  return u;
}

export async function findUserByPhoneHash(db: Db, phoneHash: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.phoneHash, phoneHash));
  return u;
}

/** Users holding any binding inside `scope` (optionally under `underPath`), at most `limit`. */
export async function usersWithBindingsIn(db: Db, scope: Scope, underPath: string | null, limit: number) {
  const rows = await db
    .selectDistinct({ id: users.id, name: users.name, phoneEnc: users.phoneEnc, disabledAt: users.disabledAt })
    .from(users)
    .innerJoin(roleBindings, eq(roleBindings.userId, users.id))
    .innerJoin(orgUnits, eq(orgUnits.id, roleBindings.orgUnitId))
    .where(and(scope.where(orgUnits.path), underPath ? sql`${orgUnits.path} like ${`${underPath}%`}` : undefined))
    .orderBy(users.id)
    .limit(limit);
  return rows;
}

export async function usersByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, phoneEnc: users.phoneEnc, disabledAt: users.disabledAt })
    .from(users)
    .where(inArray(users.id, ids));
}

export async function insertUser(db: Db, v: typeof users.$inferInsert): Promise<number | null> {
  const [row] = await db.insert(users).values(v).onConflictDoNothing().returning({ id: users.id });
  return row?.id ?? null;
}

/** Adds a binding; null when the user already holds that role there. */
export async function insertBinding(
  db: Db,
  v: { userId: number; role: Role; orgUnitId: number; streetId: number | null; at: Date },
): Promise<number | null> {
  const [row] = await db
    .insert(roleBindings)
    .values({ userId: v.userId, role: v.role, orgUnitId: v.orgUnitId, streetId: v.streetId, createdAt: v.at })
    .onConflictDoNothing()
    .returning({ id: roleBindings.id });
  return row?.id ?? null;
}

export async function deleteBinding(db: Db, bindingId: number): Promise<boolean> {
  const gone = await db.delete(roleBindings).where(eq(roleBindings.id, bindingId)).returning({ id: roleBindings.id });
  return gone.length === 1;
}

export async function setDisabled(db: Db, userId: number, at: Date | null): Promise<void> {
  await db.update(users).set({ disabledAt: at }).where(eq(users.id, userId));
}

/** Serialises changes that could remove the last admin (disable, revoke) across concurrent requests. */
export async function lockAdmins(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('louzhang.admins'))`);
}

/** Enabled users other than `exceptUser` holding an admin binding other than `exceptBinding`. */
export async function otherAdmins(tx: Db, exceptUser: number | null, exceptBinding: number | null): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(distinct ${users.id})::int` })
    .from(roleBindings)
    .innerJoin(users, eq(users.id, roleBindings.userId))
    .where(
      and(
        eq(roleBindings.role, 'admin'),
        isNull(users.disabledAt),
        exceptUser ? ne(users.id, exceptUser) : undefined,
        exceptBinding ? ne(roleBindings.id, exceptBinding) : undefined,
      ),
    );
  return Number(r?.n ?? 0);
}

export async function revokeSessionsOf(db: Db, userId: number, at: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function liveSessionsOf(db: Db, userId: number) {
  return db
    .select({
      tokenHash: sessions.tokenHash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .orderBy(sql`${sessions.lastSeenAt} desc`);
}

export async function revokeSessionByPrefix(db: Db, userId: number, prefix: string, at: Date): Promise<boolean> {
  const gone = await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`left(${sessions.tokenHash}, 16) = ${prefix}`),
    )
    .returning({ userId: sessions.userId });
  return gone.length > 0;
}
