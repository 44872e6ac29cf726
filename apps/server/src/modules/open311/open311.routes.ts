import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { langOf } from '../../platform/http';
import type { Open311Service } from './open311.service';
import { Open311Error } from './open311-errors';
import { CONTENT_TYPE, type Format, render, splitFormat } from './open311-format';
import type { Fields } from './open311-input';

const PREFIX = '/open311/v2';
const FORM = 'application/x-www-form-urlencoded';

/**
 * Open311 GeoReport v2 under /open311/v2: not part of the session API, so its own plugin with its own
 * body parser (form encoding), error shape (`[{code, description}]` / `<errors>`) and not-found answer.
 * Every resource is `<name>.json` or `<name>.xml`.
 */
export async function open311Routes(app: FastifyInstance, open311: Open311Service, opts: { postsPerMinute: number }) {
  await app.register(
    async (scope) => {
      scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
        done(null, parseForm(String(body)));
      });
      scope.setErrorHandler((err, req, reply) => sendError(req, reply, err));
      scope.setNotFoundHandler((req, reply) =>
        sendError(req, reply, new Open311Error(404, '接口不存在', 'No such resource')),
      );

      // discovery.{fmt}, services.{fmt}, requests.{fmt}
      scope.get(
        '/:file',
        doc(
          'discovery / services / requests 列表',
          'discovery.{json|xml}, services.{json|xml}; requests.{json|xml}?api_key=…&service_request_id=&service_code=&start_date=&end_date=&status=open|closed',
        ),
        async (req, reply) => {
          const { name, format } = resource(req, (req.params as { file: string }).file);
          const q = queryFields(req);
          const lang = langOf(req);
          if (name === 'discovery') return send(reply, format, 'discovery', open311.discovery(lang));
          if (name === 'services') {
            return send(reply, format, 'services', await open311.services(lang, q.get('jurisdiction_id')));
          }
          if (name === 'requests') {
            return send(reply, format, 'service_requests', await open311.list(q, q.get('api_key'), lang));
          }
          throw new Open311Error(404, '接口不存在', 'No such resource');
        },
      );

      scope.post(
        '/:file',
        {
          ...doc(
            '提交诉求 / POST Service Request',
            'requests.{json|xml}, application/x-www-form-urlencoded: api_key, service_code, lat & long | address_string | address_id, description, media_url, first_name, last_name, phone, email, device_id, account_id, attribute[CODE]. Optional Idempotency-Key header (resolvable via tokens/{token}).',
          ),
          config: { rateLimit: { max: opts.postsPerMinute, timeWindow: 60_000 } },
        },
        async (req, reply) => {
          const { name, format } = resource(req, (req.params as { file: string }).file);
          if (name !== 'requests') throw new Open311Error(404, '接口不存在', 'No such resource');
          if (!isForm(req)) {
            throw new Open311Error(400, '请以 application/x-www-form-urlencoded 提交', `Send the request as ${FORM}`);
          }
          const fields = req.body as Fields;
          const idem = req.headers['idempotency-key'];
          const created = await open311.submit(fields, {
            apiKey: fields.get('api_key'),
            token: Array.isArray(idem) ? idem[0] : idem,
            ip: req.ip,
            lang: langOf(req),
          });
          return send(reply, format, 'service_requests', created, 201);
        },
      );

      scope.get(
        '/services/:file',
        doc('服务定义 / GET Service Definition', '{service_code}.{json|xml}'),
        async (req, reply) => {
          const { name, format } = resource(req, (req.params as { file: string }).file);
          const q = queryFields(req);
          return send(
            reply,
            format,
            'service_definition',
            await open311.definition(name, langOf(req), q.get('jurisdiction_id')),
          );
        },
      );

      scope.get(
        '/requests/:file',
        doc('查询单条诉求 / GET Service Request', '{service_request_id}.{json|xml}?api_key=…'),
        async (req, reply) => {
          const { name, format } = resource(req, (req.params as { file: string }).file);
          const q = queryFields(req);
          const found = await open311.get(name, q.get('api_key'), q.get('jurisdiction_id'), langOf(req));
          return send(reply, format, 'service_requests', found);
        },
      );

      scope.get(
        '/tokens/:file',
        doc('由令牌查诉求 / GET service_request_id from a token', '{token}.{json|xml}?api_key=…'),
        async (req, reply) => {
          const { name, format } = resource(req, (req.params as { file: string }).file);
          const q = queryFields(req);
          return send(
            reply,
            format,
            'service_requests',
            await open311.token(name, q.get('api_key'), q.get('jurisdiction_id')),
          );
        },
      );
    },
    { prefix: PREFIX },
  );
}

