import { and, asc, desc, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  choreDailyClaims,
  chorePublications,
  choreStreetSettings,
  choreSubmissionPhotos,
  choreSubmissions,
  choreTasks,
  choreTemplates,
  orgUnits,
  users,
} from '../../db/schema';
import { type Db, rows, type Write } from '../../platform/db';
import type { Scope } from '../../platform/scope';

export type TemplateRow = typeof choreTemplates.$inferSelect;
export type PublicationRow = typeof chorePublications.$inferSelect;
export type TaskRow = typeof choreTasks.$inferSelect;
export type SubmissionRow = typeof choreSubmissions.$inferSelect;

// ---- templates -------------------------------------------------------------------------------

const streets = alias(orgUnits, 'street');

/** Templates of streets whose path `scope` covers, or of the given street ids. */
export async function listTemplates(db: Db, scope: Scope, streetIds: number[], includeArchived: boolean) {
  const visible =
    streetIds.length > 0
      ? sql`(${scope.where(streets.path)} or ${inArray(choreTemplates.streetId, streetIds)})`
      : scope.where(streets.path);
  return db
    .select({ t: choreTemplates })
    .from(choreTemplates)
    .innerJoin(streets, eq(streets.id, choreTemplates.streetId))
    .where(and(visible, includeArchived ? undefined : isNull(choreTemplates.archivedAt)))
    .orderBy(asc(choreTemplates.streetId), asc(choreTemplates.id))
    .then((rs) => rs.map((r) => r.t));
}

export async function findTemplateWithStreetPath(db: Db, id: number) {
  const [row] = await db
    .select({ t: choreTemplates, streetPath: streets.path })
    .from(choreTemplates)
    .innerJoin(streets, eq(streets.id, choreTemplates.streetId))
    .where(eq(choreTemplates.id, id));
  return row;
}

export async function insertTemplate(db: Db, v: typeof choreTemplates.$inferInsert): Promise<TemplateRow> {
  const [row] = await db.insert(choreTemplates).values(v).returning();
  return row as TemplateRow;
}

export async function updateTemplate(db: Db, id: number, v: Partial<typeof choreTemplates.$inferInsert>) {
  const [row] = await db.update(choreTemplates).set(v).where(eq(choreTemplates.id, id)).returning();
  return row as TemplateRow;
}

export async function templateNameTaken(db: Db, streetId: number, name: string, exceptId?: number) {
  const [row] = await db
    .select({ id: choreTemplates.id })
    .from(choreTemplates)
    .where(
      and(
        eq(choreTemplates.streetId, streetId),
        eq(choreTemplates.name, name),
        exceptId ? ne(choreTemplates.id, exceptId) : undefined,
      ),
    );
  return row !== undefined;
}

// ---- publications ----------------------------------------------------------------------------

export async function insertPublication(db: Db, v: typeof chorePublications.$inferInsert): Promise<PublicationRow> {
  const [row] = await db.insert(chorePublications).values(v).returning();
  return row as PublicationRow;
}

export async function listPublications(db: Db, scope: Scope) {
  return db
    .select({
      p: chorePublications,
      templateName: choreTemplates.name,
      orgUnitName: orgUnits.name,
      tasksCreated: sql<number>`(select count(*)::int from chore_tasks ct where ct.publication_id = ${chorePublications.id})`,
    })
    .from(chorePublications)
    .innerJoin(choreTemplates, eq(choreTemplates.id, chorePublications.templateId))
    .innerJoin(orgUnits, eq(orgUnits.id, chorePublications.orgUnitId))
    .where(scope.where(chorePublications.orgPath))
    .orderBy(desc(chorePublications.id))
    .limit(500);
}

export async function findPublicationInScope(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(chorePublications)
    .where(and(eq(chorePublications.id, id), scope.where(chorePublications.orgPath)));
  return row;
}

