import type { ReviewSort } from '@louzhang/contracts';
import { and, asc, desc, eq, gt, lt, type SQL, sql } from 'drizzle-orm';
import { choreSubmissions, choreTasks, choreTemplates, orgUnits } from '../../db/schema';
import type { Db } from '../../platform/db';
import type { Scope } from '../../platform/scope';
import { submissionQuery, submitter } from './chore-submissions.repository';

/** What the review queue is narrowed to: a status, a community, and what the search box asked for. */
export interface QueueFilter {
  status: string;
  communityPath?: string | undefined;
  /** The captain's mobile number's blind index, or text found in the captain's, task's or building's name. */
  search?: { phoneHash: string } | { text: string } | undefined;
}

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function queueWhere(scope: Scope, f: QueueFilter): SQL | undefined {
  const s = f.search;
  return and(
    scope.where(choreTasks.buildingPath),
    eq(choreSubmissions.status, f.status),
    f.communityPath ? sql`${choreTasks.buildingPath} like ${`${f.communityPath}%`}` : undefined,
    s && 'phoneHash' in s ? eq(submitter.phoneHash, s.phoneHash) : undefined,
    s && 'text' in s
      ? sql`(${choreTemplates.name} ilike ${likeOf(s.text)} or ${orgUnits.name} ilike ${likeOf(s.text)}
             or ${submitter.name} ilike ${likeOf(s.text)})`
      : undefined,
  );
}

/**
 * One page of the queue in submission order (oldest or newest first; chore_submissions_status_idx and
 * _street_idx end in the id), after the submission `afterId` (the cursor's last row).
 */
export async function reviewQueue(
  db: Db,
  scope: Scope,
  f: QueueFilter,
  sort: ReviewSort,
  afterId: number | undefined,
  limit: number,
) {
  const oldest = sort === 'oldest';
  const after =
    afterId === undefined ? undefined : oldest ? gt(choreSubmissions.id, afterId) : lt(choreSubmissions.id, afterId);
  return submissionQuery(db)
    .where(and(queueWhere(scope, f), after))
    .orderBy(oldest ? asc(choreSubmissions.id) : desc(choreSubmissions.id))
    .limit(limit);
}

/** How many submissions the filter shows, counting no further than `cap + 1`. */
export async function countQueue(db: Db, scope: Scope, f: QueueFilter, cap: number): Promise<number> {
  const matched = submissionQuery(db)
    .where(queueWhere(scope, f))
    .limit(cap + 1)
    .as('matched');
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(matched);
  return Number(r?.n ?? 0);
}
