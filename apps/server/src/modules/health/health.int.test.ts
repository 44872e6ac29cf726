import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser } from '../../../test/factories';
import { startTestApp, type TestApp } from '../../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('health and API description', () => {
  it('reports ok with the engine in use, the database latency and every job', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'ok',
      db: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      dbOk: true,
      jobsRunning: false,
    });
    expect(body.dbLatencyMs).toBeGreaterThan(0);
    expect(body.jobs.map((j: { name: string }) => j.name)).toEqual(
      expect.arrayContaining(['reports.clocks', 'chores.generate', 'chores.expire-claims']),
    );
  });

  it('serves an OpenAPI 3 document generated from the contract schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['phone', 'password']);
    expect(doc.paths['/api/v1/households/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });

  it('serves a browsable API page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('embedded maintenance', () => {
  it('vacuums and checkpoints the embedded database on schedule, and only there', async () => {
    if (t.database.kind === 'pglite') await expect(t.jobs.runOnce('db.maintenance')).resolves.toBeUndefined();
    else expect(t.jobs.names).not.toContain('db.maintenance');
  });
});

describe('health reports jobs and the database honestly', () => {
  it('is degraded (still 200) while a job is failing, and ok again once it succeeds', async () => {
    const x = await startTestApp();
    try {
      let fail = true;
      x.jobs.register('test.flaky', 60_000, async () => {
        if (fail) throw new Error('disk on fire');
      });
      await expect(x.jobs.runOnce('test.flaky')).rejects.toThrow('disk on fire');
      const bad = await x.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(bad.statusCode).toBe(200);
      expect(bad.json().status).toBe('degraded');
      expect(bad.json().jobs.find((j: { name: string }) => j.name === 'test.flaky')).toMatchObject({
        runs: 1,
        failures: 1,
        lastError: 'disk on fire',
        lastSuccessAt: null,
      });
      fail = false;
      await x.jobs.runOnce('test.flaky');
      const good = await x.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(good.json().status).toBe('ok');
      expect(good.json().jobs.find((j: { name: string }) => j.name === 'test.flaky')).toMatchObject({
        runs: 2,
        failures: 1,
        lastError: null,
        lastSuccessAt: x.clock.now().toISOString(),
      });
    } finally {
      await x.close();
    }
  });

  it('is down with 503 when the database does not answer', async () => {
    const x = await startTestApp();
    const close = x.database.close.bind(x.database);
    await close();
    // The harness closes the database again at the end; once is enough.
    x.database.close = async () => {};
    try {
      const res = await x.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'down', dbOk: false, dbLatencyMs: null });
    } finally {
      await x.close().catch(() => {});
    }
  });
});

describe('request ids', () => {
  it('gives every answer an X-Request-Id, and error bodies carry the same id', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const err = await t.app.inject({ method: 'GET', url: '/api/v1/reports/1' });
    expect(err.statusCode).toBe(401);
    expect(err.json().error.requestId).toBe(err.headers['x-request-id']);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(missing.json().error).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: missing.headers['x-request-id'] });
  });

  it("keeps a proxy's sane X-Request-Id and replaces one that is not", async () => {
    const kept = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'nginx-7f3a9c21' },
    });
    expect(kept.headers['x-request-id']).toBe('nginx-7f3a9c21');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'evil id\r\nSet-Cookie: x' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

/** The value of one sample line of the Prometheus text format, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[3] ?? '').split(',').filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[4]);
  }
  return undefined;
}

describe('/metrics', () => {
  it('answers a local scraper in the Prometheus text format, counting requests by route pattern', async () => {
    const x = await startTestApp();
    try {
      for (let i = 0; i < 3; i++) await x.app.inject({ method: 'GET', url: '/api/v1/health' });
      for (const id of [5, 6]) await x.app.inject({ method: 'GET', url: `/api/v1/reports/${id}` });
      const res = await x.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.body;
      expect(text).toContain('# TYPE louzhang_http_requests_total counter');
      expect(
        sample(text, 'louzhang_http_requests_total', { method: 'GET', route: '/api/v1/health', status: '200' }),
      ).toBe(3);
      // Two ids, one label set: the pattern, never the raw URL.
      expect(
        sample(text, 'louzhang_http_requests_total', { method: 'GET', route: '/api/v1/reports/:id', status: '401' }),
      ).toBe(2);
      expect(text).not.toContain('/api/v1/reports/5');
      expect(
        sample(text, 'louzhang_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/health' }),
      ).toBe(3);
      expect(sample(text, 'louzhang_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(sample(text, 'louzhang_outbox_pending')).toBe(0);
    } finally {
      await x.close();
    }
  });

  it('counts job runs by result and the outbox waiting to be sent', async () => {
    const x = await startTestApp();
    try {
      x.jobs.register('test.once', 60_000, async () => {});
      await x.jobs.runOnce('test.once');
      await x.jobs.runOnce('test.once');
      const tree = await buildTree(x.database.db);
      const u = await buildUser(x.database.db, x.cipher, [{ role: 'captain', unit: tree.building }]);
      for (const key of ['a', 'b']) {
        await x.database.db.execute(
          sql`insert into notification_outbox (channel, user_id, source_key, payload, created_at)
              values ('sms', ${u.id}, ${key}, '{}'::jsonb, now())`,
        );
      }
      const text = (await x.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(sample(text, 'louzhang_job_runs_total', { job: 'test.once', result: 'ok' })).toBe(2);
      expect(sample(text, 'louzhang_job_duration_seconds_count', { job: 'test.once' })).toBe(2);
      expect(sample(text, 'louzhang_outbox_pending')).toBe(2);
    } finally {
      await x.close();
    }
  });

  it('refuses a forwarded or remote scraper, and accepts the configured bearer token', async () => {
    const token = 'scrape-me-0123456789';
    const x = await startTestApp({ METRICS_TOKEN: token });
    try {
      const forwarded = await x.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { 'x-forwarded-for': '1.2.3.4' },
      });
      expect(forwarded.statusCode).toBe(403);
      expect(forwarded.json().error.code).toBe('FORBIDDEN');
      const remote = await x.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
      expect(remote.statusCode).toBe(403);
      const wrong = await x.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '10.1.2.3',
        headers: { authorization: 'Bearer scrape-me-0123456780' },
      });
      expect(wrong.statusCode).toBe(403);
      const right = await x.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '10.1.2.3',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('louzhang_process_');
    } finally {
      await x.close();
    }
  });
});
