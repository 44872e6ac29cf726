import { z } from 'zod';
import { OrgKind, Role } from '../enums';
import { Text } from './common';

export const LoginRequest = z
  .object({
    phone: z.string().trim().min(5).max(20),
    password: z.string().min(1).max(128),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const RoleBindingView = z.object({
  role: Role,
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  orgKind: OrgKind,
});

export const UserView = z.object({
  id: z.number(),
  name: z.string(),
  phoneMasked: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  roles: z.array(RoleBindingView),
});
export type UserView = z.infer<typeof UserView>;

export const MeResponse = z.object({ user: UserView });

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: Text(128).pipe(z.string().min(8)) })
  .strict();
