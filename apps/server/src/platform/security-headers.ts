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

/** The API document's viewer ships inline scripts of its own; it shows no personal data. */
const DOCS_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

/**
 * Headers on every response: the policy above, no MIME sniffing, no framing, no referrer to other sites,
 * and `Cache-Control: no-store` on API answers (personal data must not stay in a shared computer's cache)
 * unless the route chose its own.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    const docs = req.url.startsWith('/api/v1/docs');
    reply.header('content-security-policy', docs ? DOCS_POLICY : CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    if (req.url.startsWith('/api/') && !docs && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
