import {
  CreateDiaryRequest,
  DiaryEntryView,
  DiaryList,
  DiaryParties,
  DiaryRevealRequest,
  IdParams,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { DiaryService } from './diary.service';

/** The volunteer diary: entries (和事佬 records) and the audited reveal of the parties' personal data. */
export function diaryRoutes(app: FastifyInstance, diary: DiaryService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['volunteering'];
  r.get(
    '/api/v1/volunteer-diary',
    { schema: { tags, summary: '志愿者日记 / Volunteer diary', response: { 200: DiaryList } } },
    async (req) => diary.list(contextOf(req)),
  );
  r.post(
    '/api/v1/volunteer-diary',
    {
      schema: {
        tags,
        summary: '写日记（调解记录）/ Write an entry',
        body: CreateDiaryRequest,
        response: { 201: DiaryEntryView },
      },
    },
    async (req, reply) => reply.status(201).send(await diary.create(contextOf(req), req.body)),
  );
  r.post(
    '/api/v1/volunteer-diary/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看当事人信息（留痕）/ Reveal the parties (audited)',
        params: IdParams,
        body: DiaryRevealRequest,
        response: { 200: DiaryParties },
      },
    },
    async (req) => diary.revealParties(contextOf(req), req.params.id, req.body.purpose),
  );
}
