import { LoginRequest, MeResponse } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../platform/config';
import { requireActor } from '../../platform/http';
import type { AuthService } from './auth.service';

export const SESSION_COOKIE = 'lz_session';

export function authRoutes(app: FastifyInstance, auth: AuthService, config: Pick<Config, 'session' | 'login'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.session.cookieSecure,
    maxAge: Math.floor(config.session.absoluteMs / 1000),
  };

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '手机号 + 密码登录 / Sign in',
        body: LoginRequest,
        response: { 200: MeResponse },
      },
      config: { rateLimit: { max: config.login.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { token, user } = await auth.login(req.body.phone, req.body.password, req.ip, req.headers['user-agent']);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return { user };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录 / Sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      const actor = requireActor(req);
      await auth.logout(req.cookies[SESSION_COOKIE] ?? '', actor, req.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: '当前用户 / Current user', response: { 200: MeResponse } } },
    async (req) => ({ user: await auth.viewOf(requireActor(req).userId) }),
  );
}
