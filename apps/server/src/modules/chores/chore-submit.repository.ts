import { sql } from 'drizzle-orm';
import { auditInsert } from '../../platform/audit';
import type { Db, Fragment } from '../../platform/db';
import { storedAnswerInsert } from '../../platform/idempotency';
import type { Scope } from '../../platform/scope';
import { statementOnce } from '../../platform/statement-once';
import type { TaskRow } from './chores.repository';

/**
 * A captain's submission (docs/ARCHITECTURE.md#performance): `submitAtOnce`, the one statement that checks
 * and writes a submission that passes, and `submissionContext`, the read that names a refusal.
 */

/** What `submitAtOnce` writes besides what it reads: the caller, the proof and the request's own values. */
export interface SubmissionAtOnce {
  taskId: number;
  /** The scope's LIKE patterns (`Scope#likePatterns`). */
  scope: string[];
  userId: number;
  submitterName: string;
  photos: { id: number; kind: string }[];
  note: string | null;
  doneAt: Date;
  /** `doneAt`'s day in Shanghai: the chore's day must not lie after it. */
  doneDay: string;
  now: Date;
  /** Whether the proof has a before and an after photo (asked of templates with `before_after`). */
  beforeAndAfter: boolean;
  ip: string | null;
  /** The caller's Idempotency-Key, stored with the answer. */
  key: { key: string; requestHash: string } | undefined;
}

/**
 * A captain's submission that passes every check, written by one statement that also makes those checks
 * (the submission's happy path: one round trip instead of `submissionContext` and then the write). The
 * task must be in scope, held by the caller and still live, its day on or before the day of `doneAt`,
 * the proof enough photos (with before and after where asked) and every photo the caller's own; then the
 * task moves to submitted (its compare-and-set is the statement's guard, so two submissions of one task
 * cannot both pass), and the submission with its photos, look-alike flags, audit row and stored answer
 * are written. The flags name other tasks' submissions holding one of the photos itself or a look-alike
 * (perceptual hash): the photos themselves first, in the order sent, then their look-alikes by photo,
 * nearest first; each one's holders oldest first; once per photo and submission; at most 50. Returns the answer (the same
 * object `presentSubmission` makes, as stored under the key), or undefined when any check failed and
 * nothing was written: the caller then takes the read-first path, which says why.
 */
export async function submitAtOnce(
  db: Db,
  s: SubmissionAtOnce,
  photos: {
    /** The photos module's fragments over the statement's parameters (bigint, bigint[]). */
    ownAmong: (userId: Fragment, ids: Fragment) => Fragment;
    lookAlikes: (ids: Fragment) => Fragment;
  },
): Promise<unknown> {
  const n = s.photos.length;
  let write = SUBMIT_AT_ONCE.get(n);
  if (!write) {
    write = submitAtOnceStatement(n, photos.ownAmong, photos.lookAlikes);
    SUBMIT_AT_ONCE.set(n, write);
  }
  const values: Record<string, unknown> = {
    taskId: s.taskId,
    scope: s.scope,
    userId: s.userId,
    name: s.submitterName,
    note: s.note,
    // The times twice: as timestamptz for the rows and as the answer's text (one parameter has one type).
    doneAt: s.doneAt.toISOString(),
    doneAtText: s.doneAt.toISOString(),
    doneDay: s.doneDay,
    now: s.now.toISOString(),
    nowText: s.now.toISOString(),
    beforeAndAfter: s.beforeAndAfter,
    ip: s.ip,
    key: s.key?.key ?? null,
    requestHash: s.key?.requestHash ?? null,
  };
  s.photos.forEach((p, i) => {
    values[`photo${i}`] = p.id;
    values[`kind${i}`] = p.kind;
  });
  const [r] = await write(db, values);
  if (!r) return undefined;
  return typeof r.answer === 'string' ? JSON.parse(r.answer) : r.answer;
}

const SUBMIT_AT_ONCE = new Map<number, ReturnType<typeof submitAtOnceStatement>>();