export async function cancelPublication(db: Db, id: number, at: Date) {
  return db
    .update(chorePublications)
    .set({ cancelledAt: at })
    .where(and(eq(chorePublications.id, id), isNull(chorePublications.cancelledAt)))
    .returning({ id: chorePublications.id });
}

/** Publications that may have a current occurrence on `today` (Shanghai day). */
export async function activePublications(db: Db, today: string) {
  return db
    .select()
    .from(chorePublications)
    .where(
      and(
        isNull(chorePublications.cancelledAt),
        sql`${chorePublications.startsOn} <= ${today}`,
        sql`(${chorePublications.endsOn} is null or ${chorePublications.endsOn} >= ${today}::date - 7)`,
      ),
    )
    .orderBy(asc(chorePublications.id));
}

/**
 * One task per building under the publication's unit for `occurrence`. The unique key makes this a
 * no-op for buildings that already have theirs, so any number of runs, on any number of instances,
 * create each task once.
 */
export async function generateTasks(
  db: Db,
  p: Pick<PublicationRow, 'id' | 'streetId' | 'templateId' | 'orgPath'>,
  occurrence: string,
  dueAt: Date,
  now: Date,
): Promise<number> {
  const created = await rows<{ id: number }>(
    db,
    sql`insert into chore_tasks (street_id, publication_id, template_id, building_id, building_path, occurrence, due_at, status, created_at)
        select ${p.streetId}, ${p.id}, ${p.templateId}, b.id, b.path, ${occurrence}::date, ${dueAt.toISOString()}::timestamptz, 'open', ${now.toISOString()}::timestamptz
          from org_units b
         where b.kind = 'building' and b.path like ${`${p.orgPath}%`}
        on conflict (publication_id, building_id, occurrence) do nothing
        returning id`,
  );
  return created.length;
}

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

// ---- submissions -----------------------------------------------------------------------------

export async function insertSubmission(db: Db, v: typeof choreSubmissions.$inferInsert): Promise<SubmissionRow> {
  const [row] = await db.insert(choreSubmissions).values(v).returning();
  return row as SubmissionRow;
}

export async function insertSubmissionPhotos(db: Db, vs: (typeof choreSubmissionPhotos.$inferInsert)[]) {
  if (vs.length) await db.insert(choreSubmissionPhotos).values(vs);
}

/** Submissions of other tasks that hold any of `photoIds`. */
export async function submissionsHoldingPhotos(db: Db, photoIds: number[], exceptTaskId: number) {
  if (photoIds.length === 0) return [];
  return db
    .select({
      photoId: choreSubmissionPhotos.photoId,
      submissionId: choreSubmissions.id,
      taskId: choreSubmissions.taskId,
    })
    .from(choreSubmissionPhotos)
    .innerJoin(choreSubmissions, eq(choreSubmissions.id, choreSubmissionPhotos.submissionId))
    .where(and(inArray(choreSubmissionPhotos.photoId, photoIds), ne(choreSubmissions.taskId, exceptTaskId)))
    .orderBy(asc(choreSubmissions.id));
}

/** The submitter's account, joined by `submissionQuery` (the review queue searches its name and phone). */
export const submitter = alias(users, 'submitter');
const reviewer = alias(users, 'reviewer');
const community = alias(orgUnits, 'community');

const submissionColumns = {
  s: choreSubmissions,
  templateName: choreTemplates.name,
  points: choreTemplates.points,
  buildingId: choreTasks.buildingId,
  buildingPath: choreTasks.buildingPath,
  buildingName: orgUnits.name,
  communityName: community.name,
  submitterName: submitter.name,
  reviewerName: reviewer.name,
};
export type SubmissionListed = Awaited<ReturnType<typeof findSubmission>> & {};

