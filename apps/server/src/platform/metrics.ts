import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from './db';
import { AppError } from './errors';
import type { JobObserver } from './jobs';
import type { ReplicaStatus } from './replica';

/**
 * Prometheus metrics for one app instance (its own registry, so tests can build several apps in one
 * process): HTTP requests by route, latency, job runs and lag, the database pool and the outbox.
 * Labels use the route pattern (`/api/v1/reports/:id`), never the raw URL, so they stay few.
 */
export class Metrics implements JobObserver {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'louzhang_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'louzhang_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly jobRuns = new Counter({
    name: 'louzhang_job_runs_total',
    help: 'Background job runs, by job and result (ok or error)',
    labelNames: ['job', 'result'] as const,
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'louzhang_job_duration_seconds',
    help: 'Duration of background job runs',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });
  private readonly jobLastSuccess = new Gauge({
    name: 'louzhang_job_last_success_timestamp_seconds',
    help: 'When each background job last finished without error (Unix seconds)',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  constructor(opts: {
    database: Database;
    replica?: () => ReplicaStatus;
    outboxDepth: () => Promise<number>;
    jobLag: () => Record<string, number>;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'louzhang_process_' });
    const { database } = opts;
    new Gauge({
      name: 'louzhang_db_pool_connections',
      help: 'Database connections by state (total, idle, waiting clients); the embedded database has one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const s = database.poolStats();
        this.set({ state: 'total' }, s.total);
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
    const replica = opts.replica;
    if (replica) {
      new Gauge({
        name: 'louzhang_db_replica_lag_seconds',
        help: 'Replay lag of the read replica at its last check (-1: unreachable or unknown; absent without a replica)',
        registers: [this.registry],
        collect() {
          const s = replica();
          if (s.configured) this.set(s.lagSeconds ?? -1);
        },
      });
      new Gauge({
        name: 'louzhang_db_replica_in_use',
        help: 'Whether lag-tolerant reads go to the read replica now (1) or fall back to the primary (0)',
        registers: [this.registry],
        collect() {
          const s = replica();
          if (s.configured) this.set(s.inUse ? 1 : 0);
        },
      });
    }
    new Gauge({
      name: 'louzhang_outbox_pending',
      help: 'Messages for external channels (SMS) not yet sent',
      registers: [this.registry],
      async collect() {
        this.set(await opts.outboxDepth());
      },
    });
    new Gauge({
      name: 'louzhang_job_lag_seconds',
      help: 'Seconds since each job last succeeded beyond its interval (0 while on schedule)',
      labelNames: ['job'] as const,
      registers: [this.registry],
      collect() {
        for (const [job, lag] of Object.entries(opts.jobLag())) this.set({ job }, lag);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, seconds);
  }

  jobFinished(job: string, seconds: number, error: unknown, at: Date): void {
    this.jobRuns.inc({ job, result: error ? 'error' : 'ok' });
    this.jobDuration.observe({ job }, seconds);
    if (!error) this.jobLastSuccess.set({ job }, at.getTime() / 1000);
  }
}

/** The request id: the caller's `X-Request-Id` when it is a sane token (a proxy's), else a new UUID. */
export function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{8,64}$/.test(given) ? given : randomUUID();
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `/metrics` answers a scraper on the same machine (a loopback connection that no proxy forwarded) or
 * one presenting `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 403.
 */
export function mayScrape(req: FastifyRequest, token: string | undefined): boolean {
  const auth = req.headers.authorization;
  if (token && typeof auth === 'string' && auth.startsWith('Bearer ')) {
    const given = Buffer.from(auth.slice(7));
    const want = Buffer.from(token);
    if (given.length === want.length && timingSafeEqual(given, want)) return true;
  }
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/** Request ids on every answer, request metrics, and the `/metrics` route. */
export function installObservability(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  // Hooks on every request are written with `done` rather than async: no promise and no microtask each.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route !== '/metrics') metrics.observeRequest(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(req, token)) throw new AppError('FORBIDDEN');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