/** What each resource is, for readers of this file; the spec itself is the reference (wiki.open311.org/GeoReport_v2). */
function doc(summary: string, description: string) {
  return {
    schema: {
      // GeoReport has its own discovery, auth (api_key) and error shape, so it stays out of the session
      // API's document (and of its access matrix and fuzzing, which assume that API's conventions)
      hide: true,
      tags: ['open311'],
      summary,
      description: `Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2). ${description} Errors: [{code, description}] / <errors><error>; 403 bad api_key, 404 unknown, 400 otherwise.`,
      security: [],
    },
  };
}

// The request's format, known before anything can fail, so that errors come back in it.
declare module 'fastify' {
  interface FastifyRequest {
    open311Format?: Format;
  }
}

function resource(req: FastifyRequest, file: string): { name: string; format: Format } {
  const r = splitFormat(file);
  if (!r) throw new Open311Error(404, '资源名须以 .json 或 .xml 结尾', 'Resources end in .json or .xml');
  req.open311Format = r.format;
  return r;
}

function send(reply: FastifyReply, format: Format, root: string, payload: unknown, status = 200) {
  return reply
    .status(status)
    .header('content-type', CONTENT_TYPE[format])
    .send(render(format, root, payload as never));
}

/** Every failure as the spec's error list; what is not ours to explain is a 400 "general service error", never a 5xx page. */
function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const format = req.open311Format ?? formatFromUrl(req.url);
  const lang = langOf(req);
  let e: Open311Error;
  if (err instanceof Open311Error) e = err;
  else {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 429) e = new Open311Error(429, '提交过于频繁，请稍后再试', 'Too many requests; try again later');
    else if (status === 413) e = new Open311Error(413, '请求内容过大', 'The request is too large');
    else if (status === 415) {
      e = new Open311Error(400, '请以 application/x-www-form-urlencoded 提交', `Send the request as ${FORM}`);
    } else if (status && status >= 400 && status < 500)
      e = new Open311Error(400, '请求无法处理', 'The request cannot be processed');
    else {
      req.log.error({ err }, 'open311 request failed');
      return reply
        .status(500)
        .header('content-type', CONTENT_TYPE[format])
        .send(
          render(format, 'errors', [{ code: 500, description: lang === 'en' ? 'Internal error' : '服务器内部错误' }]),
        );
    }
  }
  return reply
    .status(e.status)
    .header('content-type', CONTENT_TYPE[format])
    .send(render(format, 'errors', e.body(lang)));
}

function formatFromUrl(url: string): Format {
  return (url.split('?')[0] ?? '').endsWith('.json') ? 'json' : 'xml';
}

function isForm(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith(FORM);
}

function queryFields(req: FastifyRequest): Fields {
  const i = req.url.indexOf('?');
  return parseForm(i < 0 ? '' : req.url.slice(i + 1));
}

/**
 * A form or query string as GeoReport sends it: scalar fields (first value wins) and
 * `attribute[code]=v` / `attribute[code][]=v` pairs, collected by code.
 */
export function parseForm(body: string): Fields {
  const scalars = new Map<string, string>();
  const attributes = new Map<string, string[]>();
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(body);
  } catch {
    throw new Open311Error(400, '请求格式错误', 'The request body cannot be parsed');
  }
  let n = 0;
  for (const [k, v] of params) {
    if (++n > 200) throw new Open311Error(400, '参数过多', 'Too many fields');
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (m) {
      const code = m[1] as string;
      attributes.set(code, [...(attributes.get(code) ?? []), v]);
    } else if (!scalars.has(k)) scalars.set(k, v);
  }
  return { get: (name) => scalars.get(name), attributes };
}
