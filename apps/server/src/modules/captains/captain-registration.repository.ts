import { desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { captainAssignments, users } from '../../db/schema';
import type { Db } from '../../platform/db';

export async function insertAssignment(tx: Db, v: typeof captainAssignments.$inferInsert): Promise<void> {
  await tx.insert(captainAssignments).values(v);
}

const actor = alias(users, 'actor');

/** A building's registration history, newest first. */
export async function historyOf(db: Db, buildingId: number) {
  return db
    .select({
      id: captainAssignments.id,
      userId: captainAssignments.userId,
      userName: users.name,
      action: captainAssignments.action,
      reason: captainAssignments.reason,
      actorName: sql<string | null>`${actor.name}`,
      at: captainAssignments.at,
    })
    .from(captainAssignments)
    .innerJoin(users, eq(users.id, captainAssignments.userId))
    .leftJoin(actor, eq(actor.id, captainAssignments.actorUserId))
    .where(eq(captainAssignments.buildingId, buildingId))
    .orderBy(desc(captainAssignments.id))
    .limit(200);
}
