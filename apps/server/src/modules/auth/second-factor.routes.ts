import {
  IdParams,
  SignInSettings,
  SignInSettingsUpdate,
  TotpConfirmRequest,
  TotpSetupResponse,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors';
import { contextOf, requireActor } from '../../platform/http';
import type { OrgService } from '../org/org.service';
import type { AuthService } from './auth.service';
import type { SecondFactorService } from './second-factor.service';

/** Paths a staff member who must set up a second factor may still use. */
export const SECOND_FACTOR_SETUP_PATHS = new Set([
  '/api/v1/auth/me',
  '/api/v1/auth/logout',
  '/api/v1/auth/totp/setup',
  '/api/v1/auth/totp/confirm',
]);

/** The second factor (TOTP) and each street's sign-in rules for its staff. */
export function secondFactorRoutes(
  app: FastifyInstance,
  auth: AuthService,
  secondFactor: SecondFactorService,
  org: OrgService,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post(
    '/api/v1/auth/totp/setup',
    {
      schema: {
        tags,
        summary: '绑定身份验证器 / Start setting up an authenticator app',
        response: { 200: TotpSetupResponse },
      },
    },
    async (req) => auth.totpSetup(requireActor(req)),
  );

  r.post(
    '/api/v1/auth/totp/confirm',
    {
      schema: {
        tags,
        summary: '确认身份验证器 / Confirm it with a first code',
        body: TotpConfirmRequest,
        response: { 200: z.object({ enabled: z.literal(true) }) },
      },
    },
    async (req) => {
      await auth.totpConfirm(contextOf(req), req.body.code);
      return { enabled: true as const };
    },
  );

  const streetOf = async (id: number) => {
    const u = await org.placeOf(undefined, id);
    if (!u) throw notFound();
    return u;
  };

  r.get(
    '/api/v1/streets/:id/sign-in-settings',
    {
      schema: {
        tags,
        summary: '街道工作人员登录要求 / How the street’s staff sign in',
        params: IdParams,
        response: { 200: SignInSettings },
      },
    },
    async (req) => secondFactor.settings(requireActor(req), await streetOf(req.params.id)),
  );

  r.put(
    '/api/v1/streets/:id/sign-in-settings',
    {
      schema: {
        tags,
        summary: '设置工作人员登录要求 / Require a password or a second factor of the street’s staff',
        params: IdParams,
        body: SignInSettingsUpdate,
        response: { 200: SignInSettings },
      },
    },
    async (req) => secondFactor.updateSettings(contextOf(req), await streetOf(req.params.id), req.body),
  );
}
