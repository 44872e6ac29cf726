import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distinctJpeg, uploadPhoto } from '../../../test/chore-fixtures';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { ledgerViolations } from '../../../test/ledger';
import { rows } from '../../platform/db';

let t: TestApp;
let a: Tree;
let b2: Tree['building'];
let other: Tree;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
const phones: Record<string, string> = {};

const HOUR = 3_600_000;
let keySeq = 0;
const key = () => `test-key-${Date.now()}-${++keySeq}`;

type Json = Record<string, unknown>;
function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, who: string, body?: unknown, idem?: string) {
  return t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who] as string, ...(idem ? { 'idempotency-key': idem } : {}) },
    ...(body === undefined ? {} : { payload: body as Json }),
  });
}

async function user(name: string, roles: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(t.database.db, t.cipher, roles, name);
  ids[name] = u.id;
  phones[name] = u.phone;
  cookies[name] = await login(t.app, u.phone);
}

async function template(body: Json = {}) {
  const res = await call('POST', '/api/v1/chore-templates', 'street', {
    name: `扫楼梯-${++keySeq}`,
    category: 'cleaning',
    points: 10,
    minPhotos: 2,
    beforeAfter: true,
    claimTtlHours: 24,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; points: number };
}

/** Publishes once to `orgUnitId` and returns the task of `buildingId`. */
async function taskFor(templateId: number, orgUnitId: number, buildingId: number): Promise<number> {
  const res = await call('POST', '/api/v1/chore-publications', 'community', {
    templateId,
    orgUnitId,
    recurrence: 'once',
    startsOn: '2026-11-02',
  });
  expect(res.statusCode, res.body).toBe(201);
  const [task] = await rows<{ id: number }>(
    t.database.db,
    sql`select id from chore_tasks where publication_id = ${res.json().id} and building_id = ${buildingId}`,
  );
  return task?.id as number;
}

const claim = (taskId: number, who = 'cap1', idem?: string) =>
  call('POST', `/api/v1/chores/tasks/${taskId}/claim`, who, undefined, idem);
const submit = (
  taskId: number,
  photos: { id: number; kind?: string }[],
  who = 'cap1',
  idem?: string,
  extra: Json = {},
) => call('POST', `/api/v1/chores/tasks/${taskId}/submissions`, who, { photos, note: '已清扫', ...extra }, idem);
async function beforeAfter(who = 'cap1') {
  return [
    { id: await uploadPhoto(t.app, cookies[who] as string), kind: 'before' },
    { id: await uploadPhoto(t.app, cookies[who] as string), kind: 'after' },
  ];
}
/** A claimed and submitted task of building 1, returning the submission id. */
async function submitted(templateId: number, who = 'cap1'): Promise<{ taskId: number; submissionId: number }> {
  const taskId = await taskFor(templateId, a.building.id, a.building.id);
  expect((await claim(taskId, who)).statusCode).toBe(200);
  const res = await submit(taskId, await beforeAfter(who), who);
  expect(res.statusCode, res.body).toBe(201);
  return { taskId, submissionId: res.json().id };
}
const count = async (q: ReturnType<typeof sql>) => (await rows<{ n: number }>(t.database.db, q))[0]?.n ?? 0;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  b2 = await child(db, a.estate, 'building', `二号楼-${Date.now()}`);
  other = await buildTree(db, { city: a.city, district: a.district });
  await user('street', [{ role: 'street_staff', unit: a.street }]);
  await user('street2', [{ role: 'street_staff', unit: a.street }]);
  await user('community', [{ role: 'community_staff', unit: a.community }]);
  await user('otherStreet', [{ role: 'street_staff', unit: other.street }]);
  await user('cap1', [{ role: 'captain', unit: a.building }]);
  await user('cap1b', [{ role: 'captain', unit: a.building }]);
  await user('cap2', [{ role: 'captain', unit: b2 }]);
  // A street staffer who is also a captain of building 1: may not approve their own work.
  await user('capStaff', [
    { role: 'captain', unit: a.building },
    { role: 'street_staff', unit: a.street },
  ]);
});
afterAll(() => t.close());

