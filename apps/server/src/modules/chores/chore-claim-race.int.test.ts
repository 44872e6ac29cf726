import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadPhoto } from '../../../test/chore-fixtures';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * A submission is the claimant's only while the claim is theirs: a claim that expires and is taken by
 * another captain while the first one's submit is under way must not be submitted over. On PGlite the
 * transactions run one after another (one connection), so the race itself only happens on PostgreSQL;
 * the invariants are checked on both.
 */

let t: TestApp;
let a: Tree;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};
const HOUR = 3_600_000;

const call = (url: string, who: string, body?: unknown) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: cookies[who] as string },
    ...(body === undefined ? {} : { payload: body as object }),
  });

beforeAll(async () => {
  t = await startTestApp({}, { poolSize: 10 });
  a = await buildTree(t.database.db);
  for (const [name, role, unit] of [
    ['street', 'street_staff', a.street],
    ['community', 'community_staff', a.community],
    ['first', 'captain', a.building],
    ['second', 'captain', a.building],
  ] as const) {
    const u = await buildUser(t.database.db, t.cipher, [{ role, unit }]);
    ids[name] = u.id;
    cookies[name] = await login(t.app, u.phone);
  }
});
afterAll(() => t.close());

describe('submitting a chore whose claim lapses meanwhile', () => {
  it('never lets the lapsed claimant take over the task another captain claimed since', async () => {
    const tpl = await call('/api/v1/chore-templates', 'street', {
      name: '清理楼道杂物',
      category: 'cleaning',
      points: 10,
      minPhotos: 1,
      claimTtlHours: 2,
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const pub = await call('/api/v1/chore-publications', 'community', {
        templateId: tpl.json().id,
        orgUnitId: a.building.id,
        recurrence: 'once',
        startsOn: '2026-11-02',
      });
      expect(pub.statusCode, pub.body).toBe(201);
      const [task] = await rows<{ id: number }>(
        t.database.db,
        sql`select id from chore_tasks where publication_id = ${pub.json().id}`,
      );
      const taskId = task?.id as number;
      expect((await call(`/api/v1/chores/tasks/${taskId}/claim`, 'first')).statusCode).toBe(200);
      const photo = await uploadPhoto(t.app, cookies.first as string);
      const lapsed = new Date(t.clock.now().getTime() + 2 * HOUR + 1000);
      const [submitted, claimedAgain] = await Promise.all([
        call(`/api/v1/chores/tasks/${taskId}/submissions`, 'first', { photos: [{ id: photo, kind: 'after' }] }),
        (async () => {
          await t.services.chores.expireClaims(lapsed);
          return call(`/api/v1/chores/tasks/${taskId}/claim`, 'second');
        })(),
      ]);
      outcomes.push(`${submitted.statusCode}/${claimedAgain.statusCode}`);
      // Exactly one of them has the task.
      expect([submitted.statusCode, claimedAgain.statusCode].filter((s) => s < 300)).toHaveLength(1);
      const [state] = await rows<{ status: string; claimedBy: number }>(
        t.database.db,
        sql`select status, claimed_by_user_id as "claimedBy" from chore_tasks where id = ${taskId}`,
      );
      if (submitted.statusCode === 201) expect(state).toEqual({ status: 'submitted', claimedBy: ids.first });
      else expect(state).toEqual({ status: 'claimed', claimedBy: ids.second });
      t.clock.advance(60_000);
    }
    const takenOver = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from chore_submissions s join chore_tasks k on k.id = s.task_id
           where k.claimed_by_user_id is distinct from s.submitter_user_id`,
    );
    expect(takenOver[0]?.n, outcomes.join(' ')).toBe(0);
  });

  it('refuses the submit that was waiting while the claim passed to another captain (PostgreSQL)', async () => {
    // PGlite has one connection: nothing can hold the row while a submit waits, so this interleaving
    // exists only on PostgreSQL, where it is forced here with a row lock.
    if (t.database.kind !== 'postgres') return;
    const tpl = await call('/api/v1/chore-templates', 'street', {
      name: '擦楼梯扶手',
      category: 'cleaning',
      points: 10,
      minPhotos: 1,
      claimTtlHours: 2,
    });
    const pub = await call('/api/v1/chore-publications', 'community', {
      templateId: tpl.json().id,
      orgUnitId: a.building.id,
      recurrence: 'once',
      startsOn: '2026-11-02',
    });
    const [task] = await rows<{ id: number }>(
      t.database.db,
      sql`select id from chore_tasks where publication_id = ${pub.json().id}`,
    );
    const taskId = task?.id as number;
    expect((await call(`/api/v1/chores/tasks/${taskId}/claim`, 'first')).statusCode).toBe(200);
    const photo = await uploadPhoto(t.app, cookies.first as string);
    let locked!: () => void;
    let release!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // Stands for the expiry job and the second captain's claim, committed while the submit waits.
    const holder = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from chore_tasks where id = ${taskId} for update`);
      locked();
      await gate;
      await tx.execute(
        sql`update chore_tasks set claimed_by_user_id = ${ids.second as number}, claimed_at = now(),
                   claim_expires_at = now() + interval '2 hours' where id = ${taskId}`,
      );
    });
    await isLocked;
    const submitting = call(`/api/v1/chores/tasks/${taskId}/submissions`, 'first', {
      photos: [{ id: photo, kind: 'after' }],
    });
    for (let i = 0; i < 100; i++) {
      const [w] = await rows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from pg_locks where not granted and locktype in ('transactionid', 'tuple')`,
      );
      if ((w?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    release();
    await holder;
    const res = await submitting;
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('CHORE_NOT_SUBMITTABLE');
    const [state] = await rows<{ status: string; claimedBy: number }>(
      t.database.db,
      sql`select status, claimed_by_user_id as "claimedBy" from chore_tasks where id = ${taskId}`,
    );
    expect(state).toEqual({ status: 'claimed', claimedBy: ids.second });
  });
});
