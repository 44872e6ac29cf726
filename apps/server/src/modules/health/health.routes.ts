import { Health } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db';
import { VERSION } from '../../platform/version';

export function healthRoutes(app: FastifyInstance, database: Database): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/v1/health',
      { schema: { tags: ['health'], summary: '健康检查 / Health', response: { 200: Health } } },
      async () => {
        await database.db.execute(sql`select 1`);
        return { status: 'ok' as const, db: database.kind, version: VERSION };
      },
    );
}
