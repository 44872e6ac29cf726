import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PiiCipher } from '../apps/server/src/platform/crypto';
import { type Database, openPglite, openPostgres } from '../apps/server/src/platform/db';
import { type Child, encryptionKey, recreateDatabase, startChild } from './lib';
import { cookieOf, pgliteAsPool, type SqlPool, seedBalances, seedProducts, seedTree, seedUsers } from './seed';

/**
 * `npm run test:faults`: the redemption rush against the real server while
 * the server is killed with SIGKILL at random moments and restarted, several times. Every client
 * retries with its Idempotency-Key until it gets a definite answer (2xx, or a 4xx such as SOLD_OUT).
 * Then, straight from the tables: every acknowledged order is there exactly once with exactly one
 * ledger debit, nobody who was told "sold out" has an order, no captain has two, stock and ledger
 * invariants hold. Exits 1 on any violation. FAULTS_SIZE=small (CI) or default.
 *
 * FAULTS_DB=pglite runs the same test on the embedded default (PGlite in a data folder, the way
 * `npm start` runs): the server is killed mid-write there too, and every acknowledged write must be on
 * disk when it comes back. Otherwise PostgreSQL on 127.0.0.1.
 */

const SMALL = process.env.FAULTS_SIZE === 'small';
const CAPTAINS = SMALL ? 400 : 3000;
const PRODUCTS = SMALL ? 5 : 20;
const KILLS = SMALL ? 3 : 6;
const CONCURRENCY = SMALL ? 24 : 64;
const BALANCE = 300;
const PRICE = 100;
const DEADLINE_MS = SMALL ? 150_000 : 420_000;
const t0 = Date.now();
const log = (s: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${s}\n`);

const PGLITE = process.env.FAULTS_DB === 'pglite';
const ENGINE = PGLITE ? 'embedded PGlite' : 'PostgreSQL';
const key = encryptionKey();
const dataDir = join(import.meta.dirname, 'results', PGLITE ? 'faults-pglite' : 'faults-data');
rmSync(dataDir, { recursive: true, force: true });
const url = PGLITE ? undefined : await recreateDatabase('lz_faults');

/** This process's own connection for seeding and checking; PGlite's must be closed while the server runs. */
async function connect(): Promise<{ database: Database; pool: SqlPool; close(): Promise<void> }> {
  if (url) {
    const database = await openPostgres(url, 4);
    const pgPool = new pg.Pool({ connectionString: url, max: 4 });
    const close = async () => {
      await pgPool.end();
      await database.close();
    };
    return { database, pool: pgPool, close };
  }
  const database = await openPglite(dataDir);
  const client = (database.db as unknown as { $client: PGlite }).$client;
  return { database, pool: pgliteAsPool(client), close: () => database.close() };
}

let { database, pool, close } = await connect();
await database.migrate();
const cipher = new PiiCipher(Buffer.from(key, 'base64'));
const [tree] = await seedTree(database.db, 1, 20);
if (!tree) throw new Error('no tree');
const building = (i: number) => tree.buildings[i % tree.buildings.length] as (typeof tree.buildings)[number];
const captains = await seedUsers(pool, cipher, CAPTAINS, 'captain', building, '楼长');
const streetId = tree.street.id;
await seedBalances(pool, streetId, captains, BALANCE);
// Scarce: about a third of the captains can be served.
const stocks = Array.from({ length: PRODUCTS }, (_, i) =>
  Math.max(1, Math.round(CAPTAINS / 3 / PRODUCTS) + (i % 3) - 1),
);
const products = await seedProducts(pool, streetId, stocks, PRICE);
const initial = new Map(products.map((p, i) => [p, stocks[i] as number]));
if (PGLITE) await close();
log(
  `seeded ${CAPTAINS} captains with ${BALANCE} points, ${PRODUCTS} products, ${stocks.reduce((a, b) => a + b, 0)} units`,
);

const env: Record<string, string> = {
  ...(url ? { DATABASE_URL: url } : {}),
  DATABASE_POOL_SIZE: '10',
  LOUZHANG_ENCRYPTION_KEY: key,
  LOUZHANG_DATA_DIR: dataDir,
  LOG_LEVEL: 'error',
  NODE_ENV: 'production',
  // Plain HTTP on 127.0.0.1: a Secure cookie would never come back.
  COOKIE_SECURE: 'false',
  SEED_ON_EMPTY: 'false',
  JOBS_ENABLED: 'false',
  PORT: '3911',
};
const start = () => startChild('apps/server/src/main.ts', env, /listening on/);
let server: Child = await start();
let up = true;

// ---------------------------------------------------------------- clients
interface Outcome {
  status: number;
  code?: string;
  orderId?: number;
  attempts: number;
  /** Order ids of every 2xx this captain received (replays must all name the same order). */
  acked: Set<number>;
}
const outcomes = new Map<number, Outcome>();
let networkErrors = 0;
let answersSinceStart = 0;
let serverErrors = 0;

async function order(captainIndex: number): Promise<void> {
  const userId = captains[captainIndex] as number;
  const productId = products[captainIndex % products.length] as number;
  const o: Outcome = { status: 0, attempts: 0, acked: new Set() };
  outcomes.set(userId, o);
  const body = JSON.stringify({ items: [{ productId, quantity: 1 }] });
  for (;;) {
    if (Date.now() - t0 > DEADLINE_MS) throw new Error('deadline: clients still retrying');
    o.attempts++;
    try {
      const res = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/mall/orders`, {
        method: 'POST',
        headers: {
          cookie: cookieOf(userId),
          'content-type': 'application/json',
          'idempotency-key': `fault-order-${userId}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const json = (await res.json().catch(() => ({}))) as { id?: number; error?: { code?: string } };
      if (res.status >= 500 || res.status === 429) {
        serverErrors++;
      } else {
        o.status = res.status;
        answersSinceStart++;
        if (res.ok && typeof json.id === 'number') {
          o.orderId = json.id;
          o.acked.add(json.id);
        }
        o.code = json.error?.code;
        // One more retry after a success, as a client that missed the answer would: must replay.
        if (res.ok && o.acked.size === 1 && o.attempts === 1 && captainIndex % 7 === 0) continue;
        return;
      }
    } catch {
      networkErrors++;
    }
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
  }
}

let next = 0;
const workers = Array.from({ length: CONCURRENCY }, async () => {
  while (next < CAPTAINS) await order(next++);
});

// ---------------------------------------------------------------- killer
let kills = 0;
const killer = (async () => {
  while (kills < KILLS && next < CAPTAINS) {
    // Kill while writes are flowing: a few answers since the last start, then at a random point of the
    // clients still to start — a moment measured by the rush's progress, not by the clock, so a server
    // that answers faster is killed as often (a clock's 0.1–1.3 s let the small rush end unkilled).
    const at = next + Math.ceil((CAPTAINS - next) * (0.1 + Math.random() * 0.25));
    while ((answersSinceStart < 5 || next < at) && next < CAPTAINS) await new Promise((r) => setTimeout(r, 5));
    if (next >= CAPTAINS) break;
    up = false;
    server.proc.kill('SIGKILL');
    await new Promise((r) => server.proc.once('exit', r));
    kills++;
    log(`SIGKILL #${kills} after ${next} of ${CAPTAINS} clients started`);
    server = await start();
    answersSinceStart = 0;
    up = true;
  }
})();

