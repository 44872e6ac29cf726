import {
  BatchReviewRequest,
  CreateChorePublicationRequest,
  CreateChoreTemplateRequest,
  RejectChoreRequest,
  SubmitChoreRequest,
  UpdateChoreSettingsRequest,
  UpdateChoreTemplateRequest,
} from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { uploadPhoto } from '../../../test/chore-fixtures';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * Malformed bodies, generated from the contract schemas (valid samples with one field broken, removed
 * or added, and arbitrary JSON), sent to every writing chores endpoint: never a 5xx, never a change.
 */
let t: TestApp;
let a: Tree;
let staff: string;
let captain: string;
let ids: { template: number; task: number; submission: number; photo: number };

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  staff = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }])).phone);
  captain = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }])).phone);
  const post = async (url: string, cookie: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const template = await post('/api/v1/chore-templates', staff, {
    name: '扫楼梯',
    category: 'cleaning',
    points: 10,
    minPhotos: 1,
  });
  await post('/api/v1/chore-publications', staff, {
    templateId: template.id,
    orgUnitId: a.building.id,
    recurrence: 'weekly',
    startsOn: '2026-11-02',
  });
  const [task] = await rows<{ id: number }>(db, sql`select id from chore_tasks limit 1`);
  await post(`/api/v1/chores/tasks/${task?.id}/claim`, captain, {});
  const photo = await uploadPhoto(t.app, captain);
  const submission = await post(`/api/v1/chores/tasks/${task?.id}/submissions`, captain, {
    photos: [{ id: photo, kind: 'after' }],
  });
  ids = { template: template.id, task: task?.id as number, submission: submission.id, photo };
});
afterAll(() => t.close());

/** Everything the chores endpoints write, as one fingerprint. */
async function fingerprint(): Promise<string> {
  const [r] = await rows<{ f: string }>(
    t.database.db,
    sql`select concat_ws('|',
          (select md5(coalesce(string_agg(x::text, ',' order by id), '')) from chore_templates x),
          (select md5(coalesce(string_agg(x::text, ',' order by id), '')) from chore_publications x),
          (select md5(coalesce(string_agg(x::text, ',' order by id), '')) from chore_tasks x),
          (select md5(coalesce(string_agg(x::text, ',' order by id), '')) from chore_submissions x),
          (select count(*) from chore_submission_photos), (select count(*) from chore_street_settings),
          (select count(*) from chore_daily_claims), (select count(*) from audit_log),
          (select count(*) from idempotency_keys)) as f`,
  );
  return r?.f ?? '';
}

/** Bodies that the schema refuses: a valid sample with one field replaced, dropped or added, or any JSON. */
function malformed(schema: z.ZodType, valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  const broken = fc.oneof(
    fc.record({ k: fc.constantFrom(...keys), v: fc.jsonValue() }).map(({ k, v }) => ({ ...valid, [k]: v })),
    fc.constantFrom(...keys).map((k) => {
      const { [k]: _, ...rest } = valid;
      return rest;
    }),
    fc.record({ k: fc.string({ maxLength: 10 }), v: fc.jsonValue() }).map(({ k, v }) => ({ ...valid, [k]: v })),
    fc
      .record({
        k: fc.constantFrom(...keys),
        v: fc.oneof(
          fc.string({ minLength: 200, maxLength: 2000 }),
          fc.integer(),
          fc.double(),
          fc.constant(null),
          fc.array(fc.integer()),
        ),
      })
      .map(({ k, v }) => ({ ...valid, [k]: v })),
    fc.jsonValue(),
  );
  return broken.filter((b) => !schema.safeParse(b).success);
}

