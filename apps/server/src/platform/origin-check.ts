import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery: a browser attaches the session cookie to a form or fetch that a page of
 * another origin sends, and `SameSite=Lax` does not stop a page of the same site (another port, another
 * subdomain). So a state-changing request that carries cookies must come from this server's own origin,
 * PUBLIC_URL's, or one configured for a reverse proxy. Browsers say where a request comes from with
 * `Sec-Fetch-Site` and `Origin`; clients that send neither (scripts, Open311 systems with an API key)
 * cannot be made to forge anything and are left alone, as are requests without cookies.
 */
export function installOriginCheck(
  app: FastifyInstance,
  opts: { publicUrl: string; allowedOrigins: readonly string[] },
) {
  const allowed = new Set([originOf(opts.publicUrl), ...opts.allowedOrigins.map(originOf)].filter(Boolean));
  app.addHook('onRequest', (req, _reply, done) => {
    if (SAFE_METHODS.has(req.method) || !req.headers.cookie || isSameOrigin(req, allowed)) done();
    else done(new AppError('CROSS_ORIGIN_REFUSED'));
  });
}

function isSameOrigin(req: FastifyRequest, allowed: Set<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  // 'none' is a navigation the person started (typed address, bookmark): not a page's doing.
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  const o = originOf(origin);
  if (!o) return false;
  if (allowed.has(o)) return true;
  // The server's own origin as the browser addressed it (Host), whatever the scheme in front of it.
  const host = req.headers.host;
  return typeof host === 'string' && new URL(o).host === host.toLowerCase();
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
