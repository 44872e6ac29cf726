import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../platform/db';
import { a, call, count, HOUR, key, other, t, template, useChoresFixture } from './chores-fixture';

/** Chore templates and publishing: who may write templates, one task per building per occurrence. */
useChoresFixture();

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
