import { type ErrorBody, errorInfo, type Lang } from '@louzhang/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { Actor, RequestContext } from './actor';
import { pgCode } from './db';
import { AppError } from './errors';
import { idempotencyFrom } from './idempotency';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The caller wrote within the read-your-writes window (the `lz_wrote` cookie): its reads stay on the primary. */
    readsPrimary: boolean;
  }
}

/** zh unless the caller's Accept-Language puts English before Chinese. */
export function langOf(req: FastifyRequest): Lang {
  const al = req.headers['accept-language'];
  if (typeof al !== 'string') return 'zh';
  for (const part of al.split(',')) {
    const tag = part.trim().toLowerCase();
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}

/** The signed-in actor, or UNAUTHENTICATED. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

/** Everything a service call needs from the HTTP request, including the Idempotency-Key for creating POSTs. */
export function contextOf(req: FastifyRequest): RequestContext {
  const actor = requireActor(req);
  return {
    actor,
    ip: req.ip,
    lang: langOf(req),
    readsPrimary: req.readsPrimary === true,
    idempotency:
      req.method === 'POST'
        ? idempotencyFrom(req.headers['idempotency-key'], req.method, req.routeOptions.url ?? req.url, {
            params: req.params,
            query: req.query,
            body: req.body,
          })
        : undefined,
  };
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** Maps anything thrown to `{ error: { code, message, fields? } }`; logs once, here, and only what is ours to fix. */
export function toErrorResponse(err: unknown, lang: Lang): { status: number; body: ErrorBody; log: boolean } {
  const body = (code: string, message?: string, fields?: ErrorBody['error']['fields']): ErrorBody => ({
    error: { code, message: message ?? errorInfo(code)[lang], ...(fields ? { fields } : {}) },
  });
  if (err instanceof AppError) {
    return { status: err.status, body: body(err.code, err.messageIn(lang), err.fields), log: err.status >= 500 };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => ({
      path: [v.instancePath.replace(/^\//, '').replaceAll('/', '.')].filter(Boolean).join('') || '(root)',
      message: v.message ?? 'invalid',
    }));
    return { status: 400, body: body('VALIDATION_FAILED', undefined, fields), log: false };
  }
  if (isResponseSerializationError(err)) return { status: 500, body: body('INTERNAL'), log: true };
  const fe = err as FastifyError;
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { status: errorInfo(mapped).status, body: body(mapped), log: false };
  if (fe?.statusCode === 429) return { status: 429, body: body('RATE_LIMITED'), log: false };
  if (isMalformedMultipart(err)) return { status: 400, body: body('BAD_REQUEST'), log: false };
  // A database constraint, a data exception, a SyntaxError or RangeError from our own code is a bug or a
  // rule nobody mapped: the service that can hit a constraint on purpose maps it to its own code where it
  // arises (INSUFFICIENT_POINTS, SOLD_OUT …). Anything left is a logged 500, never dressed up as a 4xx.
  if (pgCode(err) === undefined && typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: body('BAD_REQUEST'), log: false };
  }
  return { status: 500, body: body('INTERNAL'), log: true };
}

/**
 * A broken multipart body (no boundary, truncated parts) surfaces as a plain Error from the busboy
 * parser inside `req.file()`; it is the client's fault (found by the fuzz test).
 */
function isMalformedMultipart(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.stack ?? '').includes('busboy') &&
    /multipart|part header|end of form|boundary/i.test(err.message)
  );
}

/** The error body with the request's id, so a user's screenshot of an error leads to its log lines. */
export function withRequestId(body: ErrorBody, requestId: string): ErrorBody {
  return { error: { ...body.error, requestId } };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply: FastifyReply) => {
    const { status, body, log } = toErrorResponse(err, langOf(req));
    if (log) req.log.error({ err }, 'request failed');
    if (err instanceof AppError && err.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    }
    reply.status(status).send(withRequestId(body, req.id));
  });
}
