import { ACCOUNT_ERRORS } from './error-codes/accounts';
import { CAPTAIN_ERRORS } from './error-codes/captains';
import { CARE_ERRORS } from './error-codes/care';
import { DELIBERATION_ERRORS } from './error-codes/deliberation';
import { FILE_ERRORS } from './error-codes/files';
import { POINTS_ERRORS } from './error-codes/points';
import { REPORT_ERRORS } from './error-codes/reports';
import { VOLUNTEERING_ERRORS } from './error-codes/volunteering';

/** An error code's HTTP status and its message in both languages. */
export interface ErrorEntry {
  status: number;
  zh: string;
  en: string;
}

/**
 * Every error the API can answer with. Clients branch on `code`; `message` is for people and comes
 * in the caller's language. The HTTP status of each code lives here too, so there is one table: the
 * general codes below, each feature's in `error-codes/`.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容有误，请检查后重试', en: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求格式错误（JSON 无法解析）', en: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, zh: '请求无法处理', en: 'The request cannot be processed' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码错误', en: 'Wrong phone number or password' },
  FORBIDDEN: { status: 403, zh: '您没有权限执行此操作', en: 'You are not allowed to do this' },
  CROSS_ORIGIN_REFUSED: {
    status: 403,
    zh: '请求来自其他网站，已拒绝',
    en: 'Refused: the request came from another site',
  },
  NOT_FOUND: { status: 404, zh: '找不到该记录', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  CONFLICT: { status: 409, zh: '数据已被修改或已存在', en: 'Conflicts with the current state' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    zh: '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  BAD_IDEMPOTENCY_KEY: {
    status: 400,
    zh: 'Idempotency-Key 须为 8–128 位字母、数字或 -_:.',
    en: 'Idempotency-Key must be 8–128 characters of letters, digits or -_:.',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大', en: 'The request is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  STALE_VERSION: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'Someone changed this record; reload and try again',
  },
  INTERNAL: { status: 500, zh: '服务器开小差了，请稍后再试', en: 'Something went wrong on our side' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
  ...ACCOUNT_ERRORS,
  ...FILE_ERRORS,
  ...POINTS_ERRORS,
  ...REPORT_ERRORS,
  ...CARE_ERRORS,
  ...CAPTAIN_ERRORS,
  ...DELIBERATION_ERRORS,
  ...VOLUNTEERING_ERRORS,
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'zh' | 'en';

export interface ErrorBody {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    fields?: { path: string; message: string }[];
    requestId?: string;
  };
}

/** The status and messages of a code; unknown codes read as INTERNAL. Features add their codes to ERRORS. */
export function errorInfo(code: string): ErrorEntry {
  return (ERRORS as Record<string, ErrorEntry>)[code] ?? ERRORS.INTERNAL;
}
