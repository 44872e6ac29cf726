import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { distinctJpeg, uploadPhoto } from '../../../test/chore-fixtures';
import { besidesSession, statementsSent } from '../../../test/statements';
import { rows } from '../../platform/db';
import { insertPhoto } from '../photos/photos.repository';
import {
  a,
  b2,
  beforeAfter,
  call,
  claim,
  cookies,
  count,
  HOUR,
  ids,
  key,
  submit,
  t,
  taskFor,
  template,
  useChoresFixture,
  user,
} from './chores-fixture';

/** Claiming and submitting chore tasks: one claimant, daily limits, expiry, photos and their duplicates. */
useChoresFixture();

describe('claiming', () => {
  it('lets only a captain of the building claim, once', async () => {
    const tpl = await template();
    const taskId = await taskFor(tpl.id, a.estate.id, a.building.id);
    expect((await claim(taskId, 'cap2')).statusCode).toBe(404);
    expect((await claim(taskId, 'street')).statusCode).toBe(404);
    const ok = await claim(taskId);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'claimed', claimedByMe: true });
    const again = await claim(taskId, 'cap1b');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CHORE_TASK_TAKEN');
    const mine = await call('GET', '/api/v1/chores/tasks?view=mine', 'cap1');
    expect(mine.json().items.map((x: { id: number }) => x.id)).toContain(taskId);
    const taken = await call('GET', '/api/v1/chores/tasks?view=claimed', 'cap1b');
    expect(taken.json().items.find((x: { id: number }) => x.id === taskId)).toMatchObject({ claimedByMe: false });
    expect(
      (await call('GET', '/api/v1/chores/tasks?view=open', 'cap1b')).json().items.map((x: { id: number }) => x.id),
    ).not.toContain(taskId);
    const open2 = await call('GET', '/api/v1/chores/tasks?view=open', 'cap2');
    expect(open2.json().items.every((x: { buildingId: number }) => x.buildingId === b2.id)).toBe(true);
  });

  it('gives a task to exactly one of several captains claiming at once', async () => {
    const tpl = await template();
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    const results = await Promise.all(['cap1', 'cap1b', 'capStaff', 'cap1', 'cap1b'].map((w) => claim(taskId, w)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(4);
  });

  it('holds the daily limit per building under concurrent claims', async () => {
    const tpl = await template({ dailyLimitPerBuilding: 1 });
    const t1 = await taskFor(tpl.id, a.building.id, a.building.id);
    const t2 = await taskFor(tpl.id, a.building.id, a.building.id);
    const t3 = await taskFor(tpl.id, a.building.id, a.building.id);
    const results = await Promise.all([claim(t1, 'cap1'), claim(t2, 'cap1b'), claim(t3, 'capStaff')]);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.json().error?.code === 'CHORE_DAILY_LIMIT')).toHaveLength(2);
    expect(
      await count(sql`select count(*)::int as n from chore_tasks where template_id = ${tpl.id} and status = 'claimed'`),
    ).toBe(1);
  });

  it('replays a retried claim with the same Idempotency-Key and refuses the key for another task', async () => {
    const tpl = await template();
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    const k = key();
    const first = await claim(taskId, 'cap1', k);
    const retry = await claim(taskId, 'cap1', k);
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(
      await count(
        sql`select count(*)::int as n from audit_log where action = 'chore_task.claim' and object_id = ${String(taskId)}`,
      ),
    ).toBe(1);
    const otherTask = await taskFor(tpl.id, a.building.id, a.building.id);
    expect((await claim(otherTask, 'cap1', k)).json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('expires a claim not submitted in time, once, even when the job runs concurrently', async () => {
    const tpl = await template({ claimTtlHours: 2, dailyLimitPerBuilding: 1 });
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    expect((await claim(taskId)).statusCode).toBe(200);
    t.clock.advance(HOUR);
    await t.services.chores.expireClaims(t.clock.now());
    expect((await claim(taskId, 'cap1b')).statusCode).toBe(409);
    t.clock.advance(HOUR + 1000);
    const late = await submit(taskId, await beforeAfter());
    expect(late.json().error.code).toBe('CHORE_NOT_SUBMITTABLE');
    const runs = await Promise.all([
      t.services.chores.expireClaims(t.clock.now()),
      t.services.chores.expireClaims(t.clock.now()),
      t.jobs.runOnce('chores.expire-claims'),
    ]);
    expect(runs.reduce((n: number, r) => n + (r as { expired: number }).expired, 0)).toBe(1);
    expect(
      await count(
        sql`select count(*)::int as n from audit_log where action = 'chore_task.claim_expired' and object_id = ${String(taskId)}`,
      ),
    ).toBe(1);
    // Open again, and the lapsed claim no longer counts against the daily limit.
    const reclaimed = await claim(taskId, 'cap1b');
    expect(reclaimed.statusCode, reclaimed.body).toBe(200);
    t.clock.advance(-2 * HOUR - 1000);
  });
});

describe('submitting', () => {
  it('asks for enough photos, before and after, all of them the captain’s own', async () => {
    const tpl = await template({ minPhotos: 3, beforeAfter: true });
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(taskId);
    const [before, after] = await beforeAfter();
    const extra = { id: await uploadPhoto(t.app, cookies.cap1 as string), kind: 'after' };
    expect((await submit(taskId, [before!, after!])).json().error.code).toBe('CHORE_TOO_FEW_PHOTOS');
    expect((await submit(taskId, [{ ...before!, kind: 'after' }, after!, extra])).json().error.code).toBe(
      'CHORE_BEFORE_AFTER_REQUIRED',
    );
    const foreign = { id: await uploadPhoto(t.app, cookies.cap1b as string), kind: 'other' };
    const notMine = await submit(taskId, [before!, after!, foreign]);
    expect(notMine.statusCode).toBe(400);
    expect(notMine.json().error.fields[0].path).toBe('photoIds');
    expect((await submit(taskId, [before!, after!, extra], 'cap1b')).json().error.code).toBe('CHORE_NOT_SUBMITTABLE');
    expect(await count(sql`select count(*)::int as n from chore_submissions where task_id = ${taskId}`)).toBe(0);
    const ok = await submit(taskId, [before!, after!, extra]);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'pending', duplicateFlags: [] });
    expect((await submit(taskId, [before!, after!, extra])).json().error.code).toBe('CHORE_NOT_SUBMITTABLE');
  });

  it('finds a task to submit only in the caller’s scope, with one statement text for any caller', async () => {
    const tpl = await template({ minPhotos: 1, beforeAfter: false });
    // Callers whose scopes have one path and two: the read's text must not depend on it.
    await user('capBoth', [
      { role: 'captain', unit: a.building },
      { role: 'captain', unit: b2 },
    ]);
    const reads: (string | undefined)[] = [];
    const submitAs = async (taskId: number, who: string) => {
      const photo = { id: await uploadPhoto(t.app, cookies[who] as string), kind: 'other' };
      const { value, sent } = await statementsSent(t.database, () => submit(taskId, [photo], who, key()));
      // The submission's statement, sent first for every submission (passing or not).
      reads.push(besidesSession(sent).find((q) => q.startsWith('with proof as (')));
      return value;
    };
    const first = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(first);
    // A captain of another building (b2) does not see the task: not found, not "not submittable".
    const outside = await submitAs(first, 'cap2');
    expect(outside.statusCode, outside.body).toBe(404);
    const mine = await submitAs(first, 'cap1');
    expect(mine.statusCode, mine.body).toBe(201);
    const second = await taskFor(tpl.id, a.building.id, a.building.id);
    expect((await claim(second, 'capBoth')).statusCode).toBe(200);
    const both = await submitAs(second, 'capBoth');
    expect(both.statusCode, both.body).toBe(201);
    expect(reads[0]).toBeDefined();
    expect(new Set(reads).size).toBe(1);
  });

  it('stores a retried submission once', async () => {
    const tpl = await template();
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(taskId);
    const photos = await beforeAfter();
    const k = key();
    const [r1, r2] = [await submit(taskId, photos, 'cap1', k), await submit(taskId, photos, 'cap1', k)];
    expect(r1.statusCode).toBe(201);
    expect(r2.json().id).toBe(r1.json().id);
    expect(await count(sql`select count(*)::int as n from chore_submissions where task_id = ${taskId}`)).toBe(1);
  });

  it('flags a photo that looks like one of an earlier submission, naming it', async () => {
    const tpl = await template({ minPhotos: 1, beforeAfter: false });
    const bytes = await distinctJpeg(424242);
    const t1 = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(t1);
    const first = await submit(t1, [{ id: await uploadPhoto(t.app, cookies.cap1 as string, bytes) }]);
    expect(first.json().duplicateFlags).toEqual([]);
    const t2 = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(t2);
    const reused = await uploadPhoto(t.app, cookies.cap1 as string, bytes);
    const fresh = await uploadPhoto(t.app, cookies.cap1 as string);
    const second = await submit(t2, [{ id: reused }, { id: fresh }]);
    expect(second.statusCode, second.body).toBe(201);
    const flags = second.json().duplicateFlags;
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ photoId: reused, submissionId: first.json().id, taskId: t1 });
    const detail = await call('GET', `/api/v1/chores/submissions/${second.json().id}`, 'street');
    expect(detail.json().duplicateFlags[0].submissionId).toBe(first.json().id);
    expect(detail.json().photos.map((p: { thumbUrl: string }) => p.thumbUrl)).toEqual([
      `/api/v1/photos/${reused}?thumb=1`,
      `/api/v1/photos/${fresh}?thumb=1`,
    ]);
  });

  it('flags the photo itself and its look-alikes held by other tasks’ submissions, the photos first', async () => {
    const tpl = await template({ minPhotos: 1, beforeAfter: false });
    // Hashes at known distances from BASE (bits flipped here, counted here, never read from the check).
    const BASE = 0x5a3c_e1f0_9b26_47d8n;
    const h1 = BASE;
    const h4 = BASE ^ (1n << 60n) ^ (1n << 20n);
    const h2 = BASE ^ (1n << 40n);
    const bits = (x: bigint, y: bigint) => [...(x ^ y).toString(2)].filter((c) => c === '1').length;
    expect([bits(h2, h1), bits(h4, h1), bits(h2, h4)]).toEqual([1, 2, 3]);
    let n = 0;
    const photo = async (h: bigint) =>
      (
        await insertPhoto(t.database.db, {
          streetId: a.street.id,
          uploaderUserId: ids.cap1 as number,
          sha256: `claims-dup-${Date.now()}-${n++}`,
          phash: h.toString(16).padStart(16, '0'),
          width: 10,
          height: 10,
          bytes: 1,
          createdAt: t.clock.now(),
        })
      ).id;
    const submitOn = async (photoIds: number[]) => {
      const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
      expect((await claim(taskId)).statusCode).toBe(200);
      const res = await submit(
        taskId,
        photoIds.map((id) => ({ id })),
      );
      expect(res.statusCode, res.body).toBe(201);
      return { taskId, id: res.json().id as number, flags: res.json().duplicateFlags };
    };
    const p1 = await photo(h1);
    const s1 = await submitOn([p1]);
    expect(s1.flags).toEqual([]);
    const p4 = await photo(h4);
    const s3 = await submitOn([p4]);
    expect(s3.flags).toEqual([
      { photoId: p4, similarPhotoId: p1, submissionId: s1.id, taskId: s1.taskId, distance: 2 },
    ]);
    const p2 = await photo(h2);
    const s2 = await submitOn([p2, p1]);
    // p1 itself (held by s1); then p2's earlier look-alikes, nearest first: p1 (s1), p4 (s3). p1 has none earlier.
    expect(s2.flags).toEqual([
      { photoId: p1, similarPhotoId: p1, submissionId: s1.id, taskId: s1.taskId, distance: 0 },
      { photoId: p2, similarPhotoId: p1, submissionId: s1.id, taskId: s1.taskId, distance: 1 },
      { photoId: p2, similarPhotoId: p4, submissionId: s3.id, taskId: s3.taskId, distance: 3 },
    ]);
    const detail = await call('GET', `/api/v1/chores/submissions/${s2.id}`, 'street');
    expect(detail.json().duplicateFlags).toEqual(s2.flags);
  });

  it('checks, flags and writes a passing submission in one statement, and reads once to name a refusal', async () => {
    const tpl = await template({ minPhotos: 1, beforeAfter: false });
    const bytes = await distinctJpeg(515151);
    const earlier = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(earlier);
    const first = await submit(earlier, [{ id: await uploadPhoto(t.app, cookies.cap1 as string, bytes) }]);
    expect(first.statusCode, first.body).toBe(201);
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(taskId);
    const photos = [
      { id: await uploadPhoto(t.app, cookies.cap1 as string, bytes), kind: 'before' },
      { id: await uploadPhoto(t.app, cookies.cap1 as string), kind: 'after' },
    ];
    // The session's own lookup is left out (cached on PostgreSQL, read on every request on PGlite).
    const { value: res, sent: all } = await statementsSent(t.database, () => submit(taskId, photos, 'cap1', key()));
    const sent = besidesSession(all);
    expect(res.statusCode, res.body).toBe(201);
    // The look-alike of the earlier submission's photo was found and flagged by that one statement.
    expect(res.json().duplicateFlags).toMatchObject([{ photoId: photos[0]?.id, submissionId: first.json().id }]);
    expect(sent, sent.join('\n')).toHaveLength(1);
    expect(sent[0]).toMatch(/^with proof as \(/);
    expect(sent[0]).toMatch(/insert into chore_submissions /);
    expect(sent[0]).toMatch(/insert into idempotency_keys /);
    // Submitted again (no key): the statement writes nothing, and one read names why.
    const again = await statementsSent(t.database, () => submit(taskId, photos, 'cap1'));
    expect(again.value.json().error.code).toBe('CHORE_NOT_SUBMITTABLE');
    const refusal = besidesSession(again.sent);
    expect(refusal, refusal.join('\n')).toHaveLength(2);
    expect(refusal[1]).toMatch(/^with t as \(/);
    expect(await count(sql`select count(*)::int as n from chore_submissions where task_id = ${taskId}`)).toBe(1);
  });

  it('takes a chore that asks for no photo without one, and one that asks for one only with it', async () => {
    const none = await template({ minPhotos: 0, beforeAfter: false });
    const taskId = await taskFor(none.id, a.building.id, a.building.id);
    await claim(taskId);
    const res = await submit(taskId, [], 'cap1', key());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ taskId, status: 'pending', duplicateFlags: [] });
    const one = await template({ minPhotos: 1, beforeAfter: false });
    const other = await taskFor(one.id, a.building.id, a.building.id);
    await claim(other);
    expect((await submit(other, [], 'cap1', key())).json().error.code).toBe('CHORE_TOO_FEW_PHOTOS');
  });

  it('takes the time the chore was done from the start of its day until a few minutes ahead of now', async () => {
    const tpl = await template({ minPhotos: 1, beforeAfter: false });
    const taskId = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(taskId);
    const [task] = await rows<{ occurrence: string }>(
      t.database.db,
      sql`select occurrence::text as occurrence from chore_tasks where id = ${taskId}`,
    );
    // The chore's day starts at midnight in Shanghai (UTC+8); a phone's clock may run 5 minutes ahead.
    const dayStart = new Date(`${task?.occurrence}T00:00:00+08:00`);
    const aheadLimit = new Date(t.clock.now().getTime() + 5 * 60_000);
    const withDoneAt = async (doneAt: Date) =>
      submit(taskId, [{ id: await uploadPhoto(t.app, cookies.cap1 as string) }], 'cap1', key(), {
        doneAt: doneAt.toISOString(),
      });
    for (const wrong of [new Date(dayStart.getTime() - 1), new Date(aheadLimit.getTime() + 1)]) {
      const res = await withDoneAt(wrong);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'doneAt' }] });
    }
    expect(await count(sql`select count(*)::int as n from chore_submissions where task_id = ${taskId}`)).toBe(0);
    const ok = await withDoneAt(dayStart);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().doneAt).toBe(dayStart.toISOString());
    const other = await taskFor(tpl.id, a.building.id, a.building.id);
    await claim(other);
    const ahead = await submit(other, [{ id: await uploadPhoto(t.app, cookies.cap1 as string) }], 'cap1', key(), {
      doneAt: aheadLimit.toISOString(),
    });
    expect(ahead.statusCode, ahead.body).toBe(201);
  });
});
