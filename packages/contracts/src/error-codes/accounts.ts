import type { ErrorEntry } from '../errors';

/** Sign-in, second factor, accounts and roles, residency: their error codes, part of `ERRORS`. */
export const ACCOUNT_ERRORS = {
  ID_NUMBER_REGISTERED: {
    status: 409,
    zh: '该身份证号已在您的管辖范围内登记',
    en: 'This ID number is already registered in your jurisdiction',
  },
  TOTP_REQUIRED: {
    status: 401,
    zh: '请输入身份验证器上的 6 位动态码',
    en: 'Enter the 6-digit code from your authenticator app',
  },
  TOTP_INVALID: { status: 401, zh: '动态码错误或已使用', en: 'Wrong or already used authenticator code' },
  TOTP_SETUP_REQUIRED: {
    status: 403,
    zh: '本街道要求工作人员启用两步验证，请先绑定身份验证器',
    en: 'Your street requires a second factor: set up an authenticator app first',
  },
  TOTP_NOT_PENDING: {
    status: 409,
    zh: '没有待确认的身份验证器，请重新开始绑定',
    en: 'No authenticator is being set up; start again',
  },
  PASSWORD_REQUIRED_FOR_STAFF: {
    status: 403,
    zh: '本街道要求工作人员使用密码登录',
    en: 'Your street requires staff to sign in with their password',
  },
  RESIDENCY_ALREADY_RESIDENT: {
    status: 409,
    zh: '您已是该楼栋的登记住户',
    en: 'You are already a registered resident of this building',
  },
  RESIDENCY_CLAIM_PENDING: {
    status: 409,
    zh: '您在该楼栋已有待确认的申请',
    en: 'You already have a request waiting for confirmation in this building',
  },
  RESIDENCY_CLAIM_DECIDED: {
    status: 409,
    zh: '该申请已处理',
    en: 'This request has already been decided',
  },
  RESIDENCY_OWN_CLAIM: {
    status: 403,
    zh: '不能确认自己的住户申请',
    en: 'You cannot confirm your own request',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  SMS_CODE_INVALID: {
    status: 401,
    zh: '验证码错误或已失效，请重新获取',
    en: 'The code is wrong or no longer valid; ask for a new one',
  },
  SMS_TOO_FREQUENT: {
    status: 429,
    zh: '验证码发送过于频繁，请稍后再试',
    en: 'Codes were sent too often; try again later',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many attempts; try again later',
  },
  SECOND_FACTOR_REQUIRED: {
    status: 401,
    zh: '工作人员登录须输入动态验证码',
    en: 'Staff sign-in needs the code from your authenticator app',
  },
  GRANT_NOT_ALLOWED: {
    status: 403,
    zh: '您不能在该范围授予此角色',
    en: 'You may not grant this role at this place',
  },
  LAST_ADMIN: {
    status: 409,
    zh: '不能停用或撤销最后一位系统管理员',
    en: 'The last administrator cannot be disabled or removed',
  },
  ROLE_UNIT_MISMATCH: {
    status: 400,
    zh: '该角色不能设在这一级组织（如楼长须设在楼栋）',
    en: 'This role is not held at this kind of unit (a captain is held at a building)',
  },
  PHONE_TAKEN: { status: 409, zh: '该手机号已有账号', en: 'This phone number already has an account' },
  NO_BUILDINGS: { status: 404, zh: '该范围内没有楼栋', en: 'There are no buildings here' },
} as const satisfies Record<string, ErrorEntry>;
