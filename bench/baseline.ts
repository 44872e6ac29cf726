import { createHash, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/platform/config';
import { idempotencyFrom } from '../apps/server/src/platform/idempotency';
import { ConnectionKeepingPool } from '../apps/server/src/platform/pg-pool';
import { CHORE_APPROVE, CHORE_SUBMIT, FIGURES, INTAKE, REDEEM } from './baseline-sql';

/**
 * The bare baseline of `npm run bench` (docs/rules.md#quality): node:http + pg and hand-written SQL
 * (bench/baseline-sql.ts), no framework, no validation library, no call into the server's code beyond
 * its config loader, the Idempotency-Key hash and its connection pool (node-postgres' pool that keeps a
 * connection after a refused statement, as the server's does). Every use case has the same effect as the server's
 * (same rows, same answer) and authenticates the caller from the session cookie inside its statement.
 * Statements are named, so PostgreSQL parses and plans each once per connection.
 * - POST /api/v1/reports, POST …/chores/tasks/:id/submissions, POST …/chores/submissions/:id/approve,
 *   POST /api/v1/mall/orders, GET /api/v1/reports/figures: one statement each (bench/baseline-sql.ts).
 */

const config = loadConfig({ ...process.env, SEED_ON_EMPTY: 'false' });
pg.types.setTypeParser(20, (v) => Number(v));
const pool = new ConnectionKeepingPool({ connectionString: config.databaseUrl, max: config.poolSize });

const tokenHashOf = (req: IncomingMessage) => {
  const m = /lz_session=([^;]+)/.exec(req.headers.cookie ?? '');
  return createHash('sha256')
    .update(m?.[1] ?? '')
    .digest('base64url');
};

function send(res: ServerResponse, status: number, body: unknown) {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

/**
 * Runs one named statement that also stores the answer under the Idempotency-Key; a repeated key
 * violates the key's primary key and the stored answer is read instead. No row back: 404.
 */
async function once(
  res: ServerResponse,
  req: IncomingMessage,
  name: string,
  text: string,
  values: unknown[],
  status: number,
  idem: { key: string; requestHash: string } | undefined,
) {
  try {
    const r = await pool.query({ name, text, values });
    if (r.rowCount === 0) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'not found' } });
    return send(res, status, r.rows[0]);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505' || !idem) throw err;
    const stored = await pool.query({
      name: 'idem-stored',
      text: `select k.response from idempotency_keys k join sessions s on s.user_id = k.user_id
              where s.token_hash = $1 and k.key = $2`,
      values: [tokenHashOf(req), idem.key],
    });
    return send(res, status, stored.rows[0]?.response);
  }
}

const idemOf = (req: IncomingMessage, path: string, body: unknown) =>
  idempotencyFrom(req.headers['idempotency-key'], 'POST', path, { params: {}, query: {}, body });

const PICKUP = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const refuse = (res: ServerResponse, code: string) => send(res, 409, { error: { code, message: code } });

