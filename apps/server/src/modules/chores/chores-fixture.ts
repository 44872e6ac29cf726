import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import { uploadPhoto } from '../../../test/chore-fixtures';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * The chores tests' world, shared by chore-publishing, chore-claims and chore-review .int.test.ts: each
 * file calls useChoresFixture() for its own app and users, then reads the live bindings below.
 */

export let t: TestApp;
export let a: Tree;
export let b2: Tree['building'];
export let other: Tree;
export const cookies: Record<string, string> = {};
/** The users' ids by name. */
export const ids: Record<string, number> = {};
export const phones: Record<string, string> = {};

export const HOUR = 3_600_000;
let keySeq = 0;
export const key = () => `test-key-${Date.now()}-${++keySeq}`;

type Json = Record<string, unknown>;
export function call(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  who: string,
  body?: unknown,
  idem?: string,
) {
  return t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who] as string, ...(idem ? { 'idempotency-key': idem } : {}) },
    ...(body === undefined ? {} : { payload: body as Json }),
  });
}

/** A user with these roles, signed in: `cookies[name]`, `ids[name]`, `phones[name]`. */
export async function user(name: string, roles: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(t.database.db, t.cipher, roles, name);
  ids[name] = u.id;
  phones[name] = u.phone;
  cookies[name] = await login(t.app, u.phone);
}

export async function template(body: Json = {}) {
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
export async function taskFor(templateId: number, orgUnitId: number, buildingId: number): Promise<number> {
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

export const claim = (taskId: number, who = 'cap1', idem?: string) =>
  call('POST', `/api/v1/chores/tasks/${taskId}/claim`, who, undefined, idem);
export const submit = (
  taskId: number,
  photos: { id: number; kind?: string }[],
  who = 'cap1',
  idem?: string,
  extra: Json = {},
) => call('POST', `/api/v1/chores/tasks/${taskId}/submissions`, who, { photos, note: '已清扫', ...extra }, idem);
export async function beforeAfter(who = 'cap1') {
  return [
    { id: await uploadPhoto(t.app, cookies[who] as string), kind: 'before' },
    { id: await uploadPhoto(t.app, cookies[who] as string), kind: 'after' },
  ];
}
/** A claimed and submitted task of building 1, returning the submission id. */
export async function submitted(templateId: number, who = 'cap1'): Promise<{ taskId: number; submissionId: number }> {
  const taskId = await taskFor(templateId, a.building.id, a.building.id);
  expect((await claim(taskId, who)).statusCode).toBe(200);
  const res = await submit(taskId, await beforeAfter(who), who);
  expect(res.statusCode, res.body).toBe(201);
  return { taskId, submissionId: res.json().id };
}
export const count = async (q: ReturnType<typeof sql>) => (await rows<{ n: number }>(t.database.db, q))[0]?.n ?? 0;

/** One app and street per test file: the users below, logged in, and a second building and street. */
export function useChoresFixture() {
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
}
