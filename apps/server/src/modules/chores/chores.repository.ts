import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { choreDailyClaims, choreTasks, choreTemplates, orgUnits } from '../../db/schema';
import { type Db, type Fragment, rows, type Write } from '../../platform/db';
import type { Scope } from '../../platform/scope';
import { statementOnce } from '../../platform/statement-once';
import { holdersJson, type PhotoHolder, readHolders } from './chore-submissions.repository';

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

/**
 * claimed/rejected → submitted, only while `userId` still holds the task: the claim is theirs and live,
 * or their rejected chore is not yet due. Conditional on the claimant in the UPDATE itself, so a claim
 * that expired and was taken by someone else meanwhile cannot be submitted over (READ COMMITTED
 * re-checks the WHERE on the row it finally updates).
 */
export async function markSubmitted(db: Db, id: number, userId: number, now: Date) {
  return db
    .update(choreTasks)
    .set({ status: 'submitted', claimExpiresAt: null })
    .where(
      and(
        eq(choreTasks.id, id),
        eq(choreTasks.claimedByUserId, userId),
        sql`((${choreTasks.status} = 'claimed' and ${choreTasks.claimExpiresAt} > ${now.toISOString()}::timestamptz)
          or (${choreTasks.status} = 'rejected' and ${choreTasks.dueAt} > ${now.toISOString()}::timestamptz))`,
      ),
    )
    .returning({ id: choreTasks.id });
}
// ---- one-statement submit and approve (docs/ARCHITECTURE.md#performance) ---------------------------

/** The task a captain submits, with what the submission shows of it and the id the submission will have. */
export interface TaskForSubmission {
  task: TaskRow;
  name: string;
  points: number;
  minPhotos: number;
  beforeAfter: boolean;
  buildingName: string;
  communityName: string | null;
  /** Drawn from the submissions' sequence, so the answer is known before the rows are written. */
  submissionId: number;
}

/** Everything a submission decides on, from one statement (`submissionContext`). */
export interface SubmissionContext {
  /** Undefined when the task does not exist or lies outside the scope. */
  task: TaskForSubmission | undefined;
  /** What the photos module's `ownAmong` selected, for its `requireOwnRead`. */
  ownPhotos: unknown;
  /** What the photos module's `lookAlikes` selected, for its `readLookAlikes`. */
  lookAlikes: unknown;
  /** Submissions of other tasks holding one of the photos or one of their look-alikes, oldest first. */
  holders: PhotoHolder[];
}

/**
 * One round trip for a captain's submission: the task in `scope` (as `findTaskInScope` reads it, with its
 * community's name and the submission's id to be, drawn only when the task is found), the photos module's
 * answers on the photos — `ownPhotos`, a scalar subquery of the caller's own photos among them, and
 * `lookAlikes`, a relation ("photoId", "similarId", distance) of their earlier look-alikes — and the
 * submissions of other tasks holding a photo or a look-alike. Built once and run with parameters
 * (`statementOnce`): the task, the scope's LIKE patterns (one array parameter), the caller and the photos'
 * ids, so its text is the same for every caller and the same number of photos.
 */
export async function submissionContext(
  db: Db,
  scope: Scope,
  taskId: number,
  photos: {
    userId: number;
    ids: number[];
    /** The photos module's fragments over the statement's parameters (bigint, bigint[]). */
    ownPhotos: (userId: Fragment, ids: Fragment) => Fragment;
    lookAlikes: (ids: Fragment) => Fragment;
  },
): Promise<SubmissionContext> {
  // One statement per number of photos (0–9, as the request allows), made on its first use.
  const n = photos.ids.length;
  let read = SUBMISSION_CONTEXT.get(n);
  if (!read) {
    read = submissionContextStatement(n, photos.ownPhotos, photos.lookAlikes);
    SUBMISSION_CONTEXT.set(n, read);
  }
  const values: Record<string, unknown> = { taskId, scope: scope.likePatterns(), userId: photos.userId };
  photos.ids.forEach((id, i) => {
    values[`photo${i}`] = id;
  });
  const [r] = await read(db, values);
  return {
    task: taskForSubmissionOf(r?.task),
    ownPhotos: r?.own ?? [],
    lookAlikes: r?.alike ?? [],
    holders: readHolders(r?.holders ?? []),
  };
}

const SUBMISSION_CONTEXT = new Map<number, ReturnType<typeof submissionContextStatement>>();

