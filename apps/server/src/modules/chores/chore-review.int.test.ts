import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { login } from '../../../test/harness';
import { ledgerViolations } from '../../../test/ledger';
import { besidesSession, statementsSent } from '../../../test/statements';
import { choreSubmissions } from '../../db/schema';
import { submissionForReview, submissionQuery } from './chore-submissions.repository';
import {
  a,
  beforeAfter,
  call,
  claim,
  cookies,
  count,
  HOUR,
  key,
  other,
  phones,
  submit,
  submitted,
  t,
  taskFor,
  template,
  useChoresFixture,
} from './chores-fixture';

/** Reviewing chore submissions: rejection, delegation to the community, approval crediting points once. */
useChoresFixture();

describe('reviewing', () => {
  it('rejects with a reason, and the captain resubmits', async () => {
    const tpl = await template();
    const { taskId, submissionId } = await submitted(tpl.id);
    expect(
      (await call('POST', `/api/v1/chores/submissions/${submissionId}/reject`, 'street', { reason: '' })).statusCode,
    ).toBe(400);
    const rej = await call('POST', `/api/v1/chores/submissions/${submissionId}/reject`, 'street', {
      reason: '照片模糊，请重拍',
    });
    expect(rej.statusCode, rej.body).toBe(200);
    expect(rej.json()).toMatchObject({ status: 'rejected', rejectReason: '照片模糊，请重拍' });
    const tasks = await call('GET', '/api/v1/chores/tasks?view=mine', 'cap1');
    // The captain's card says why: the reviewer's words, on the task itself.
    expect(tasks.json().items.find((x: { id: number }) => x.id === taskId)).toMatchObject({
      status: 'rejected',
      rejectReason: '照片模糊，请重拍',
    });
    const again = await submit(taskId, await beforeAfter());
    expect(again.statusCode, again.body).toBe(201);
    const pendingAgain = await call('GET', '/api/v1/chores/tasks?view=mine', 'cap1');
    expect(pendingAgain.json().items.find((x: { id: number }) => x.id === taskId).rejectReason).toBeNull();
    expect(again.json().status).toBe('pending');
    const mine = await call('GET', '/api/v1/chores/submissions/mine', 'cap1');
    const statuses = mine
      .json()
      .items.filter((x: { taskId: number }) => x.taskId === taskId)
      .map((x: { status: string }) => x.status);
    expect(statuses).toEqual(['pending', 'rejected']);
    expect(
      (await call('POST', `/api/v1/chores/submissions/${submissionId}/reject`, 'street', { reason: '再次退回' })).json()
        .error.code,
    ).toBe('CHORE_ALREADY_REVIEWED');
    // Once the chore falls due, a rejected one can no longer be redone.
    const late = await submitted(tpl.id);
    await call('POST', `/api/v1/chores/submissions/${late.submissionId}/reject`, 'street', { reason: '照片模糊' });
    const photos = await beforeAfter();
    t.clock.advance(8 * 24 * HOUR);
    cookies.cap1Later = await login(t.app, phones.cap1 as string); // the old session has idled out
    expect((await submit(late.taskId, photos, 'cap1Later')).json().error.code).toBe('CHORE_NOT_SUBMITTABLE');
    t.clock.advance(-8 * 24 * HOUR);
  });

  it('shows the queue to the street, to community staff only when the street delegates, never to another street', async () => {
    const tpl = await template();
    const { submissionId } = await submitted(tpl.id);
    const queue = await call('GET', `/api/v1/chores/review-queue?communityId=${a.community.id}`, 'street');
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().items.map((x: { id: number }) => x.id)).toContain(submissionId);
    expect((await call('GET', '/api/v1/chores/review-queue', 'community')).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/chores/review-queue', 'otherStreet')).json().items).toEqual([]);
    expect((await call('GET', `/api/v1/chores/submissions/${submissionId}`, 'otherStreet')).statusCode).toBe(404);
    expect(
      (await call('GET', `/api/v1/chores/review-queue?communityId=${other.community.id}`, 'street')).statusCode,
    ).toBe(404);
    expect((await call('PUT', '/api/v1/chores/settings', 'community', { communityMayReview: true })).statusCode).toBe(
      403,
    );
    expect((await call('PUT', '/api/v1/chores/settings', 'street', { communityMayReview: true })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/chores/settings', 'community')).json()).toEqual({
      streetId: a.street.id,
      communityMayReview: true,
    });
    const delegated = await call('GET', '/api/v1/chores/review-queue', 'community');
    expect(delegated.json().items.map((x: { id: number }) => x.id)).toContain(submissionId);
    const rej = await call('POST', `/api/v1/chores/submissions/${submissionId}/reject`, 'community', {
      reason: '未见清扫后照片',
    });
    expect(rej.statusCode).toBe(200);
    await call('PUT', '/api/v1/chores/settings', 'street', { communityMayReview: false });
  });

  it('refuses to let a reviewer review their own submission', async () => {
    const tpl = await template();
    const { submissionId } = await submitted(tpl.id, 'capStaff');
    const res = await call('POST', `/api/v1/chores/submissions/${submissionId}/reject`, 'capStaff', { reason: '自审' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('REVIEWER_IS_SUBMITTER');
    expect(
      await count(
        sql`select count(*)::int as n from chore_submissions where id = ${submissionId} and status = 'pending'`,
      ),
    ).toBe(1);
  });

  it('rejects in batch with per-item results', async () => {
    const tpl = await template();
    const s1 = await submitted(tpl.id);
    const s2 = await submitted(tpl.id, 'capStaff');
    const res = await call('POST', '/api/v1/chores/submissions/batch-review', 'capStaff', {
      decision: 'reject',
      reason: '照片不清楚',
      submissionIds: [s1.submissionId, s2.submissionId, 99999999],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results).toEqual([
      { submissionId: s1.submissionId, ok: true, status: 'rejected', error: null },
      {
        submissionId: s2.submissionId,
        ok: false,
        status: null,
        error: expect.objectContaining({ code: 'REVIEWER_IS_SUBMITTER' }),
      },
      { submissionId: 99999999, ok: false, status: null, error: expect.objectContaining({ code: 'NOT_FOUND' }) },
    ]);
    expect(
      (
        await call('POST', '/api/v1/chores/submissions/batch-review', 'street', {
          decision: 'reject',
          submissionIds: [s2.submissionId],
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe('approval and points', () => {
  const balance = async (who = 'cap1') => {
    const res = await call('GET', '/api/v1/points/me', who);
    return res.statusCode === 200 ? (res.json().balance as number) : 0;
  };
  const entries = (submissionId: number) =>
    count(sql`select count(*)::int as n from point_entries where cause_key = ${`chore_submission:${submissionId}`}`);

  it('credits the template’s points on approval, in the captain’s history, exactly once', async () => {
    const tpl = await template({ points: 10 });
    const { taskId, submissionId } = await submitted(tpl.id);
    const before = await balance();
    const res = await call('POST', `/api/v1/chores/submissions/${submissionId}/approve`, 'street');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', points: 10 });
    expect(await balance()).toBe(before + 10);
    const history = (await call('GET', '/api/v1/points/me', 'cap1')).json().items;
    expect(JSON.stringify(history)).toContain(a.building.name);
    const again = await call('POST', `/api/v1/chores/submissions/${submissionId}/approve`, 'street2');
    expect(again.json().error.code).toBe('CHORE_ALREADY_REVIEWED');
    expect(await balance()).toBe(before + 10);
    expect(await entries(submissionId)).toBe(1);
    const tasks = await call('GET', '/api/v1/chores/tasks?view=mine', 'cap1');
    expect(tasks.json().items.find((x: { id: number }) => x.id === taskId).status).toBe('approved');
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });

  it('credits once when two reviewers approve the same submission at the same moment', async () => {
    const tpl = await template({ points: 7 });
    const { submissionId } = await submitted(tpl.id);
    const before = await balance();
    const results = await Promise.all(
      ['street', 'street2', 'street', 'street2'].map((w) =>
        call('POST', `/api/v1/chores/submissions/${submissionId}/approve`, w, undefined, key()),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.json().error?.code === 'CHORE_ALREADY_REVIEWED')).toHaveLength(3);
    expect(await balance()).toBe(before + 7);
    expect(await entries(submissionId)).toBe(1);
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });

  it('replays a retried approval with the same Idempotency-Key without crediting again', async () => {
    const tpl = await template({ points: 5 });
    const { submissionId } = await submitted(tpl.id);
    const before = await balance();
    const k = key();
    const [r1, r2] = await Promise.all([
      call('POST', `/api/v1/chores/submissions/${submissionId}/approve`, 'street', undefined, k),
      call('POST', `/api/v1/chores/submissions/${submissionId}/approve`, 'street', undefined, k),
    ]);
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    expect(r2.json()).toEqual(r1.json());
    expect(await balance()).toBe(before + 5);
    expect(
      await count(
        sql`select count(*)::int as n from audit_log where action = 'chore_submission.approve' and object_id = ${String(submissionId)}`,
      ),
    ).toBe(1);
  });

  it('approves with one read and one write, and answers a retry from that read', async () => {
    // The submission's read carries the ledger's accounts and the key's stored answer (docs/ARCHITECTURE.md,
    // "Round trips of the hot paths"). The session's own lookup is left out (cached on PostgreSQL only).
    const tpl = await template({ points: 4 });
    const first = await submitted(tpl.id);
    // The captain's first credit makes their account (more statements, once): not measured.
    await call('POST', `/api/v1/chores/submissions/${first.submissionId}/approve`, 'street', undefined, key());
    const { submissionId } = await submitted(tpl.id);
    const before = await balance();
    const k = key();
    const url = `/api/v1/chores/submissions/${submissionId}/approve`;
    const approved = await statementsSent(t.database, () => call('POST', url, 'street', undefined, k));
    expect(approved.value.statusCode, approved.value.body).toBe(200);
    expect(besidesSession(approved.sent)).toHaveLength(2);
    const retry = await statementsSent(t.database, () => call('POST', url, 'street', undefined, k));
    expect(retry.value.json()).toEqual(approved.value.json());
    expect(besidesSession(retry.sent)).toHaveLength(1);
    expect(await balance()).toBe(before + 4);
    expect(await entries(submissionId)).toBe(1);
  });

  it('reads a submission for review, prepared once, as the query builder reads it', async () => {
    // submissionForReview builds its statement once and runs it with parameters; its answer must be the
    // builder's own (nested objects and left joins included), before and after review, with a key or not.
    const tpl = await template();
    const { submissionId } = await submitted(tpl.id);
    const db = t.database.db;
    const read = async () => (await submissionQuery(db).where(eq(choreSubmissions.id, submissionId)))[0];
    const ledger = () => sql`null::json`;
    const probe = (lookup?: { userId: number; key: string }) => ({ lookup, seen: () => {} });
    const forReview = async (lookup?: { userId: number; key: string }) => {
      const row = await submissionForReview(db, submissionId, { ledger, stored: probe(lookup) });
      if (!row) throw new Error('submission not found');
      const { ledger: _l, stored, ...rest } = row;
      return { rest, stored };
    };
    const pending = await forReview();
    expect(pending.rest).toEqual(await read());
    expect(pending.rest).toMatchObject({ s: { id: submissionId, status: 'pending' }, reviewerName: null });
    expect(pending.rest.s?.createdAt).toBeInstanceOf(Date);
    const k = key();
    const res = await call('POST', `/api/v1/chores/submissions/${submissionId}/approve`, 'street', undefined, k);
    const reviewer = (await count(
      sql`select reviewer_user_id::int as n from chore_submissions where id = ${submissionId}`,
    )) as number;
    const approved = await forReview({ userId: reviewer, key: k });
    expect(approved.rest).toEqual(await read());
    expect(approved.rest.s?.status).toBe('approved');
    expect(approved.rest.reviewerName).toEqual(expect.any(String));
    // The reviewer's stored answer under that key, and none under another key.
    const stored = typeof approved.stored === 'string' ? JSON.parse(approved.stored) : approved.stored;
    expect(stored.response).toEqual(res.json());
    expect((await forReview({ userId: reviewer, key: 'another-key-1' })).stored).toBeNull();
  });

  it('decides once when an approval and a rejection race, crediting only an approval', async () => {
    for (let round = 0; round < 3; round++) {
      const tpl = await template({ points: 3 });
      const { submissionId } = await submitted(tpl.id);
      const before = await balance();
      const [approve, reject] = await Promise.all([
        call('POST', `/api/v1/chores/submissions/${submissionId}/approve`, 'street', undefined, key()),
        call('POST', `/api/v1/chores/submissions/${submissionId}/reject`, 'street2', { reason: '照片不清楚' }, key()),
      ]);
      expect([approve.statusCode, reject.statusCode].filter((c) => c === 200)).toHaveLength(1);
      const loser = approve.statusCode === 200 ? reject : approve;
      expect(loser.json().error.code).toBe('CHORE_ALREADY_REVIEWED');
      const approved = approve.statusCode === 200;
      expect(await balance()).toBe(before + (approved ? 3 : 0));
      expect(await entries(submissionId)).toBe(approved ? 1 : 0);
      expect(
        await count(
          sql`select count(*)::int as n from audit_log where object_type = 'chore_submission' and object_id = ${String(submissionId)}
                and action in ('chore_submission.approve', 'chore_submission.reject')`,
        ),
      ).toBe(1);
    }
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });

  it('answers an approval and a submission with what reading them back returns', async () => {
    const tpl = await template({ points: 4 });
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    expect((await claim(taskId)).statusCode).toBe(200);
    const sub = await submit(taskId, await beforeAfter(), 'cap1', key());
    expect(sub.statusCode, sub.body).toBe(201);
    const id = sub.json().id as number;
    const {
      photos: _p,
      reviewerName: _r,
      ...readSubmitted
    } = (await call('GET', `/api/v1/chores/submissions/${id}`, 'cap1')).json();
    expect(sub.json()).toEqual(readSubmitted);
    const ok = await call('POST', `/api/v1/chores/submissions/${id}/approve`, 'street', undefined, key());
    expect(ok.statusCode, ok.body).toBe(200);
    const {
      photos: _q,
      reviewerName,
      ...readApproved
    } = (await call('GET', `/api/v1/chores/submissions/${id}`, 'cap1')).json();
    expect(ok.json()).toEqual(readApproved);
    expect(reviewerName).toBeTruthy();
    // Its rows: the task approved, one balanced entry, the captain told (inbox and SMS), one audit row.
    expect(
      await count(
        sql`select ((select count(*) from chore_tasks where id = ${taskId} and status = 'approved')
                  + (select count(*) from notifications where source_key = ${`chore_submission:${id}:approve`})
                  + (select count(*) from notification_outbox where source_key = ${`chore_submission:${id}:approve`})
                  + (select count(*) from audit_log where action = 'chore_submission.approve' and object_id = ${String(id)}))::int as n`,
      ),
    ).toBe(4);
    expect(await entries(id)).toBe(1);
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });

  it('stores a submission once when its retries arrive together', async () => {
    const tpl = await template({ points: 2 });
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    expect((await claim(taskId)).statusCode).toBe(200);
    const photos = await beforeAfter();
    const k = key();
    const all = await Promise.all(Array.from({ length: 6 }, () => submit(taskId, photos, 'cap1', k)));
    expect(all.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(all.map((r) => r.json().id)).size).toBe(1);
    expect(await count(sql`select count(*)::int as n from chore_submissions where task_id = ${taskId}`)).toBe(1);
    // Two different keys at once: one submission, the other refused.
    const tpl2 = await template({ points: 2 });
    const task2 = await taskFor(tpl2.id, a.building.id, a.building.id);
    expect((await claim(task2)).statusCode).toBe(200);
    const photos2 = await beforeAfter();
    const two = await Promise.all([submit(task2, photos2, 'cap1', key()), submit(task2, photos2, 'cap1', key())]);
    expect(two.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await count(sql`select count(*)::int as n from chore_submissions where task_id = ${task2}`)).toBe(1);
  });

  it('never lets a reviewer approve their own submission, alone or in a batch', async () => {
    const tpl = await template({ points: 10 });
    const own = await submitted(tpl.id, 'capStaff');
    const res = await call('POST', `/api/v1/chores/submissions/${own.submissionId}/approve`, 'capStaff');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('REVIEWER_IS_SUBMITTER');
    const s1 = await submitted(tpl.id);
    const before = await balance();
    const batch = await call(
      'POST',
      '/api/v1/chores/submissions/batch-review',
      'capStaff',
      { decision: 'approve', submissionIds: [own.submissionId, s1.submissionId] },
      key(),
    );
    expect(batch.json().results.map((r: { ok: boolean }) => r.ok)).toEqual([false, true]);
    expect(batch.json().results[0].error.code).toBe('REVIEWER_IS_SUBMITTER');
    expect(await balance()).toBe(before + 10);
    expect(await entries(own.submissionId)).toBe(0);
    expect(await balance('capStaff')).toBe(0);
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });
});
