import { createHash } from 'node:crypto';
import { EARLY_WHO_AM_I_SCRIPT } from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';

/** The app pages' one inline script, allowed by its hash (CSP Level 2) and nothing else inline. */
const EARLY_SCRIPT_HASH = `'sha256-${createHash('sha256').update(EARLY_WHO_AM_I_SCRIPT).digest('base64')}'`;

/**
 * What the browser may load for our pages: scripts, styles, images and connections from this origin only
 * and the early "who am I" script by its hash (antd writes its styles inline; photos are previewed from blob: URLs; the phone app's outbox keeps them
 * in IndexedDB), and no page of another site may frame ours (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' ${EARLY_SCRIPT_HASH}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * An API answer in JSON is never a page: nothing in it may run or load, and no page may frame it. A page's
 * policy (above, ~430 bytes, never compressed) on each of them only cost every client its bytes: a phone
 * fetches dozens of answers a screen, and the opening-day rush is thousands a second.
 */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The API document's viewer ships inline scripts of its own; it shows no personal data. */
const DOCS_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/**
 * Headers on every response: the page policy (the API's for JSON under /api/), no MIME sniffing, no framing, no referrer to other sites,
 * and `Cache-Control: no-store` on API answers (personal data must not stay in a shared computer's cache)
 * unless the route chose its own.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const docs = req.url.startsWith('/api/v1/docs');
    const api = req.url.startsWith('/api/') && !docs;
    const json = api && String(reply.getHeader('content-type') ?? '').startsWith('application/json');
    reply.header('content-security-policy', docs ? DOCS_POLICY : json ? API_POLICY : CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (api && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