function submissionContextStatement(
  photoCount: number,
  ownPhotos: (userId: Fragment, ids: Fragment) => Fragment,
  lookAlikes: (ids: Fragment) => Fragment,
) {
  const task = sql`${sql.placeholder('taskId')}::bigint`;
  // The photos as an array of that many parameters, not one array parameter: the planner then knows how
  // many there are, and its generic plan (chosen after five runs) costs what a custom one does. With one
  // array parameter it assumed ten photos, judged the generic plan eight times dearer, and planned the
  // statement anew on every run (~1 ms of the database's time a submission in the bench).
  const ids = sql`array[${sql.join(
    Array.from({ length: photoCount }, (_, i) => sql`${sql.placeholder(`photo${i}`)}::bigint`),
    sql`, `,
  )}]::bigint[]`;
  return statementOnce(
    `chore_submission_context_${photoCount}`,
    () => sql`with t as (
               select ct.id, ct.street_id as "streetId", ct.publication_id as "publicationId",
                      ct.template_id as "templateId", ct.building_id as "buildingId", ct.building_path as "buildingPath",
                      ct.occurrence::text as occurrence, ct.due_at as "dueAt", ct.status,
                      ct.claimed_by_user_id as "claimedByUserId", ct.claimed_at as "claimedAt",
                      ct.claim_expires_at as "claimExpiresAt", ct.created_at as "createdAt",
                      tpl.name, tpl.points, tpl.min_photos as "minPhotos", tpl.before_after as "beforeAfter",
                      b.name as "buildingName", community.name as "communityName",
                      nextval(pg_get_serial_sequence('chore_submissions', 'id')) as "submissionId"
                 from chore_tasks ct
                 join chore_templates tpl on tpl.id = ct.template_id
                 join org_units b on b.id = ct.building_id
                 left join org_units community
                        on community.kind = 'community' and ct.building_path like community.path || '%'
                where ct.id = ${task} and ct.building_path like any(${sql.placeholder('scope')}::text[])
                limit 1),
             alike as (${lookAlikes(ids)})
        select (select row_to_json(t) from t) as task,
               ${ownPhotos(sql`${sql.placeholder('userId')}::bigint`, ids)} as own,
               (select coalesce(json_agg(json_build_object('photoId', a."photoId", 'similarId', a."similarId",
                                                           'distance', a.distance)), '[]'::json) from alike a) as alike,
               ${holdersJson(sql`select unnest(${ids}) union select a."similarId" from alike a`, task)} as holders`,
  );
}

/** The task `submissionContext` selected (`row_to_json`: numbers as numbers, times as ISO text), typed. */
function taskForSubmissionOf(json: unknown): TaskForSubmission | undefined {
  if (json === null || json === undefined) return undefined;
  const j = (typeof json === 'string' ? JSON.parse(json) : json) as Record<string, unknown>;
  const num = (v: unknown) => Number(v);
  const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const time = (v: unknown) => new Date(v as string);
  const timeOrNull = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    task: {
      id: num(j.id),
      streetId: num(j.streetId),
      publicationId: num(j.publicationId),
      templateId: num(j.templateId),
      buildingId: num(j.buildingId),
      buildingPath: j.buildingPath as string,
      occurrence: j.occurrence as string,
      dueAt: time(j.dueAt),
      status: j.status as string,
      claimedByUserId: numOrNull(j.claimedByUserId),
      claimedAt: timeOrNull(j.claimedAt),
      claimExpiresAt: timeOrNull(j.claimExpiresAt),
      createdAt: time(j.createdAt),
    },
    name: j.name as string,
    points: num(j.points),
    minPhotos: num(j.minPhotos),
    beforeAfter: Boolean(j.beforeAfter),
    buildingName: j.buildingName as string,
    communityName: (j.communityName as string | null) ?? null,
    submissionId: num(j.submissionId),
  };
}
/** `markSubmitted` as a guard of the submission's statement: the task moves only while the captain holds it. */
export function markSubmittedGuard(id: number, userId: number, now: Date): Write {
  const at = now.toISOString();
  return sql`update chore_tasks set status = 'submitted', claim_expires_at = null
              where id = ${id} and claimed_by_user_id = ${userId}
                and ((status = 'claimed' and claim_expires_at > ${at}::timestamptz)
                  or (status = 'rejected' and due_at > ${at}::timestamptz))
             returning id`;
}
/** `setTaskStatus` as a write for one statement (written by hand: it goes out with every approval). */
export function taskStatusWrite(id: number, from: string[], to: string): Write {
  return sql`update chore_tasks set status = ${to}${to !== 'claimed' ? sql`, claim_expires_at = null` : sql``}
              where id = ${id} and status in ${from}`;
}
