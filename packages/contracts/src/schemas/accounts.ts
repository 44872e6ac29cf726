import { z } from 'zod';
import { OrgKind, Role } from '../enums';
import { MobilePhone } from './auth';
import { Id, IdParam, Text } from './common';

/** A person's name as staff type it. */
const Name = Text(40).pipe(z.string().min(1));

export const CreateAccountRequest = z.object({ name: Name, phone: MobilePhone, role: Role, orgUnitId: Id }).strict();
export type CreateAccountRequest = z.infer<typeof CreateAccountRequest>;

export const GrantRequest = z.object({ role: Role, orgUnitId: Id, reason: Text(200).optional() }).strict();
export type GrantRequest = z.infer<typeof GrantRequest>;

export const ReasonRequest = z.object({ reason: Text(200).pipe(z.string().min(1)) }).strict();
export type ReasonRequest = z.infer<typeof ReasonRequest>;

export const AccountBindingView = z.object({
  bindingId: z.number(),
  role: Role,
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  orgKind: OrgKind,
});

export const AccountView = z.object({
  id: z.number(),
  name: z.string(),
  phoneMasked: z.string(),
  disabled: z.boolean(),
  roles: z.array(AccountBindingView),
});
export type AccountView = z.infer<typeof AccountView>;

export const AccountListQuery = z.object({ orgUnitId: IdParam.optional(), phone: MobilePhone.optional() }).strict();
export const AccountList = z.object({ items: z.array(AccountView) });

export const MySessionView = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export const MySessions = z.object({ items: z.array(MySessionView) });
export const SessionIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{16}$/) }).strict();
export const BindingIdParams = z.object({ id: IdParam, bindingId: IdParam }).strict();

export const CaptainRegisterRequest = z.object({ userId: Id, reason: Text(200).optional() }).strict();
export type CaptainRegisterRequest = z.infer<typeof CaptainRegisterRequest>;
export const CaptainUnbindParams = z.object({ id: IdParam, userId: IdParam }).strict();

export const CaptainAssignmentView = z.object({
  id: z.number(),
  userId: z.number(),
  userName: z.string(),
  action: z.enum(['bind', 'unbind']),
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});
export const CaptainAssignmentList = z.object({ items: z.array(CaptainAssignmentView) });
