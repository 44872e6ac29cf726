import { z } from 'zod';
import { OrgKind, Role } from '../enums';
import { MOBILE_RE, normalisePhone } from '../validation/phone';
import { Text } from './common';

export const LoginRequest = z
  .object({
    phone: z.string().trim().min(5).max(20),
    password: z.string().min(1).max(128),
    /** The authenticator's code, where the street requires a second factor of its staff. */
    totpCode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
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

export const MeResponse = z.object({
  user: UserView,
  /** Staff only: whether an authenticator is set up, and whether their street requires one. */
  secondFactor: z.object({ enabled: z.boolean(), required: z.boolean() }).optional(),
});

export const TotpSetupResponse = z.object({ secret: z.string(), uri: z.string() });
export const TotpConfirmRequest = z.object({ code: z.string().regex(/^\d{6}$/) }).strict();
export const SignInSettings = z
  .object({ streetId: z.number(), staffPasswordRequired: z.boolean(), staffTotpRequired: z.boolean() })
  .strict();
export const SignInSettingsUpdate = z
  .object({ staffPasswordRequired: z.boolean(), staffTotpRequired: z.boolean() })
  .strict();

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(128), newPassword: Text(128).pipe(z.string().min(8)) })
  .strict();

/** A mainland mobile number (SMS goes only to these), normalised: spaces, dashes and +86 dropped. */
export const MobilePhone = z
  .string()
  .max(20)
  .transform(normalisePhone)
  .pipe(z.string().regex(MOBILE_RE, '请输入 11 位手机号 / an 11-digit mobile number'));

export const SMS_CODE_PURPOSES = ['login', 'reset'] as const;
export const SmsCodeRequest = z
  .object({ phone: MobilePhone, purpose: z.enum(SMS_CODE_PURPOSES).default('login') })
  .strict();
export type SmsCodeRequest = z.infer<typeof SmsCodeRequest>;

/** The same answer whether or not the phone has an account. */
export const SmsCodeResponse = z.object({ sent: z.literal(true), retryAfterSeconds: z.number().int() });

export const SmsCode = z.string().regex(/^\d{6}$/, '6 位数字 / 6 digits');
export const SmsLoginRequest = z
  .object({
    phone: MobilePhone,
    code: SmsCode,
    totpCode: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
  })
  .strict();
export type SmsLoginRequest = z.infer<typeof SmsLoginRequest>;

export const PasswordResetRequest = z
  .object({ phone: MobilePhone, code: SmsCode, newPassword: Text(128).pipe(z.string().min(8)) })
  .strict();
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const SmsOutboxItem = z.object({
  phone: z.string(),
  text: z.string(),
  kind: z.string(),
  createdAt: z.string(),
});
export const SmsOutboxPage = z.object({ items: z.array(SmsOutboxItem) });
export type SmsOutboxPage = z.infer<typeof SmsOutboxPage>;