/** The redeem: one statement (REDEEM); a unique violation is a retry (its stored answer) or a second order. */
async function redeem(req: IncomingMessage, res: ServerResponse) {
  const streetId = Number(req.headers['x-bench-street']);
  const path = String(req.headers['x-bench-path']);
  const body = (await readBody(req)) as { items: { productId: number; quantity: number }[] };
  const idem = idemOf(req, '/api/v1/mall/orders', body);
  const item = body.items[0] as { productId: number; quantity: number };
  let code = '';
  for (let i = 0; i < 8; i++) code += PICKUP[randomInt(PICKUP.length)];
  const token = tokenHashOf(req);
  try {
    const r = await pool.query({
      name: 'redeem',
      text: REDEEM,
      values: [
        token,
        streetId,
        item.productId,
        item.quantity,
        path,
        code,
        JSON.stringify(body.items),
        idem?.key ?? null,
        idem?.requestHash ?? null,
      ],
    });
    const row = r.rows[0];
    if (!row) return refuse(res, 'MALL_CLOSED');
    // A retry of a request already answered: its stored answer (or 409 for another body under the key).
    if (row.prior !== null) {
      return row.priorHash === idem?.requestHash ? send(res, 201, row.prior) : refuse(res, 'IDEMPOTENCY_KEY_REUSED');
    }
    if (row.id === null) return refuse(res, 'SOLD_OUT');
    const { id, streetId: street, userId, pointsTotal, pickupCode, items } = row;
    return send(res, 201, { id, streetId: street, userId, pointsTotal, pickupCode, items });
  } catch (err) {
    const e = err as { code?: string };
    if (e.code === '23514') return refuse(res, 'INSUFFICIENT_POINTS');
    if (e.code !== '23505') throw err;
    if (idem) {
      const stored = await pool.query({
        name: 'idem-stored',
        text: `select k.response from idempotency_keys k join sessions s on s.user_id = k.user_id
                where s.token_hash = $1 and k.key = $2`,
        values: [token, idem.key],
      });
      if (stored.rows[0]) return send(res, 201, stored.rows[0].response);
    }
    return refuse(res, 'ORDER_LIMIT_REACHED');
  }
}

async function route(req: IncomingMessage, res: ServerResponse, url: URL) {
  const token = tokenHashOf(req);
  const ip = '127.0.0.1';
  if (req.method === 'POST' && url.pathname === '/api/v1/mall/orders') return redeem(req, res);
  if (req.method === 'POST' && url.pathname === '/api/v1/reports') {
    const body = (await readBody(req)) as { buildingId: number; categoryId: number; description: string };
    const idem = idemOf(req, url.pathname, body);
    const values = [token, body.buildingId, body.categoryId, body.description, idem?.key, idem?.requestHash, ip];
    return once(res, req, 'intake', INTAKE, values, 201, idem);
  }
  const submit = /^\/api\/v1\/chores\/tasks\/(\d+)\/submissions$/.exec(url.pathname);
  if (submit && req.method === 'POST') {
    const body = (await readBody(req)) as { photos: { id: number }[]; note?: string };
    const idem = idemOf(req, '/api/v1/chores/tasks/:id/submissions', body);
    const values = [token, Number(submit[1]), body.photos[0]?.id, body.note ?? null, idem?.key, idem?.requestHash, ip];
    return once(res, req, 'chore-submit', CHORE_SUBMIT, values, 201, idem);
  }
  const approve = /^\/api\/v1\/chores\/submissions\/(\d+)\/approve$/.exec(url.pathname);
  if (approve && req.method === 'POST') {
    const idem = idemOf(req, '/api/v1/chores/submissions/:id/approve', undefined);
    const values = [token, Number(approve[1]), idem?.key, idem?.requestHash, ip];
    return once(res, req, 'chore-approve', CHORE_APPROVE, values, 200, idem);
  }
  if (req.method === 'GET' && url.pathname === '/api/v1/reports/figures') {
    const r = await pool.query({
      name: 'figures',
      text: FIGURES,
      values: [token, Number(url.searchParams.get('orgUnitId'))],
    });
    if (r.rowCount === 0) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'not found' } });
    const rows = r.rows as { g: number; level: number | null; category: number | null; day: string | null }[];
    return send(res, 200, {
      total: rows.find((x) => x.level === null && x.category === null && x.day === null),
      byLevel: rows.filter((x) => x.level !== null),
      byCategory: rows.filter((x) => x.category !== null),
      byDay: rows.filter((x) => x.day !== null),
    });
  }
  return send(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: `${req.method} ${url.pathname}` } });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  route(req, res, url).catch((err: unknown) => {
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status < 500) {
      return send(res, status, { error: { code: (err as { code?: string }).code, message: 'refused' } });
    }
    process.stderr.write(`baseline: ${(err as Error).stack}\n`);
    send(res, 500, { error: { code: 'INTERNAL', message: String(err) } });
  });
});
server.listen(config.port, '127.0.0.1', () => process.stdout.write(`baseline listening on ${config.port}\n`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
  process.exit(0);
});
