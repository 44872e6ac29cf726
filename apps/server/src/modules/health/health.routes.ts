import { Health } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db';
import type { JobRunner } from '../../platform/jobs';
import type { ReplicaReads } from '../../platform/replica';
import { VERSION } from '../../platform/version';
import { ping } from './health.repository';

/** A job counts as late once it has missed three of its intervals. */
const LATE_INTERVALS = 3;

/** What a load balancer and an operator need: does the database answer, and are the jobs running. */
export function healthRoutes(app: FastifyInstance, database: Database, jobs: JobRunner, reads: ReplicaReads): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/health',
    {
      schema: {
        tags: ['health'],
        summary: '健康检查 / Health',
        description:
          'ok / degraded (a job failing or late, or the read replica down or lagging: its reads on the primary) ' +
          'answer 200; down (database unreachable) answers 503.',
        response: { 200: Health, 503: Health },
      },
    },
    async (_req, reply) => {
      let dbOk = true;
      let dbLatencyMs: number | null = null;
      const t0 = performance.now();
      try {
        await Promise.race([
          ping(database.db),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
        ]);
        dbLatencyMs = Math.round((performance.now() - t0) * 10) / 10;
      } catch (err) {
        dbOk = false;
        app.log.error({ err }, 'health: database did not answer');
      }
      const list = jobs.info();
      const troubled = list.some(
        (j) => j.lastError !== null || (j.lagSeconds !== null && j.lagSeconds > j.everySeconds * LATE_INTERVALS),
      );
      const replica = reads.status();
      const replicaTroubled = replica.configured && !replica.inUse;
      const status = !dbOk ? 'down' : troubled || replicaTroubled ? 'degraded' : 'ok';
      return reply.status(dbOk ? 200 : 503).send({
        status,
        db: database.kind,
        dbOk,
        dbLatencyMs,
        version: VERSION,
        jobsRunning: jobs.isStarted,
        jobs: list,
        ...(replica.configured
          ? { replica: { inUse: replica.inUse, lagSeconds: replica.lagSeconds, reason: replica.reason } }
          : {}),
      });
    },
  );
}
