import {
  AccountList,
  AccountListQuery,
  AccountView,
  BindingIdParams,
  CreateAccountRequest,
  GrantRequest,
  IdParams,
  MySessions,
  ReasonRequest,
  SessionIdParams,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, requireActor } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { CaptainRegistrationService } from '../captains/captain-registration.service';
import type { AccountsService } from './accounts.service';
import { ACCOUNTS_SHEET } from './accounts-excel';

export function accountsRoutes(
  app: FastifyInstance,
  accounts: AccountsService,
  captainRegistration: CaptainRegistrationService,
  cookieName: string,
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  const noStore = { 'cache-control': 'no-store' };

  r.get(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: '用户与权限：账号列表 / Accounts in my granting scope (or one by phone)',
        querystring: AccountListQuery,
        response: { 200: AccountList },
      },
    },
    async (req, reply) => {
      reply.headers(noStore);
      return accounts.list(contextOf(req), req.query);
    },
  );
  r.get(
    '/api/v1/accounts/export',
    {
      schema: {
        tags,
        summary: '导出用户与权限（按当前筛选）/ Export the listed accounts (.xlsx)',
        description: 'The list’s filter; phones masked; audited (account.export, a searched phone masked) first.',
        querystring: AccountListQuery,
      },
    },
    async (req, reply) =>
      sendListSheet(req, reply, ACCOUNTS_SHEET, await accounts.exportList(contextOf(req), req.query)),
  );
  r.post(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: '新建工作人员账号 / Create a staff account with its first role',
        body: CreateAccountRequest,
        response: { 201: AccountView },
      },
    },
    async (req, reply) => reply.status(201).send(await accounts.create(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/accounts/:id',
    { schema: { tags, summary: '账号详情 / An account', params: IdParams, response: { 200: AccountView } } },
    async (req) => accounts.get(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/accounts/:id/bindings',
    {
      schema: {
        tags,
        summary: '授予角色 / Grant a role at an org unit',
        params: IdParams,
        body: GrantRequest,
        response: { 200: AccountView },
      },
    },
    async (req) => {
      const ctx = contextOf(req);
      if (req.body.role !== 'captain') return accounts.grant(ctx, req.params.id, req.body);
      // A captain is registered (with its history), whichever screen does it.
      await captainRegistration.register(ctx, req.body.orgUnitId, { userId: req.params.id, reason: req.body.reason });
      return accounts.get(ctx, req.params.id);
    },
  );
  r.post(
    '/api/v1/accounts/:id/bindings/:bindingId/revoke',
    {
      schema: {
        tags,
        summary: '撤销角色 / Revoke a role binding',
        params: BindingIdParams,
        body: ReasonRequest,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await accounts.revoke(contextOf(req), req.params.id, req.params.bindingId, req.body.reason);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/accounts/:id/disable',
    {
      schema: {
        tags,
        summary: '停用账号（立即下线）/ Disable an account (its sessions end at once)',
        params: IdParams,
        body: ReasonRequest,
        response: { 200: AccountView },
      },
    },
    async (req) => accounts.disable(contextOf(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/v1/accounts/:id/enable',
    { schema: { tags, summary: '启用账号 / Enable an account', params: IdParams, response: { 200: AccountView } } },
    async (req) => accounts.enable(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/accounts/:id/second-factor/reset',
    {
      schema: {
        tags,
        summary: "解绑身份验证器（换手机、丢手机）/ Clear the account's authenticator",
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await accounts.resetSecondFactor(contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/v1/accounts/:id/password-reset',
    {
      schema: {
        tags,
        summary: '发送重设密码验证码 / Text the account a password reset code',
        params: IdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await accounts.sendPasswordReset(contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/me/sessions',
    { schema: { tags, summary: '我的登录设备 / My active sessions', response: { 200: MySessions } } },
    async (req, reply) => {
      reply.headers(noStore);
      return accounts.mySessions(requireActor(req), req.cookies[cookieName] ?? '');
    },
  );
  r.post(
    '/api/v1/me/sessions/:id/end',
    {
      schema: {
        tags,
        summary: '下线一个设备 / End one of my sessions',
        params: SessionIdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await accounts.endMySession(contextOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
