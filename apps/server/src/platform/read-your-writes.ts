import type { FastifyInstance } from 'fastify';
import type { ReplicaReads } from './replica';

/** Set on the answer to a write: when (ms since the epoch) this browser last wrote. */
export const WROTE_COOKIE = 'lz_wrote';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Read-your-writes with a read replica (docs/ARCHITECTURE.md#read-replica): an API write that succeeded
 * sets `lz_wrote`, and for `reads.readYourWritesSeconds` after it the caller's lag-tolerant reads go to the
 * primary (`req.readsPrimary`, carried by the RequestContext), so a list or dashboard opened right after
 * an action shows it. The cookie is a hint, not a credential: forging it only moves one's own reads to the
 * primary, dropping it only shows oneself older data. Without a replica nothing is set.
 */
export function installReadYourWrites(app: FastifyInstance, reads: ReplicaReads, secure: boolean): void {
  app.decorateRequest('readsPrimary', false);
  const seconds = reads.readYourWritesSeconds;
  if (!reads.status().configured || seconds <= 0) return;
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const at = Number(req.cookies[WROTE_COOKIE]);
    const age = Date.now() - at;
    req.readsPrimary = Number.isFinite(at) && age > -seconds * 1000 && age < seconds * 1000;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (WRITES.has(req.method) && reply.statusCode < 400 && req.url.startsWith('/api/')) {
      reply.setCookie(WROTE_COOKIE, String(Date.now()), {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: seconds,
      });
    }
    return payload;
  });
}
