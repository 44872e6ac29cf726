import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { choreDailyClaims, choreTasks, choreTemplates, orgUnits } from '../../db/schema';
import { type Db, rows, type Write } from '../../platform/db';
import type { Scope } from '../../platform/scope';

/** Chore tasks: the captain's list, claims and their expiry, status moves. Setup and submissions have their own repositories. */

export type TaskRow = typeof choreTasks.$inferSelect;

// ---- tasks -----------------------------------------------------------------------------------

const taskColumns = {
  task: choreTasks,
  name: choreTemplates.name,
  category: choreTemplates.category,
  points: choreTemplates.points,
  minPhotos: choreTemplates.minPhotos,
  beforeAfter: choreTemplates.beforeAfter,
  dailyLimitPerBuilding: choreTemplates.dailyLimitPerBuilding,
  claimTtlHours: choreTemplates.claimTtlHours,
  archivedAt: choreTemplates.archivedAt,
  buildingName: orgUnits.name,
  // Why the reviewer sent a rejected task back, shown on the captain's card. The holder's own
  // submissions are found through their index, so this costs one short lookup per rejected task.
  rejectReason: sql<string | null>`case when ${choreTasks.status} = 'rejected' then (
    select s.reject_reason from chore_submissions s
     where s.submitter_user_id = ${choreTasks.claimedByUserId} and s.task_id = ${choreTasks.id} and s.status = 'rejected'
     order by s.id desc limit 1) end`,
};
export type TaskListed = Awaited<ReturnType<typeof findTaskInScope>> & {};

export async function findTaskInScope(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select(taskColumns)
    .from(choreTasks)
    .innerJoin(choreTemplates, eq(choreTemplates.id, choreTasks.templateId))
    .innerJoin(orgUnits, eq(orgUnits.id, choreTasks.buildingId))
    .where(and(eq(choreTasks.id, id), scope.where(choreTasks.buildingPath)));
  return row;
}

/** Tasks of the captain's buildings: open and claimable, and/or the captain's own. */
export async function listTasksForCaptain(
  db: Db,
  scope: Scope,
  userId: number,
  f: { view: 'open' | 'claimed' | 'mine' | 'all'; now: Date; beforeId?: number; limit: number },
) {
  const open = sql`(${choreTasks.status} = 'open' and ${choreTasks.dueAt} > ${f.now.toISOString()}::timestamptz and ${choreTemplates.archivedAt} is null)`;
  const mine = sql`(${choreTasks.claimedByUserId} = ${userId})`;
  const taken = sql`(${choreTasks.status} in ('claimed','submitted'))`;
  const which = { open, mine, claimed: taken, all: sql`(${open} or ${mine})` }[f.view];
  return db
    .select(taskColumns)
    .from(choreTasks)
    .innerJoin(choreTemplates, eq(choreTemplates.id, choreTasks.templateId))
    .innerJoin(orgUnits, eq(orgUnits.id, choreTasks.buildingId))
    .where(and(scope.where(choreTasks.buildingPath), which, f.beforeId ? lt(choreTasks.id, f.beforeId) : undefined))
    .orderBy(desc(choreTasks.id))
    .limit(f.limit);
}

/** The claim itself: only an open task that is not yet due; the row lock makes concurrent claims queue. */
export async function claimTask(db: Db, id: number, userId: number, now: Date, expiresAt: Date) {
  return db
    .update(choreTasks)
    .set({ status: 'claimed', claimedByUserId: userId, claimedAt: now, claimExpiresAt: expiresAt })
    .where(
      and(
        eq(choreTasks.id, id),
        eq(choreTasks.status, 'open'),
        sql`${choreTasks.dueAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: choreTasks.id });
}

/** Counts one claim against the daily limit; false when the limit is reached. */
export async function countDailyClaim(
  db: Db,
  v: { templateId: number; buildingId: number; day: string; streetId: number; limit: number },
): Promise<boolean> {
  const r = await rows<{ claims: number }>(
    db,
    sql`insert into chore_daily_claims (template_id, building_id, day, street_id, claims)
        values (${v.templateId}, ${v.buildingId}, ${v.day}::date, ${v.streetId}, 1)
        on conflict (template_id, building_id, day)
        do update set claims = chore_daily_claims.claims + 1 where chore_daily_claims.claims < ${v.limit}
        returning claims`,
  );
  return r.length > 0;
}

export async function releaseDailyClaim(db: Db, templateId: number, buildingId: number, day: string) {
  await db
    .update(choreDailyClaims)
    .set({ claims: sql`${choreDailyClaims.claims} - 1` })
    .where(
      and(
        eq(choreDailyClaims.templateId, templateId),
        eq(choreDailyClaims.buildingId, buildingId),
        eq(choreDailyClaims.day, day),
        sql`${choreDailyClaims.claims} > 0`,
      ),
    );
}

/** Claims past their time, locked so that two instances expiring at once take different rows. */
export async function lockExpiredClaims(db: Db, now: Date, limit: number) {
  return rows<{
    id: number;
    streetId: number;
    templateId: number;
    buildingId: number;
    claimedBy: number;
    claimedAt: Date | string;
  }>(
    db,
    sql`select id, street_id as "streetId", template_id as "templateId", building_id as "buildingId",
               claimed_by_user_id as "claimedBy", claimed_at as "claimedAt"
          from chore_tasks
         where status = 'claimed' and claim_expires_at <= ${now.toISOString()}::timestamptz
         order by id
         limit ${limit}
         for update skip locked`,
  );
}

export async function reopenTask(db: Db, id: number) {
  return db
    .update(choreTasks)
    .set({ status: 'open', claimedByUserId: null, claimedAt: null, claimExpiresAt: null })
    .where(and(eq(choreTasks.id, id), eq(choreTasks.status, 'claimed')))
    .returning({ id: choreTasks.id });
}

export async function setTaskStatus(db: Db, id: number, from: string[], to: string) {
  return db
    .update(choreTasks)
    .set({ status: to, ...(to !== 'claimed' ? { claimExpiresAt: null } : {}) })
    .where(and(eq(choreTasks.id, id), inArray(choreTasks.status, from)))
    .returning({ id: choreTasks.id });
}

// ---- one-statement approve (docs/ARCHITECTURE.md#performance) ------------------------------------

/** `setTaskStatus` as a write for one statement (written by hand: it goes out with every approval). */
export function taskStatusWrite(id: number, from: string[], to: string): Write {
  return sql`update chore_tasks set status = ${to}${to !== 'claimed' ? sql`, claim_expires_at = null` : sql``}
              where id = ${id} and status in ${from}`;
}
