import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { open311Clients, open311Requests, orgUnits } from '../../db/schema';
import type { Db } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type Open311Client = typeof open311Clients.$inferSelect;
export type Open311RequestRow = typeof open311Requests.$inferSelect;

export async function clientByKeyHash(db: Db, keyHash: string): Promise<Open311Client | undefined> {
  const [row] = await db
    .select()
    .from(open311Clients)
    .where(and(eq(open311Clients.keyHash, keyHash), isNull(open311Clients.revokedAt)));
  return row;
}

export async function insertClient(db: Db, v: typeof open311Clients.$inferInsert): Promise<Open311Client> {
  const [row] = await db.insert(open311Clients).values(v).returning();
  return row as Open311Client;
}

export async function findUnit(db: Db, id: number) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

/** The buildings of one street with their names and addresses, for resolving a typed address. */
export async function buildingsOfStreet(db: Db, streetId: number) {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name, address: orgUnits.address })
    .from(orgUnits)
    .where(and(eq(orgUnits.streetId, streetId), eq(orgUnits.kind, 'building')))
    .orderBy(asc(orgUnits.id));
}

export async function addressesOf(db: Db, buildingIds: number[]) {
  if (buildingIds.length === 0) return new Map<number, { name: string; address: string | null }>();
  const found = await db
    .select({ id: orgUnits.id, name: orgUnits.name, address: orgUnits.address })
    .from(orgUnits)
    .where(inArray(orgUnits.id, buildingIds));
  return new Map(found.map((b) => [b.id, b]));
}

export async function insertRequest(db: Db, v: typeof open311Requests.$inferInsert): Promise<void> {
  await db.insert(open311Requests).values(v).onConflictDoNothing();
}

export async function requestsOf(db: Db, reportIds: number[]): Promise<Map<number, Open311RequestRow>> {
  if (reportIds.length === 0) return new Map();
  const found = await db.select().from(open311Requests).where(inArray(open311Requests.reportId, reportIds));
  return new Map(found.map((r) => [r.reportId, r]));
}

export async function requestByToken(db: Db, clientId: number, token: string) {
  const [row] = await db
    .select()
    .from(open311Requests)
    .where(and(eq(open311Requests.clientId, clientId), eq(open311Requests.token, token)));
  return row;
}

export async function clientsOfStreets(db: Db, streetIds: number[]): Promise<Open311Client[]> {
  if (streetIds.length === 0) return [];
  return db
    .select()
    .from(open311Clients)
    .where(inArray(open311Clients.streetId, streetIds))
    .orderBy(asc(open311Clients.id));
}

export async function findClient(db: Db, id: number): Promise<Open311Client | undefined> {
  const [row] = await db.select().from(open311Clients).where(eq(open311Clients.id, id));
  return row;
}

export async function revokeClient(db: Db, id: number, at: Date): Promise<Open311Client | undefined> {
  const [row] = await db
    .update(open311Clients)
    .set({ revokedAt: at })
    .where(and(eq(open311Clients.id, id), isNull(open311Clients.revokedAt)))
    .returning();
  return row;
}

/** The streets inside a jurisdiction. */
export async function streetsIn(db: Db, scope: Scope): Promise<{ id: number; path: string }[]> {
  return db
    .select({ id: orgUnits.id, path: orgUnits.path })
    .from(orgUnits)
    .where(and(eq(orgUnits.kind, 'street'), scope.where(orgUnits.path)));
}
