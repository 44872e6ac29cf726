import { createHash, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/platform/config';
import { idempotencyFrom } from '../apps/server/src/platform/idempotency';
import { CHORE_APPROVE, CHORE_SUBMIT, FIGURES, INTAKE } from './baseline-sql';

/**
 * The bare baseline of `npm run bench` (docs/rules.md#quality): node:http + pg and hand-written SQL
 * (bench/baseline-sql.ts), no framework, no validation library, no call into the server's code beyond
 * its config loader and the Idempotency-Key hash. Every use case has the same effect as the server's
 * (same rows, same answer) and authenticates the caller from the session cookie inside its statement.
 * Statements are named, so PostgreSQL parses and plans each once per connection.
 * - POST /api/v1/reports, POST …/chores/tasks/:id/submissions, POST …/chores/submissions/:id/approve,
 *   GET /api/v1/reports/figures: one statement each (bench/baseline-sql.ts).
 * - POST /api/v1/mall/orders: the redeem in one transaction, statement for statement (idempotency claim,
 *   session + window, conditional stock update, order + line + audit, ledger entry + postings, result).
 */

const config = loadConfig({ ...process.env, SEED_ON_EMPTY: 'false' });
pg.types.setTypeParser(20, (v) => Number(v));
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize });

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

const PICKUP = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
async function redeem(req: IncomingMessage, res: ServerResponse) {
  const streetId = Number(req.headers['x-bench-street']);
  const path = String(req.headers['x-bench-path']);
  const body = (await readBody(req)) as { items: { productId: number; quantity: number }[] };
  const idem = idempotencyFrom(req.headers['idempotency-key'], 'POST', '/api/v1/mall/orders', {
    params: {},
    query: {},
    body,
  });
  // Who is asking and whether the street's mall window is open today (Asia/Shanghai).
  const open = await pool.query({
    name: 'redeem-who',
    text: `select s.user_id from sessions s join users u on u.id = s.user_id, mall_settings m
            where s.token_hash = $1 and s.revoked_at is null and u.disabled_at is null and m.street_id = $2
              and extract(day from now() at time zone 'Asia/Shanghai') between m.window_start_day and m.window_end_day`,
    values: [tokenHashOf(req), streetId],
  });
  if (open.rowCount === 0) return send(res, 409, { error: { code: 'MALL_CLOSED', message: 'closed' } });
  const userId = Number(open.rows[0].user_id);
  const c = await pool.connect();
  try {
    await c.query('begin');
    if (idem) {
      const claimed = await c.query(
        `insert into idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
         values ($1, $2, $3, 0, 'null'::jsonb, now()) on conflict do nothing returning key`,
        [userId, idem.key, idem.requestHash],
      );
      if (claimed.rowCount === 0) {
        const stored = await c.query('select * from idempotency_keys where user_id = $1 and key = $2', [
          userId,
          idem.key,
        ]);
        await c.query('commit');
        return send(res, 201, stored.rows[0]?.response);
      }
    }
    const item = body.items[0] as { productId: number; quantity: number };
    const taken = await c.query(
      `update mall_products p set stock = p.stock - x.quantity
       from (values ($2::bigint, $3::int)) as x(id, quantity)
       where p.id = x.id and p.street_id = $1 and p.is_active and p.stock >= x.quantity
         and (p.per_person_limit is null or x.quantity <= p.per_person_limit)
       returning p.id, p.name, p.points_price as "pointsPrice", p.unit_cost_yuan as "unitCostYuan"`,
      [streetId, item.productId, item.quantity],
    );
    if (taken.rowCount === 0) {
      await c.query('select * from mall_products where id in ($1)', [item.productId]);
      await c.query('rollback');
      return send(res, 409, { error: { code: 'SOLD_OUT', message: 'sold out' } });
    }
    const p = taken.rows[0];
    const points = p.pointsPrice * item.quantity;
    const cost = Number(p.unitCostYuan) * item.quantity;
    const month = new Date().toISOString().slice(0, 7);
    let code = '';
    for (let i = 0; i < 8; i++) code += PICKUP[randomInt(PICKUP.length)];
    const order = await c.query(
      `with o as (
         insert into mall_orders (street_id, user_id, window_month, path, status, points_total, cost_total_yuan, pickup_code, created_at)
         values ($1, $2, $3, $4, 'placed', $5, $6, $7, now())
         on conflict (street_id, window_month, user_id) where status <> 'cancelled' do nothing
         returning id
       ), l as (
         insert into mall_order_lines (order_id, street_id, product_id, product_name, quantity, points_price, unit_cost_yuan)
         select o.id, $1, $8, $9, $10, $11, $12 from o
       ), a as (
         insert into audit_log (street_id, actor_user_id, action, object_type, object_id, result, ip, detail, at)
         select $1, $2, 'mall.order.place', 'mall_order', o.id::text, 'ok', '127.0.0.1', $13::jsonb, now() from o
       )
       select id from o`,
      [
        streetId,
        userId,
        month,
        path,
        points,
        cost,
        code,
        p.id,
        p.name,
        item.quantity,
        p.pointsPrice,
        p.unitCostYuan,
        JSON.stringify({ items: body.items, pointsTotal: points }),
      ],
    );
    if (order.rowCount === 0) {
      await c.query('rollback');
      return send(res, 409, { error: { code: 'ORDER_LIMIT_REACHED', message: 'one order per window' } });
    }
    const orderId = order.rows[0].id;
    try {
      await c.query(
        `with e as (
           insert into point_entries (street_id, kind, cause_key, memo, actor_user_id, reverses_entry_id, created_at)
           values ($1, 'redemption', $2, $3, $4, null, now())
           on conflict (street_id, cause_key) do nothing returning id
         ), l as (
           select a.id as account_id, x.amount from (values ($5::text, $6::bigint), ('mall_sink', $7::bigint)) as x(owner_key, amount)
           join point_accounts a on a.street_id = $1 and a.owner_key = x.owner_key
         ), p as (
           insert into point_postings (entry_id, street_id, account_id, amount, created_at)
           select e.id, $1, l.account_id, l.amount, now() from e cross join l returning 1
         )
         select e.id, (select count(*) from p)::int as legs from e`,
        [
          streetId,
          `mall_order:${orderId}`,
          `积分兑换：${p.name}×${item.quantity}`,
          userId,
          `captain:${userId}`,
          -points,
          points,
        ],
      );
    } catch (err) {
      await c.query('rollback');
      if ((err as { code?: string }).code === '23514') {
        return send(res, 409, { error: { code: 'INSUFFICIENT_POINTS', message: 'not enough points' } });
      }
      throw err;
    }
    const view = { id: orderId, streetId, userId, pointsTotal: points, pickupCode: code, items: body.items };
    if (idem) {
      await c.query(
        `update idempotency_keys set status_code = 200, response = $3::jsonb where user_id = $1 and key = $2`,
        [userId, idem.key, JSON.stringify(view)],
      );
    }
    await c.query('commit');
    return send(res, 201, view);
  } catch (err) {
    await c.query('rollback').catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}

const idemOf = (req: IncomingMessage, path: string, body: unknown) =>
  idempotencyFrom(req.headers['idempotency-key'], 'POST', path, { params: {}, query: {}, body });

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
