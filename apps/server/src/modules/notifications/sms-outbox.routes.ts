import { SmsOutboxPage } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { SmsOutboxService } from './sms-outbox.service';
import { SMS_OUTBOX_SHEET } from './sms-outbox-excel';

export function smsOutboxRoutes(app: FastifyInstance, sms: SmsOutboxService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/admin/sms-outbox',
    {
      schema: {
        tags: ['admin'],
        summary: '短信发件箱（本地）/ The local SMS outbox',
        description:
          'Messages waiting in the local outbox (sign-in codes …), newest first; an admin sees those of their street, an admin above the streets sees all.',
        response: { 200: SmsOutboxPage },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return sms.list(requireActor(req), req.ip);
    },
  );
  r.get(
    '/api/v1/admin/sms-outbox/export',
    {
      schema: {
        tags: ['admin'],
        summary: '导出短信发件箱 / Export the local SMS outbox (.xlsx)',
        description:
          'The messages the page lists, phones masked and codes and links blanked; audited (sms_outbox.export) first.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, SMS_OUTBOX_SHEET, await sms.exportList(requireActor(req), req.ip)),
  );
}
