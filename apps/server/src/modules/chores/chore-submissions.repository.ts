import { and, asc, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { choreSubmissionPhotos, choreSubmissions, choreTasks, choreTemplates, orgUnits, users } from '../../db/schema';
import { type Db, rows, type Write } from '../../platform/db';
import { type StoredAnswerProbe, storedAnswerColumn } from '../../platform/idempotency';
import type { Scope } from '../../platform/scope';
import { perDatabase } from '../../platform/statement-once';

export type SubmissionRow = typeof choreSubmissions.$inferSelect;

// ---- submissions -----------------------------------------------------------------------------

export async function insertSubmission(db: Db, v: typeof choreSubmissions.$inferInsert): Promise<SubmissionRow> {
  const [row] = await db.insert(choreSubmissions).values(v).returning();
  return row as SubmissionRow;
}

export async function insertSubmissionPhotos(db: Db, vs: (typeof choreSubmissionPhotos.$inferInsert)[]) {
  if (vs.length) await db.insert(choreSubmissionPhotos).values(vs);
}

/** The submitter's account, joined by `submissionQuery` (the review queue searches its name and phone). */
export const submitter = alias(users, 'submitter');
const reviewer = alias(users, 'reviewer');
/** The community above a task's building, joined by `submissionQuery`. */
export const community = alias(orgUnits, 'community');

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
  return submissionQueryWith(db, {});
}

function submissionQueryWith<E extends Record<string, SQL>>(db: Db, extra: E) {
  return db
    .select({ ...submissionColumns, ...extra })
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

/**
 * `findSubmission` for its review, with two more columns the review's one write needs, so it costs one
 * round trip: `ledger`, what the credit reads first (given the submission's street and submitter; the
 * same SQL for every review), and the reviewer's stored answer under the request's key
 * (`StoredAnswerProbe`). The statement is built and compiled once per database (with the key or without)
 * and run with its parameters — building this seven-table select was most of an approval's CPU.
 */
export async function submissionForReview(
  db: Db,
  id: number,
  extra: { ledger: (streetId: SQL, userId: SQL) => SQL; stored: StoredAnswerProbe },
) {
  const keyed = extra.stored.lookup !== undefined;
  let read = FOR_REVIEW.get(keyed);
  if (!read) {
    read = perDatabase((d) => prepareReviewRead(d, keyed, extra.ledger));
    FOR_REVIEW.set(keyed, read);
  }
  const [row] = await read(db).execute({
    id,
    storedUser: extra.stored.lookup?.userId,
    storedKey: extra.stored.lookup?.key,
  });
  return row;
}

const FOR_REVIEW = new Map<boolean, (db: Db) => ReturnType<typeof prepareReviewRead>>();

function prepareReviewRead(db: Db, keyed: boolean, ledger: (streetId: SQL, userId: SQL) => SQL) {
  return submissionQueryWith(db, {
    ledger: sql<unknown>`${ledger(sql`${choreSubmissions.streetId}`, sql`${choreSubmissions.submitterUserId}`)}`,
    stored: keyed
      ? sql<unknown>`${storedAnswerColumn(sql.placeholder('storedUser'), sql.placeholder('storedKey'))}`
      : sql<unknown>`null::json`,
  })
    .where(eq(choreSubmissions.id, sql.placeholder('id')))
    .prepare(`chore_submission_for_review${keyed ? '_keyed' : ''}`);
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

/** pending → approved with its ledger entry, as a guard of the approval's statement (a decided one is left alone). */
export function markApprovedGuard(id: number, v: { reviewerUserId: number; at: Date; entryId: number }): Write {
  return sql`update chore_submissions
                set status = 'approved', reviewer_user_id = ${v.reviewerUserId}, reviewed_at = ${v.at.toISOString()}::timestamptz,
                    ledger_entry_id = ${v.entryId}
              where id = ${id} and status = 'pending'
             returning id`;
}