const endpoints = () =>
  [
    {
      method: 'POST',
      url: '/api/v1/chore-templates',
      cookie: staff,
      schema: CreateChoreTemplateRequest,
      valid: { name: '洗楼梯', category: 'cleaning', points: 10, minPhotos: 2, beforeAfter: true },
    },
    {
      method: 'PATCH',
      url: `/api/v1/chore-templates/${ids.template}`,
      cookie: staff,
      schema: UpdateChoreTemplateRequest,
      valid: { points: 12, archived: false },
    },
    {
      method: 'POST',
      url: '/api/v1/chore-publications',
      cookie: staff,
      schema: CreateChorePublicationRequest,
      valid: { templateId: ids.template, orgUnitId: a.building.id, recurrence: 'once', startsOn: '2026-11-03' },
    },
    {
      method: 'PUT',
      url: '/api/v1/chores/settings',
      cookie: staff,
      schema: UpdateChoreSettingsRequest,
      valid: { communityMayReview: true },
    },
    {
      method: 'POST',
      url: `/api/v1/chores/tasks/${ids.task}/submissions`,
      cookie: captain,
      schema: SubmitChoreRequest,
      valid: { photos: [{ id: ids.photo, kind: 'after' }], note: '已完成' },
    },
    {
      method: 'POST',
      url: `/api/v1/chores/submissions/${ids.submission}/reject`,
      cookie: staff,
      schema: RejectChoreRequest,
      valid: { reason: '照片不清楚' },
    },
    {
      method: 'POST',
      url: '/api/v1/chores/submissions/batch-review',
      cookie: staff,
      schema: BatchReviewRequest,
      valid: { decision: 'reject', reason: '照片不清楚', submissionIds: [ids.submission] },
    },
  ] as const;

describe('chores endpoints under malformed input', () => {
  it('answer 4xx and change nothing, for bodies generated from the contract schemas', async () => {
    const before = await fingerprint();
    for (const e of endpoints()) {
      await fc.assert(
        fc.asyncProperty(malformed(e.schema, e.valid), fc.boolean(), async (body, withKey) => {
          const res = await t.app.inject({
            method: e.method,
            url: e.url,
            headers: {
              cookie: e.cookie,
              'content-type': 'application/json',
              ...(withKey ? { 'idempotency-key': `fuzz-${Math.random().toString(36).slice(2)}` } : {}),
            },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode, `${e.method} ${e.url} ${JSON.stringify(body)} → ${res.body}`).toBeGreaterThanOrEqual(
            400,
          );
          expect(res.statusCode).toBeLessThan(500);
          expect(res.json().error.code).toBeTypeOf('string');
        }),
        { numRuns: 40 },
      );
    }
    expect(await fingerprint()).toBe(before);
  });

  it('answer 4xx to malformed ids and query strings', async () => {
    const badId = fc.oneof(
      fc.constantFrom('0', '-1', 'abc', '1.5', '1e3', '99999999999999999999', '%00', ''),
      fc
        .string({ maxLength: 12 })
        // Strings the id schema coerces to a real id (' 1', '0x1', '1e0') are not malformed.
        .filter((x) => !(Number(x) > 0 && Number.isSafeInteger(Number(x))))
        .map(encodeURIComponent),
    );
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(badId, fc.constantFrom('claim', 'approve', 'reject'), async (id, action) => {
        const url =
          action === 'claim' ? `/api/v1/chores/tasks/${id}/claim` : `/api/v1/chores/submissions/${id}/${action}`;
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: action === 'claim' ? captain : staff },
        });
        expect(res.statusCode, `${url} → ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
    const query = fc.dictionary(
      fc.constantFrom('status', 'communityId', 'cursor', 'limit', 'view', 'orgUnitId', 'x'),
      fc.string({ maxLength: 30 }),
    );
    await fc.assert(
      fc.asyncProperty(
        query,
        fc.constantFrom(
          '/api/v1/chores/review-queue',
          '/api/v1/chores/tasks',
          '/api/v1/captains',
          '/api/v1/chores/submissions/mine',
        ),
        async (q, path) => {
          const res = await t.app.inject({
            method: 'GET',
            url: `${path}?${new URLSearchParams(q)}`,
            headers: { cookie: staff },
          });
          expect(res.statusCode, `${path}?${new URLSearchParams(q)} → ${res.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
    expect(await fingerprint()).toBe(before);
  });
});
