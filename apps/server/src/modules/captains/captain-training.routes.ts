import {
  AttendanceRequest,
  CreateMentorshipRequest,
  CreateSessionRequest,
  IdParams,
  MentorshipList,
  MyTraining,
  SessionList,
  SessionView,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { CaptainTrainingService } from './captain-training.service';
import { MENTORSHIPS_SHEET, SESSIONS_SHEET } from './captain-training-excel';

/** Training, captains' meetings (座谈会) with attendance, and mentor pairing (老带新). */
export function captainTrainingRoutes(app: FastifyInstance, training: CaptainTrainingService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['captains'];
  r.post(
    '/api/v1/captain-sessions',
    {
      schema: {
        tags,
        summary: '登记培训或座谈会 / Record a training or meeting',
        body: CreateSessionRequest,
        response: { 201: SessionView },
      },
    },
    async (req, reply) => reply.status(201).send(await training.createSession(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/captain-sessions',
    { schema: { tags, summary: '培训与座谈会 / Trainings and meetings', response: { 200: SessionList } } },
    async (req) => training.sessions(contextOf(req)),
  );
  r.get(
    '/api/v1/captain-sessions/export',
    {
      schema: {
        tags,
        summary: '导出培训与座谈会 / Export the trainings and meetings (.xlsx)',
        description: 'What the list shows; audited (captain_session.export) before the first byte.',
      },
    },
    async (req, reply) => sendListSheet(req, reply, SESSIONS_SHEET, await training.exportSessions(contextOf(req))),
  );
  r.post(
    '/api/v1/captain-sessions/:id/attendance',
    {
      schema: {
        tags,
        summary: '签到 / Mark captains present',
        params: IdParams,
        body: AttendanceRequest,
        response: { 200: SessionView },
      },
    },
    async (req) => training.attend(contextOf(req), req.params.id, req.body.userIds),
  );
  r.get(
    '/api/v1/captains/me/training',
    { schema: { tags, summary: '我的培训 / My training, meetings and mentor', response: { 200: MyTraining } } },
    async (req) => training.mine(contextOf(req)),
  );
  r.post(
    '/api/v1/captain-mentorships',
    {
      schema: {
        tags,
        summary: '老带新结对 / Pair a mentor with a new captain',
        body: CreateMentorshipRequest,
        response: { 201: MentorshipList },
      },
    },
    async (req, reply) => reply.status(201).send(await training.pair(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/captain-mentorships',
    { schema: { tags, summary: '老带新结对 / Mentor pairings', response: { 200: MentorshipList } } },
    async (req) => training.mentorships(contextOf(req)),
  );
  r.get(
    '/api/v1/captain-mentorships/export',
    {
      schema: {
        tags,
        summary: '导出老带新结对 / Export the mentor pairings (.xlsx)',
        description: 'What the list shows; audited (captain_mentorship.export) before the first byte.',
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, MENTORSHIPS_SHEET, await training.exportMentorships(contextOf(req))),
  );
}
