import { type ErrorCode, errorInfo, type Lang } from '@louzhang/contracts';

export interface FieldError {
  path: string;
  message: string;
}

/** The one error type services throw; the HTTP layer maps `code` to status and message. */
export class AppError extends Error {
  readonly code: ErrorCode | (string & {});
  readonly fields: FieldError[] | undefined;
  readonly detail: { zh?: string; en?: string } | undefined;
  /** Seconds a refused caller should wait (sent as `Retry-After` with a 429). */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    code: ErrorCode | (string & {}),
    opts: { fields?: FieldError[]; zh?: string; en?: string; retryAfterSeconds?: number } = {},
  ) {
    // A refusal (4xx) is an answer, not a fault: nobody reads its stack, and capturing one is most of
    // what throwing it costs (the opening-day rush answers thousands of SOLD_OUT a second). A 5xx keeps it.
    const refusal = errorInfo(code).status < 500;
    const limit = Error.stackTraceLimit;
    if (refusal) Error.stackTraceLimit = 0;
    super(code);
    if (refusal) Error.stackTraceLimit = limit;
    this.code = code;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.detail = opts.zh || opts.en ? { zh: opts.zh, en: opts.en } : undefined;
  }
  get status(): number {
    return errorInfo(this.code).status;
  }
  messageIn(lang: Lang): string {
    const info = errorInfo(this.code);
    const extra = this.detail?.[lang];
    return extra ? `${info[lang]}${lang === 'zh' ? '：' : ': '}${extra}` : info[lang];
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
