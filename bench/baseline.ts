import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import type { Actor, RequestContext } from '../apps/server/src/platform/actor';
import { systemClock } from '../apps/server/src/platform/clock';
import { loadConfig } from '../apps/server/src/platform/config';
import { PiiCipher } from '../apps/server/src/platform/crypto';
import { openPostgres } from '../apps/server/src/platform/db';
import { idempotencyFrom } from '../apps/server/src/platform/idempotency';

/**
 * The bare baseline of `npm run bench` (docs/rules.md#quality): node:http + pg, no framework, no validation, no
 * session lookup (the caller's id is read from the bench's own cookie token `bench-<id>-tok`, its
 * street and path from x-bench-* headers the real server ignores).
 * - POST /api/v1/mall/orders: the redeem use case as raw SQL, statement for statement what the mall
 *   service sends (idempotency claim, window, conditional stock update, order+lines+audit, ledger
 *   entry+postings, idempotency result) in one transaction.
 * - every other route: the module's own service method called directly with a synthesised context, so
 *   the SQL is the same by construction and what the ratio measures is HTTP framework + validation +
 *   authentication + serialisation.
 */

const config = loadConfig({ ...process.env, SEED_ON_EMPTY: 'false' });
const database = await openPostgres(config.databaseUrl as string, config.poolSize);
const cipher = new PiiCipher(Buffer.from(config.encryptionKey as string, 'base64'));
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize });
const { buildServices } = await import('../apps/server/src/app');
const services = buildServices({ config, database, clock: systemClock, cipher });
const { bindingsOf } = await import('../apps/server/src/modules/auth/auth.repository');

const actors = new Map<number, Actor>();
async function actorOf(userId: number): Promise<Actor> {
  let a = actors.get(userId);
  if (!a) {
    a = { userId, name: `u${userId}`, bindings: await bindingsOf(database.db, userId) };
    actors.set(userId, a);
  }
  return a;
}

function userIdOf(req: IncomingMessage): number {
  const m = /bench-(\d+)-tok/.exec(req.headers.cookie ?? '');
  return m ? Number(m[1]) : 0;
}

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

const PICKUP = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
async function redeem(req: IncomingMessage, res: ServerResponse) {
  const userId = userIdOf(req);
  const streetId = Number(req.headers['x-bench-street']);
  const path = String(req.headers['x-bench-path']);
  const body = (await readBody(req)) as { items: { productId: number; quantity: number }[] };
  const idem = idempotencyFrom(req.headers['idempotency-key'], 'POST', '/api/v1/mall/orders', {
    params: {},
    query: {},
    body,
  });
  const days = await pool.query('select window_start_day, window_end_day from mall_settings where street_id = $1', [
    streetId,
  ]);
  void days;
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

async function viaService(req: IncomingMessage, res: ServerResponse, url: URL) {
  const actor = await actorOf(userIdOf(req));
  const body = req.method === 'POST' ? await readBody(req) : undefined;
  const ctx: RequestContext = {
    actor,
    ip: '127.0.0.1',
    lang: 'zh',
    idempotency:
      req.method === 'POST'
        ? idempotencyFrom(req.headers['idempotency-key'], 'POST', url.pathname, { params: {}, query: {}, body })
        : undefined,
  };
  const query = Object.fromEntries(url.searchParams);
  const route = `${req.method} ${url.pathname}`;
  // biome-ignore lint/suspicious/noExplicitAny: the baseline skips validation on purpose
  const s = services as any;
  if (route === 'POST /api/v1/reports') return send(res, 201, await s.reports.create(ctx, body));
  if (route === 'GET /api/v1/reports/figures') {
    return send(
      res,
      200,
      await s.reportFigures.figures(ctx, { orgUnitId: query.orgUnitId ? Number(query.orgUnitId) : undefined }),
    );
  }
  const submit = /^\/api\/v1\/chores\/tasks\/(\d+)\/submissions$/.exec(url.pathname);
  if (submit && req.method === 'POST') return send(res, 201, await s.chores.submit(ctx, Number(submit[1]), body));
  const approve = /^\/api\/v1\/chores\/submissions\/(\d+)\/approve$/.exec(url.pathname);
  if (approve && req.method === 'POST') return send(res, 200, await s.choreReview.approve(ctx, Number(approve[1])));
  return send(res, 404, { error: { code: 'ROUTE_NOT_FOUND', message: route } });
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const run =
    req.method === 'POST' && url.pathname === '/api/v1/mall/orders' ? redeem(req, res) : viaService(req, res, url);
  run.catch((err: unknown) => {
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
  void database.close();
  process.exit(0);
});