function submitAtOnceStatement(
  photoCount: number,
  ownAmong: (userId: Fragment, ids: Fragment) => Fragment,
  lookAlikes: (ids: Fragment) => Fragment,
) {
  const count = sql.raw(String(photoCount));
  const p = (name: string) => sql.placeholder(name);
  const task = sql`${p('taskId')}::bigint`;
  const me = sql`${p('userId')}::bigint`;
  const now = sql`${p('now')}::timestamptz`;
  const ids = photoArray(photoCount);
  const kinds = sql`array[${sql.join(
    Array.from({ length: photoCount }, (_, i) => sql`${p(`kind${i}`)}::text`),
    sql`, `,
  )}]::text[]`;
  return statementOnce(
    `chore_submit_at_once_${photoCount}`,
    () => sql`with proof as (select * from unnest(${ids}, ${kinds}) with ordinality as x(id, kind, pos)),
             t as (
               select ct.id, ct.street_id, ct.building_id, tpl.name, tpl.points, b.name as building_name,
                      community.name as community_name
                 from chore_tasks ct
                 join chore_templates tpl on tpl.id = ct.template_id
                 join org_units b on b.id = ct.building_id
                 left join org_units community
                        on community.kind = 'community' and ct.building_path like community.path || '%'
                where ct.id = ${task} and ct.building_path like any(${p('scope')}::text[])
                  and ct.claimed_by_user_id = ${me}
                  and ((ct.status = 'claimed' and ct.claim_expires_at > ${now})
                    or (ct.status = 'rejected' and ct.due_at > ${now}))
                  and ct.occurrence <= ${p('doneDay')}::date
                  and ${count} >= tpl.min_photos
                  and (not tpl.before_after or ${p('beforeAndAfter')}::boolean)
                  and json_array_length(${ownAmong(me, ids)}) = (select count(distinct id) from proof)
                limit 1),
             moved as (
               update chore_tasks k set status = 'submitted', claim_expires_at = null from t
                where k.id = t.id and k.claimed_by_user_id = ${me}
                  and ((k.status = 'claimed' and k.claim_expires_at > ${now}) or (k.status = 'rejected' and k.due_at > ${now}))
               returning k.id),
             alike as (${lookAlikes(ids)}),
             -- The flags' order: each candidate's place (the photos, then their look-alikes), then the holder.
             candidate as (
               select id as photo_id, id as similar_id, 0 as distance, pos as ord from proof
               union all
               select a."photoId", a."similarId", a.distance,
                      ${count} + row_number() over (order by a."photoId", a.distance, a."similarId")
                 from alike a),
             hit as (
               select c.photo_id, c.similar_id, h.submission_id, h.task_id, c.distance, c.ord,
                      row_number() over (partition by c.photo_id, h.submission_id order by c.ord, h.submission_id) as nth
                 from candidate c
                 cross join lateral (
                        select s.id as submission_id, s.task_id
                          from chore_submission_photos sp join chore_submissions s on s.id = sp.submission_id
                         where sp.photo_id = c.similar_id and s.task_id <> ${task}
                        offset 0) h),
             flags as (
               select coalesce(jsonb_agg(jsonb_build_object('photoId', photo_id, 'similarPhotoId', similar_id,
                                                            'submissionId', submission_id, 'taskId', task_id,
                                                            'distance', distance) order by ord, submission_id), '[]'::jsonb) as j
                 from (select * from hit where nth = 1 order by ord, submission_id limit 50) x),
             s as (
               insert into chore_submissions (street_id, task_id, submitter_user_id, note, done_at, status, duplicate_flags, created_at)
               select t.street_id, t.id, ${me}, ${p('note')}::text, ${p('doneAt')}::timestamptz, 'pending', flags.j, ${now}
                 from t join moved on moved.id = t.id cross join flags
               returning id, street_id, duplicate_flags),
             sp as (
               insert into chore_submission_photos (submission_id, photo_id, kind, position, street_id)
               select s.id, proof.id, proof.kind, proof.pos - 1, s.street_id from s cross join proof),
             answer as (
               select s.id, s.street_id, s.duplicate_flags,
                      jsonb_build_object('id', s.id, 'taskId', t.id, 'templateName', t.name, 'points', t.points,
                                         'buildingId', t.building_id, 'buildingName', t.building_name,
                                         'communityName', t.community_name, 'submitterUserId', ${me},
                                         'submitterName', ${p('name')}::text, 'note', ${p('note')}::text,
                                         'doneAt', ${p('doneAtText')}::text, 'submittedAt', ${p('nowText')}::text,
                                         'status', 'pending', 'rejectReason', null, 'reviewedAt', null,
                                         'duplicateFlags', s.duplicate_flags) as v
                 from s cross join t),
             audited as (${auditInsert(
               sql`select street_id, ${me}, 'chore_submission.create', 'chore_submission', id::text, 'ok', ${p('ip')}::text,
                          jsonb_build_object('taskId', ${task}, 'photos', ${count}, 'duplicates', jsonb_array_length(duplicate_flags)),
                          ${now}
                     from answer`,
             )}),
             stored as (${storedAnswerInsert(
               sql`select ${me}, ${p('key')}::text, ${p('requestHash')}::text, 200, v, ${now}
                     from answer where ${p('key')}::text is not null`,
             )})
        select v as answer from answer`,
  );
}

