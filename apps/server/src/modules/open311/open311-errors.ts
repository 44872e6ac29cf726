import type { Lang } from '@louzhang/contracts';

/**
 * GeoReport v2 errors: `[{ code, description }]` (`<errors><error>…`), with the HTTP status the spec asks
 * for — 404 for what does not exist, 403 for a missing or wrong api_key, 400 for anything else. `code` is
 * the HTTP status, as in the spec's example; the description says which field and why, in zh or en.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 413 | 415 | 429,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
  body(lang: Lang): { code: number; description: string }[] {
    return [{ code: this.status, description: lang === 'en' ? this.en : this.zh }];
  }
}

export const badKey = () =>
  new Open311Error(
    403,
    'api_key 缺失或无效，无法处理该请求',
    "Invalid or missing api_key received -- can't proceed with the request",
  );

export const missing = (field: string) => new Open311Error(400, `缺少必填参数 ${field}`, `${field} was not provided`);

export const invalid = (field: string, zh: string, en: string) =>
  new Open311Error(400, `参数 ${field} 无效：${zh}`, `${field} is not valid: ${en}`);

export const notFound = (what: string, value: string) =>
  new Open311Error(404, `找不到 ${what}：${value}`, `${what} provided was not found: ${value}`);