await Promise.all([...workers, killer]);
void up;
await server.stop();
log(`rush done: ${kills} kills, ${networkErrors} network errors and ${serverErrors} 5xx answers retried`);
if (PGLITE) ({ database, pool, close } = await connect());

// ---------------------------------------------------------------- checks
const violations: string[] = [];
const orders = (
  await pool.query<{ id: string; user_id: string; status: string }>(
    `select id, user_id, status from mall_orders where street_id = $1`,
    [streetId],
  )
).rows.map((r) => ({ id: Number(r.id), userId: Number(r.user_id), status: r.status }));
const byUser = new Map<number, number[]>();
for (const o of orders) byUser.set(o.userId, [...(byUser.get(o.userId) ?? []), o.id]);

let acknowledged = 0;
let refused = 0;
for (const [userId, o] of outcomes) {
  const inDb = byUser.get(userId) ?? [];
  if (o.acked.size > 1) violations.push(`captain ${userId}: replays named different orders ${[...o.acked]}`);
  if (o.status >= 200 && o.status < 300) {
    acknowledged++;
    if (inDb.length !== 1 || inDb[0] !== o.orderId) {
      violations.push(`captain ${userId}: acknowledged order ${o.orderId}, table has [${inDb}]`);
    }
  } else {
    refused++;
    if (o.code !== 'SOLD_OUT') violations.push(`captain ${userId}: final answer ${o.status} ${o.code}`);
    if (inDb.length > 0) violations.push(`captain ${userId}: told ${o.code} but has orders [${inDb}]`);
  }
}
for (const [userId, ids] of byUser) {
  if (ids.length > 1) violations.push(`captain ${userId}: ${ids.length} orders`);
  if (!outcomes.has(userId)) violations.push(`captain ${userId}: order nobody asked for`);
}
const debits = (
  await pool.query<{ cause_key: string; n: string }>(
    `select cause_key, count(*) as n from point_entries where street_id = $1 and kind = 'redemption' group by cause_key`,
    [streetId],
  )
).rows;
const debitOf = new Map(debits.map((d) => [d.cause_key, Number(d.n)]));
for (const o of orders) {
  const n = debitOf.get(`mall_order:${o.id}`) ?? 0;
  if (n !== 1) violations.push(`order ${o.id}: ${n} ledger debits`);
}
if (debits.length !== orders.length) violations.push(`${debits.length} redemption entries for ${orders.length} orders`);
const balances = (
  await pool.query<{ user_id: string; balance: string }>(
    `select user_id, balance from point_accounts where street_id = $1 and kind = 'captain'`,
    [streetId],
  )
).rows;
for (const b of balances) {
  const want = BALANCE - PRICE * (byUser.get(Number(b.user_id))?.length ?? 0);
  if (Number(b.balance) !== want) violations.push(`captain ${b.user_id}: balance ${b.balance}, expected ${want}`);
}
const stock = (
  await pool.query<{ id: string; stock: number; sold: string }>(
    `select p.id, p.stock, coalesce((select sum(l.quantity) from mall_order_lines l join mall_orders o on o.id = l.order_id
                                      where l.product_id = p.id and o.status <> 'cancelled'), 0) as sold
     from mall_products p where p.street_id = $1`,
    [streetId],
  )
).rows;
for (const p of stock) {
  const init = initial.get(Number(p.id)) ?? 0;
  if (p.stock < 0 || p.stock + Number(p.sold) !== init) {
    violations.push(`product ${p.id}: stock ${p.stock} + sold ${p.sold} ≠ initial ${init}`);
  }
}
const ledger = await pool.query(
  `select a.id from point_accounts a
   where a.kind = 'captain' and a.balance <> coalesce((select sum(p.amount) from point_postings p where p.account_id = a.id), 0)
      or (a.kind <> 'issuance' and a.balance < 0)
   union all
   select entry_id from point_postings group by entry_id having sum(amount) <> 0`,
);
if (ledger.rowCount) violations.push(`${ledger.rowCount} ledger accounts or entries out of balance`);
const soldOut = stock.every((p) => p.stock === 0);

await close();

process.stdout.write(
  [
    '',
    `fault test (${ENGINE}, ${SMALL ? 'small' : 'default'} size): ${CAPTAINS} captains, ${kills} SIGKILLs of the server during the rush`,
    `  acknowledged orders ${acknowledged}, told sold out ${refused}, orders in the table ${orders.length}, all stock gone: ${soldOut}`,
    `  retried after kills: ${networkErrors} network errors, ${serverErrors} 5xx/429`,
    violations.length === 0
      ? '  OK: every acknowledged order exactly once, one debit each, no double orders, stock and ledger invariants hold'
      : `  VIOLATIONS (${violations.length}):\n${violations
          .slice(0, 30)
          .map((v) => `    ${v}`)
          .join('\n')}`,
    '',
  ].join('\n'),
);
const ok = violations.length === 0 && kills > 0;
// The closing line CI's summary reads (scripts/ci-summary.mjs): the fault test counts as one test.
console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
process.exit(ok ? 0 : 1);
