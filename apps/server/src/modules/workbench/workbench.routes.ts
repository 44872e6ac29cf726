import { Workbench } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { WorkbenchService } from './workbench.service';

export function workbenchRoutes(app: FastifyInstance, workbench: WorkbenchService): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/workbench',
    {
      schema: {
        tags: ['workbench'],
        summary: '工作台待办 / My to-do counts',
        description:
          'What waits for the caller in their own jurisdiction: 待审核, 待我处理, 即将超时 (due within 24 h), 已超时, 待核销, 待确认住户. Null where the caller has no such work.',
        response: { 200: Workbench },
      },
    },
    async (req) => workbench.counts(contextOf(req)),
  );
}