/** The task a captain submits, as the refusal of a submission reads it. */
export interface TaskForSubmission {
  task: TaskRow;
  minPhotos: number;
  beforeAfter: boolean;
}

/** What a refused submission is judged by, from one statement (`submissionContext`). */
export interface SubmissionContext {
  /** Undefined when the task does not exist or lies outside the scope. */
  task: TaskForSubmission | undefined;
  /** What the photos module's `ownAmong` selected, for its `requireOwnRead`. */
  ownPhotos: unknown;
}

/**
 * What a submission that `submitAtOnce` did not write is judged by, in one round trip: the task in
 * `scope` (as `findTaskInScope` reads it, with its template's proof rules) and `ownPhotos`, the photos
 * module's scalar subquery of the caller's own photos among the proof. Built once and run with
 * parameters (`statementOnce`): the task, the scope's LIKE patterns (one array parameter), the caller and
 * the photos' ids, so its text is the same for every caller and the same number of photos.
 */
export async function submissionContext(
  db: Db,
  scope: Scope,
  taskId: number,
  photos: {
    userId: number;
    ids: number[];
    /** The photos module's fragment over the statement's parameters (bigint, bigint[]). */
    ownPhotos: (userId: Fragment, ids: Fragment) => Fragment;
  },
): Promise<SubmissionContext> {
  // One statement per number of photos (0–9, as the request allows), made on its first use.
  const n = photos.ids.length;
  let read = SUBMISSION_CONTEXT.get(n);
  if (!read) {
    read = submissionContextStatement(n, photos.ownPhotos);
    SUBMISSION_CONTEXT.set(n, read);
  }
  const values: Record<string, unknown> = { taskId, scope: scope.likePatterns(), userId: photos.userId };
  photos.ids.forEach((id, i) => {
    values[`photo${i}`] = id;
  });
  const [r] = await read(db, values);
  return { task: taskForSubmissionOf(r?.task), ownPhotos: r?.own ?? [] };
}

const SUBMISSION_CONTEXT = new Map<number, ReturnType<typeof submissionContextStatement>>();

function submissionContextStatement(photoCount: number, ownPhotos: (userId: Fragment, ids: Fragment) => Fragment) {
  return statementOnce(
    `chore_submission_context_${photoCount}`,
    () => sql`with t as (
               select ct.id, ct.street_id as "streetId", ct.publication_id as "publicationId",
                      ct.template_id as "templateId", ct.building_id as "buildingId", ct.building_path as "buildingPath",
                      ct.occurrence::text as occurrence, ct.due_at as "dueAt", ct.status,
                      ct.claimed_by_user_id as "claimedByUserId", ct.claimed_at as "claimedAt",
                      ct.claim_expires_at as "claimExpiresAt", ct.created_at as "createdAt",
                      tpl.min_photos as "minPhotos", tpl.before_after as "beforeAfter"
                 from chore_tasks ct
                 join chore_templates tpl on tpl.id = ct.template_id
                where ct.id = ${sql.placeholder('taskId')}::bigint and ct.building_path like any(${sql.placeholder('scope')}::text[])
                limit 1)
        select (select row_to_json(t) from t) as task,
               ${ownPhotos(sql`${sql.placeholder('userId')}::bigint`, photoArray(photoCount))} as own`,
  );
}

/**
 * The proof's photos as an array of that many parameters (`photo0` …), not one array parameter: the
 * planner then knows how many there are, and its generic plan (chosen after five runs) costs what a
 * custom one does. With one array parameter it assumed ten photos, judged the generic plan eight times
 * dearer, and planned the statement anew on every run (~1 ms of the database's time a submission in the
 * bench).
 */
function photoArray(photoCount: number): Fragment {
  return sql`array[${sql.join(
    Array.from({ length: photoCount }, (_, i) => sql`${sql.placeholder(`photo${i}`)}::bigint`),
    sql`, `,
  )}]::bigint[]`;
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
    minPhotos: num(j.minPhotos),
    beforeAfter: Boolean(j.beforeAfter),
  };
}