export function submissionQuery(db: Db) {
  return db
    .select(submissionColumns)
    .from(choreSubmissions)
    .innerJoin(choreTasks, eq(choreTasks.id, choreSubmissions.taskId))
    .innerJoin(choreTemplates, eq(choreTemplates.id, choreTasks.templateId))
    .innerJoin(orgUnits, eq(orgUnits.id, choreTasks.buildingId))
    .innerJoin(submitter, eq(submitter.id, choreSubmissions.submitterUserId))
    .leftJoin(reviewer, eq(reviewer.id, choreSubmissions.reviewerUserId))
    .leftJoin(
      community,
      sql`${community.kind} = 'community' and ${choreTasks.buildingPath} like ${community.path} || '%'`,
    );
}

export async function findSubmission(db: Db, id: number) {
  const [row] = await submissionQuery(db).where(eq(choreSubmissions.id, id));
  return row;
}

/** Locks the submission row for review, so concurrent reviews of it queue and see each other's result. */
export async function lockSubmission(db: Db, id: number) {
  const [row] = await db.select().from(choreSubmissions).where(eq(choreSubmissions.id, id)).for('update');
  return row;
}

export async function submissionsOf(db: Db, userId: number, f: { beforeId?: number; limit: number }) {
  return submissionQuery(db)
    .where(
      and(eq(choreSubmissions.submitterUserId, userId), f.beforeId ? lt(choreSubmissions.id, f.beforeId) : undefined),
    )
    .orderBy(desc(choreSubmissions.id))
    .limit(f.limit);
}

/** The photo ids of a submission with their kind, in the order submitted. */
export async function photosOf(db: Db, submissionId: number) {
  return db
    .select({ id: choreSubmissionPhotos.photoId, kind: choreSubmissionPhotos.kind })
    .from(choreSubmissionPhotos)
    .where(eq(choreSubmissionPhotos.submissionId, submissionId))
    .orderBy(asc(choreSubmissionPhotos.position));
}

export async function markReviewed(
  db: Db,
  id: number,
  v: { status: 'approved' | 'rejected'; reviewerUserId: number; at: Date; rejectReason: string | null },
) {
  return db
    .update(choreSubmissions)
    .set({ status: v.status, reviewerUserId: v.reviewerUserId, reviewedAt: v.at, rejectReason: v.rejectReason })
    .where(and(eq(choreSubmissions.id, id), eq(choreSubmissions.status, 'pending')))
    .returning({ id: choreSubmissions.id });
}

export async function setLedgerEntry(db: Db, id: number, entryId: number) {
  await db.update(choreSubmissions).set({ ledgerEntryId: entryId }).where(eq(choreSubmissions.id, id));
}

// ---- settings --------------------------------------------------------------------------------

export async function delegatingStreets(db: Db, streetIds: number[]): Promise<Set<number>> {
  if (streetIds.length === 0) return new Set();
  const rs = await db
    .select({ streetId: choreStreetSettings.streetId })
    .from(choreStreetSettings)
    .where(and(inArray(choreStreetSettings.streetId, streetIds), eq(choreStreetSettings.communityMayReview, true)));
  return new Set(rs.map((r) => r.streetId));
}

export async function getSettings(db: Db, streetId: number) {
  const [row] = await db.select().from(choreStreetSettings).where(eq(choreStreetSettings.streetId, streetId));
  return row;
}

export async function upsertSettings(db: Db, streetId: number, communityMayReview: boolean, at: Date) {
  await db
    .insert(choreStreetSettings)
    .values({ streetId, communityMayReview, updatedAt: at })
    .onConflictDoUpdate({ target: choreStreetSettings.streetId, set: { communityMayReview, updatedAt: at } });
}

export async function findOrgUnit(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), scope.where(orgUnits.path)));
  return row;
}

export async function findOrgUnitById(db: Db, id: number) {
  const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
  return row;
}

export async function countsBySubmitter(db: Db, userIds: number[]) {
  if (userIds.length === 0) return [];
  return rows<{ userId: number; approved: number; pending: number }>(
    db,
    sql`select submitter_user_id as "userId",
               count(*) filter (where status = 'approved')::int as approved,
               count(*) filter (where status = 'pending')::int as pending
          from chore_submissions
         where submitter_user_id in (${sql.join(
           userIds.map((id) => sql`${id}`),
           sql`, `,
         )})
         group by submitter_user_id`,
  );
}

