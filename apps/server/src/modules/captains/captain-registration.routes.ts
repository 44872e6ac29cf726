import {
  CaptainAssignmentList,
  CaptainRegisterRequest,
  CaptainUnbindParams,
  IdParams,
  ReasonRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { CaptainRegistrationService } from './captain-registration.service';

export function captainRegistrationRoutes(app: FastifyInstance, reg: CaptainRegistrationService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['captains'];
  r.get(
    '/api/v1/buildings/:id/captains',
    {
      schema: {
        tags,
        summary: '楼长登记记录 / A building’s captain registrations, newest first',
        params: IdParams,
        response: { 200: CaptainAssignmentList },
      },
    },
    async (req) => reg.history(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/buildings/:id/captains',
    {
      schema: {
        tags,
        summary: '登记楼长 / Register a user as captain of the building',
        params: IdParams,
        body: CaptainRegisterRequest,
        response: { 200: CaptainAssignmentList },
      },
    },
    async (req) => reg.register(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/buildings/:id/captains/:userId/unbind',
    {
      schema: {
        tags,
        summary: '解除楼长 / Unbind a captain from the building, with a reason',
        params: CaptainUnbindParams,
        body: ReasonRequest,
        response: { 200: CaptainAssignmentList },
      },
    },
    async (req) => reg.unbind(contextOf(req), req.params.id, req.params.userId, req.body.reason),
  );
}