describe('chore templates', () => {
  it('are described in the OpenAPI document with every chores endpoint', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of [
      '/api/v1/chore-templates',
      '/api/v1/chore-publications',
      '/api/v1/chores/tasks/{id}/claim',
      '/api/v1/chores/tasks/{id}/submissions',
      '/api/v1/chores/review-queue',
      '/api/v1/chores/submissions/batch-review',
      '/api/v1/captains',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('lets street staff create and change templates of their street, and nobody else', async () => {
    const tpl = await template({ name: '洗楼梯', points: 10 });
    expect(
      (
        await call('POST', '/api/v1/chore-templates', 'street', { name: '洗楼梯', category: 'cleaning', points: 5 })
      ).json().error.code,
    ).toBe('CONFLICT');
    const byCommunity = await call('POST', '/api/v1/chore-templates', 'community', {
      name: 'x',
      category: 'cleaning',
      points: 5,
    });
    expect(byCommunity.statusCode).toBe(403);
    const patched = await call('PATCH', `/api/v1/chore-templates/${tpl.id}`, 'street', { points: 12 });
    expect(patched.json()).toMatchObject({ points: 12, name: '洗楼梯' });
    expect((await call('PATCH', `/api/v1/chore-templates/${tpl.id}`, 'otherStreet', { points: 1 })).statusCode).toBe(
      404,
    );
    const listed = await call('GET', '/api/v1/chore-templates', 'community');
    expect(listed.json().items.map((x: { id: number }) => x.id)).toContain(tpl.id);
    expect(
      (await call('GET', '/api/v1/chore-templates', 'otherStreet')).json().items.map((x: { id: number }) => x.id),
    ).not.toContain(tpl.id);
    const audit = await count(
      sql`select count(*)::int as n from audit_log where object_type = 'chore_template' and object_id = ${String(tpl.id)}`,
    );
    expect(audit).toBe(2);
  });

  it('refuses bad values with 400 and changes nothing', async () => {
    const before = await count(sql`select count(*)::int as n from chore_templates`);
    for (const body of [
      { name: '', category: 'cleaning', points: 5 },
      { name: 'x', category: 'cooking', points: 5 },
      { name: 'x', category: 'cleaning', points: 0 },
      { name: 'x', category: 'cleaning', points: 5, extra: 1 },
    ]) {
      expect((await call('POST', '/api/v1/chore-templates', 'street', body)).statusCode).toBe(400);
    }
    expect(await count(sql`select count(*)::int as n from chore_templates`)).toBe(before);
  });
});

describe('publishing', () => {
  it('creates one task per building for the current week, once, however often and concurrently the job runs', async () => {
    const tpl = await template();
    const res = await call('POST', '/api/v1/chore-publications', 'community', {
      templateId: tpl.id,
      orgUnitId: a.community.id,
      recurrence: 'weekly',
      startsOn: '2026-11-02',
    });
    expect(res.statusCode, res.body).toBe(201);
    const pub = res.json();
    expect(pub.tasksCreated).toBe(2);
    const tasks = () => count(sql`select count(*)::int as n from chore_tasks where publication_id = ${pub.id}`);
    await t.jobs.runOnce('chores.generate');
    await Promise.all([
      t.services.chorePublishing.generateDue(t.clock.now()),
      t.services.chorePublishing.generateDue(t.clock.now()),
      t.services.chorePublishing.generateDue(t.clock.now()),
    ]);
    expect(await tasks()).toBe(2);
    t.clock.advance(7 * 24 * HOUR);
    await Promise.all([
      t.services.chorePublishing.generateDue(t.clock.now()),
      t.services.chorePublishing.generateDue(t.clock.now()),
    ]);
    expect(await tasks()).toBe(4);
    const occurrences = await rows<{ o: string }>(
      t.database.db,
      sql`select distinct occurrence::text as o from chore_tasks where publication_id = ${pub.id} order by 1`,
    );
    expect(occurrences.map((r) => r.o)).toEqual(['2026-11-02', '2026-11-09']);
    t.clock.advance(-7 * 24 * HOUR);
  });

  it('publishes once when a publication is retried with the same Idempotency-Key', async () => {
    const tpl = await template();
    const body = { templateId: tpl.id, orgUnitId: a.grid.id, recurrence: 'daily', startsOn: '2026-11-02' };
    const k = key();
    const [r1, r2] = await Promise.all([
      call('POST', '/api/v1/chore-publications', 'community', body, k),
      call('POST', '/api/v1/chore-publications', 'community', body, k),
    ]);
    expect([r1.statusCode, r2.statusCode]).toEqual([201, 201]);
    expect(r2.json()).toEqual(r1.json());
    expect(await count(sql`select count(*)::int as n from chore_publications where template_id = ${tpl.id}`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from chore_tasks where template_id = ${tpl.id}`)).toBe(2);
    const changed = await call('POST', '/api/v1/chore-publications', 'community', { ...body, recurrence: 'weekly' }, k);
    expect(changed.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('publishes only below a community, within scope, from a live template of that street', async () => {
    const tpl = await template();
    const body = (orgUnitId: number, templateId = tpl.id) => ({
      templateId,
      orgUnitId,
      recurrence: 'once',
      startsOn: '2026-11-02',
    });
    expect((await call('POST', '/api/v1/chore-publications', 'street', body(a.street.id))).json().error.code).toBe(
      'CHORE_SCOPE_INVALID',
    );
    expect((await call('POST', '/api/v1/chore-publications', 'community', body(other.community.id))).statusCode).toBe(
      404,
    );
    expect((await call('POST', '/api/v1/chore-publications', 'otherStreet', body(other.community.id))).statusCode).toBe(
      404,
    );
    expect((await call('POST', '/api/v1/chore-publications', 'cap1', body(a.building.id))).statusCode).toBe(403);
    await call('PATCH', `/api/v1/chore-templates/${tpl.id}`, 'street', { archived: true });
    expect((await call('POST', '/api/v1/chore-publications', 'community', body(a.grid.id))).json().error.code).toBe(
      'CHORE_TEMPLATE_ARCHIVED',
    );
  });
});

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
});

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