/** Submissions holding photo `photoId`: who submitted each and the path of its building. */
export async function submissionsHoldingPhoto(db: Db, photoId: number) {
  return rows<{ submitterUserId: number; buildingPath: string }>(
    db,
    sql`select s.submitter_user_id as "submitterUserId", t.building_path as "buildingPath"
          from chore_submission_photos sp
          join chore_submissions s on s.id = sp.submission_id
          join chore_tasks t on t.id = s.task_id
         where sp.photo_id = ${photoId}
         limit 50`,
  );
}

/** Submissions waiting for review in `scope` (the 待审核 count of the workbench). */
export async function countPendingReviews(db: Db, scope: Scope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(choreSubmissions)
    .innerJoin(choreTasks, eq(choreTasks.id, choreSubmissions.taskId))
    .where(and(scope.where(choreTasks.buildingPath), eq(choreSubmissions.status, 'pending')));
  return row?.n ?? 0;
}

// ---- one-statement submit and approve (docs/ARCHITECTURE.md#performance) ---------------------------

/**
 * The task a captain submits, as `findTaskInScope` reads it, with its community's name and the id the
 * submission will have (drawn from its sequence, so the answer is known before the rows are written).
 */
export async function taskForSubmission(db: Db, scope: Scope, id: number) {
  const [row] = await db
    .select({
      ...taskColumns,
      communityName: community.name,
      submissionId: sql<number>`nextval(pg_get_serial_sequence('chore_submissions', 'id'))`.mapWith(Number),
    })
    .from(choreTasks)
    .innerJoin(choreTemplates, eq(choreTemplates.id, choreTasks.templateId))
    .innerJoin(orgUnits, eq(orgUnits.id, choreTasks.buildingId))
    .leftJoin(
      community,
      sql`${community.kind} = 'community' and ${choreTasks.buildingPath} like ${community.path} || '%'`,
    )
    .where(and(eq(choreTasks.id, id), scope.where(choreTasks.buildingPath)));
  return row;
}

/** A submission (id given) and its photos, as writes for one statement. */
export function submissionWrites(
  db: Db,
  s: SubmissionRow,
  photos: (typeof choreSubmissionPhotos.$inferInsert)[],
): Write[] {
  return [
    db.insert(choreSubmissions).overridingSystemValue().values(s).getSQL(),
    ...(photos.length ? [db.insert(choreSubmissionPhotos).values(photos).getSQL()] : []),
  ];
}

/** `markSubmitted` as a guard of the submission's statement: the task moves only while the captain holds it. */
export function markSubmittedGuard(db: Db, id: number, userId: number, now: Date): Write {
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
    .returning({ id: choreTasks.id })
    .getSQL();
}

/** pending → approved with its ledger entry, as a guard of the approval's statement (a decided one is left alone). */
export function markApprovedGuard(db: Db, id: number, v: { reviewerUserId: number; at: Date; entryId: number }): Write {
  return db
    .update(choreSubmissions)
    .set({ status: 'approved', reviewerUserId: v.reviewerUserId, reviewedAt: v.at, ledgerEntryId: v.entryId })
    .where(and(eq(choreSubmissions.id, id), eq(choreSubmissions.status, 'pending')))
    .returning({ id: choreSubmissions.id })
    .getSQL();
}

/** `setTaskStatus` as a write for one statement. */
export function taskStatusWrite(db: Db, id: number, from: string[], to: string): Write {
  return db
    .update(choreTasks)
    .set({ status: to, ...(to !== 'claimed' ? { claimExpiresAt: null } : {}) })
    .where(and(eq(choreTasks.id, id), inArray(choreTasks.status, from)))
    .getSQL();
}
