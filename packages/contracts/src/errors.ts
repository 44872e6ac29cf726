/**
 * Every error the API can answer with. Clients branch on `code`; `message` is for people and comes
 * in the caller's language. The HTTP status of each code lives here too, so there is one table.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容有误，请检查后重试', en: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求格式错误（JSON 无法解析）', en: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, zh: '请求无法处理', en: 'The request cannot be processed' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码错误', en: 'Wrong phone number or password' },
  FORBIDDEN: { status: 403, zh: '您没有权限执行此操作', en: 'You are not allowed to do this' },
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
  IMPORT_HAS_ERRORS: {
    status: 422,
    zh: '导入文件有错误行，未写入任何数据',
    en: 'The import file has rows with errors; nothing was written',
  },
  BAD_FILE: { status: 400, zh: '文件无法读取，请上传 .xlsx 文件', en: 'The file cannot be read; upload an .xlsx file' },
  BAD_TEMPLATE: {
    status: 400,
    zh: '文件表头与模板不一致，请下载最新模板',
    en: 'The file headers do not match the template',
  },
  TOO_MANY_ROWS: { status: 400, zh: '文件行数超过上限', en: 'The file has too many rows' },
  UNSUPPORTED_IMAGE: {
    status: 415,
    zh: '只支持 JPEG、PNG 或 WebP 图片',
    en: 'Only JPEG, PNG or WebP images are accepted',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    zh: '图片过大（最大 10 MB、4000 万像素）',
    en: 'The image is too large (10 MB, 40 megapixels at most)',
  },
  IMAGE_UNREADABLE: { status: 400, zh: '图片已损坏，无法读取', en: 'The image is damaged and cannot be read' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '密码错误次数过多，账号已暂时锁定，请稍后再试',
    en: 'Too many failed attempts; the account is locked for a while',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INSUFFICIENT_POINTS: { status: 409, zh: '积分不足', en: 'Not enough points' },
  NOT_A_CAPTAIN: { status: 403, zh: '只有楼长可以兑换积分', en: 'Only building captains can redeem points' },
  SOLD_OUT: { status: 409, zh: '商品已兑完，本次未扣积分', en: 'Sold out; no points were charged' },
  PRODUCT_UNAVAILABLE: {
    status: 404,
    zh: '商品不存在或已下架',
    en: 'This product does not exist or is no longer offered',
  },
  PER_PERSON_LIMIT: { status: 422, zh: '超过每人限兑数量', en: 'More than the per-person limit' },
  WINDOW_CLOSED: { status: 409, zh: '本月兑换时间未开始或已结束', en: 'The redemption window is not open' },
  ORDER_LIMIT_REACHED: {
    status: 409,
    zh: '本期已兑换过一次（每月兑换一次，人人有机会）',
    en: 'You already have an order in this redemption window',
  },
  ORDER_STATE: { status: 409, zh: '订单当前状态不允许此操作', en: 'The order is not in a state that allows this' },
  PICKUP_CODE_UNKNOWN: { status: 404, zh: '取货码无效', en: 'Unknown pick-up code' },
  ALREADY_DECIDED: { status: 409, zh: '该调整已处理', en: 'This adjustment has already been decided' },
  SECOND_APPROVER_REQUIRED: {
    status: 403,
    zh: '该调整须由另一位工作人员审批',
    en: 'This adjustment must be approved by another staff member',
  },
  INTERNAL: { status: 500, zh: '服务器开小差了，请稍后再试', en: 'Something went wrong on our side' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'zh' | 'en';

export interface ErrorBody {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    fields?: { path: string; message: string }[];
  };
}

/** The status and messages of a code; unknown codes read as INTERNAL. Features add their codes to ERRORS. */
export function errorInfo(code: string): { status: number; zh: string; en: string } {
  return (ERRORS as Record<string, { status: number; zh: string; en: string }>)[code] ?? ERRORS.INTERNAL;
}
