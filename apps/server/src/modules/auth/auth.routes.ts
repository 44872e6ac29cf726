import {
  LoginRequest,
  MeResponse,
  PasswordResetRequest,
  SmsCodeRequest,
  SmsCodeResponse,
  SmsLoginRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../platform/config';
import { requireActor } from '../../platform/http';
import type { AuthService } from './auth.service';

export const SESSION_COOKIE = 'lz_session';

/**
 * Over HTTPS the cookie is `Secure` and named with the `__Host-` prefix, which browsers accept only
 * from a secure origin, without a Domain and for path `/`: no subdomain or plain-HTTP page can set it.
 */
export function sessionCookieName(config: Pick<Config, 'session'>): string {
  return config.session.cookieSecure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export function authRoutes(app: FastifyInstance, auth: AuthService, config: Pick<Config, 'session' | 'login'>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieName = sessionCookieName(config);
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
      const { phone, password, totpCode } = req.body;
      const { token, user } = await auth.login(phone, password, req.ip, req.headers['user-agent'], totpCode);
      reply.setCookie(cookieName, token, cookieOptions);
      return { user };
    },
  );

  r.post(
    '/api/v1/auth/sms-code',
    {
      schema: {
        tags: ['auth'],
        summary: '发送短信验证码 / Send a one-time code by SMS',
        description:
          'One a minute and 10 a day per phone, and a limit per address. The answer is the same whether or not the phone has an account.',
        body: SmsCodeRequest,
        response: { 202: SmsCodeResponse },
      },
      config: { rateLimit: { max: config.login.smsPerAddressPerHour, timeWindow: '1 hour' } },
    },
    async (req, reply) => {
      const res = await auth.sendCode(req.body.phone, req.body.purpose, req.ip);
      return reply.status(202).send(res);
    },
  );

  r.post(
    '/api/v1/auth/sms-login',
    {
      schema: {
        tags: ['auth'],
        summary: '手机号 + 验证码登录（首次登录即注册）/ Sign in with an SMS code (signs up on first use)',
        body: SmsLoginRequest,
        response: { 200: MeResponse },
      },
      config: { rateLimit: { max: config.login.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const { phone, code, totpCode } = req.body;
      const { token, user } = await auth.smsLogin(phone, code, req.ip, req.headers['user-agent'], totpCode);
      reply.setCookie(cookieName, token, cookieOptions);
      return { user };
    },
  );

  r.post(
    '/api/v1/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: '凭短信验证码重设密码 / Set a new password with an SMS code',
        body: PasswordResetRequest,
        response: { 204: z.null() },
      },
      config: { rateLimit: { max: config.login.ratePerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      await auth.resetPassword(req.body.phone, req.body.code, req.body.newPassword, req.ip);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], summary: '退出登录 / Sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      const actor = requireActor(req);
      await auth.logout(req.cookies[cookieName] ?? '', actor, req.ip);
      reply.clearCookie(cookieName, { path: '/', secure: cookieOptions.secure });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    { schema: { tags: ['auth'], summary: '当前用户 / Current user', response: { 200: MeResponse } } },
    async (req) => auth.me(requireActor(req)),
  );
}
