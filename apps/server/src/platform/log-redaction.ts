import type { FastifyRequest } from 'fastify';

/**
 * Query parameters whose values never reach a log line: Open311 API keys (a key in a log file is a key
 * anyone with the logs can use), and what people search the registry and reports for (residents' names,
 * phone numbers, addresses are personal data).
 */
const SECRET_PARAMS = new Set([
  'api_key',
  'q',
  'name',
  'phone',
  'idnumber',
  'id_number',
  'address_string',
  'email',
  'first_name',
  'last_name',
  'token',
  'code',
]);

/** `url` with the values of SECRET_PARAMS replaced; the path and the other parameters stay readable. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq < 0 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the raw key
      }
      return SECRET_PARAMS.has(key.toLowerCase()) && eq >= 0 ? `${rawKey}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/** Pino serializers for Fastify's request logs: the URL redacted, no headers (cookies, keys) at all. */
export const redactingSerializers = {
  req(req: FastifyRequest) {
    return {
      method: req.method,
      url: redactUrl(req.url),
      hostname: req.hostname,
      remoteAddress: req.ip,
    };
  },
};
