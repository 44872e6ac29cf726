import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PiiCipher } from '../apps/server/src/platform/crypto';
import { openPostgres } from '../apps/server/src/platform/db';
import {
  type Child,
  encryptionKey,
  type LoadResult,
  load,
  median,
  type Req,
  recreateDatabase,
  startChild,
} from './lib';
import { cookieOf, seedBalances, seedChores, seedHouseholds, seedProducts, seedTree, seedUsers } from './seed';

/**
 * `npm run bench` (docs/rules.md#quality, issue #6). Seeds a fresh PostgreSQL database at scale with bulk SQL,
 * starts the real server and the bare baseline (bench/baseline.ts) as child processes on 127.0.0.1,
 * drives both with autocannon alternately (A B A B …) and prints one table of medians with the ratio
 * server/baseline, the figure tracked. Writes bench/results/latest.json.
 *   --full      more rounds, longer runs, more data
 *   --profile   the server runs under --cpu-prof; the top self-time functions are printed
 */

const args = new Set(process.argv.slice(2));
const FULL = args.has('--full');
const PROFILE = args.has('--profile');
// Default mode must finish within 10 minutes on the 2-core box: 5 alternating rounds of 4 s (a
// median of three moved by 0.05–0.1 with one slow round of either side), 2,000 residents, 50k historic
// reports, 1,000 chores per side and round; the rush keeps its 10,000 captains (most of the run).
// `--full`: 5 rounds of 15 s, 10,000 residents, 1M reports.
// `BENCH_QUICK=1` is for developing the bench itself (2 rounds of 1 s, small data): its figures mean nothing.
const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 2 : 5;
// One unmeasured round of each side first, so both are timed warm (JIT-compiled, pools and caches
// filled, as a server is after its first minute), not the first seconds after start-up.
const WARMUP = Number(process.env.BENCH_WARMUP ?? (QUICK ? 0 : 1));
const PLAYED = WARMUP + ROUNDS;
const SECONDS = FULL ? 15 : QUICK ? 1 : 4;
const CAPTAINS = Number(process.env.BENCH_CAPTAINS ?? (QUICK ? 500 : 10_000));
const RESIDENTS = FULL ? 10_000 : QUICK ? 200 : 2_000;
const CHORES_PER_ROUND = Number(process.env.BENCH_CHORES ?? (QUICK ? 20 : 1_000));
const CHORE_CAPTAINS = 200;
const RESULTS = join(import.meta.dirname, 'results');
const t0 = Date.now();
const log = (s: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${s}\n`);

if (args.has('--pglite')) {
  process.stderr.write('--pglite is not supported yet by the bench: the baseline needs a PostgreSQL connection.\n');
  process.exit(2);
}

const key = encryptionKey();
const url = await recreateDatabase('lz_bench');
const database = await openPostgres(url, 4);
await database.migrate();
const cipher = new PiiCipher(Buffer.from(key, 'base64'));
const pool = new pg.Pool({ connectionString: url, max: 4 });

// ---------------------------------------------------------------- seed
log('seeding …');
const rushStreets = 1;
const trees = await seedTree(database.db, 1 + rushStreets, 100);
const main = trees[0] as (typeof trees)[number];
const building = (i: number) => main.buildings[i % main.buildings.length] as (typeof main.buildings)[number];
const residents = await seedUsers(pool, cipher, RESIDENTS, 'resident', building, '居民');
await seedHouseholds(pool, residents, building);
const [streetStaff] = await seedUsers(pool, cipher, 1, 'street_staff', () => main.street, '街道干部');
const [category] = (
  await pool.query<{ id: string }>(
    'select id from report_categories where parent_id is not null and is_active order by id limit 1',
  )
).rows;
const categoryId = Number(category?.id);
// Historic reports for the dashboard: spread over the street's buildings and the past year.
/** `BENCH_SERIAL=1` (with BENCH_QUICK and BENCH_LOG_SQL, to read what one request sends): one connection each. */
const conns = (n: number) => (process.env.BENCH_SERIAL === '1' ? 1 : n);
const HISTORIC = FULL ? 1_000_000 : QUICK ? 5_000 : 50_000;
await pool.query(
  `insert into reports (street_id, building_id, path, category_id, description, channel, status, level, peak_level,
                        handler_org_unit_id, level_entered_at, created_at, updated_at)
   select $1, b.id, b.path, $2, '历史诉求', 'app', (array['submitted','accepted','in_progress','resolved','closed'])[1 + g % 5],
          1 + g % 3, 1 + g % 3, $3, now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day', now()
   from generate_series(1, $4) g
   join lateral (select id, path from org_units where id = ($5::bigint[])[1 + g % $6]) b on true`,
  [main.street.id, categoryId, main.community.id, HISTORIC, main.buildings.map((b) => b.id), main.buildings.length],
);
// Chores: captains of the main street (two per building) each hold claimed tasks with a photo ready;
// every round and side gets its own slice of tasks to submit and then approve.
const choreCaptains = await seedUsers(pool, cipher, CHORE_CAPTAINS, 'captain', building, '楼长');
const chores = await seedChores(pool, {
  streetId: main.street.id,
  publisherId: streetStaff as number,
  orgUnit: main.community,
  buildings: main.buildings,
  captainIds: choreCaptains,
  count: CHORES_PER_ROUND * 2 * PLAYED,
});
await pool.query('analyze');
log('seeded the main street');

// One rush street: its 10,000 captains rush once per round. Between rounds the bench puts the street
// back (orders set aside as cancelled, stock restored) — bookkeeping of the bench, not the app's cancel;
// each round checks its own invariants first. Balances cover every round a captain might win.
const rushTree = trees[1] as (typeof trees)[number];
const rushBuilding = (i: number) =>
  rushTree.buildings[i % rushTree.buildings.length] as (typeof rushTree.buildings)[number];
const captainIds = await seedUsers(pool, cipher, CAPTAINS, 'captain', rushBuilding, '楼长');
await seedBalances(pool, rushTree.street.id, captainIds, 100 * 2 * PLAYED + 100);
// 20 products, 25 … 120 in stock: 1,450 units for 10,000 captains.
const stocks = Array.from({ length: 20 }, (_, i) => 25 + i * 5);
const rushProducts = await seedProducts(pool, rushTree.street.id, stocks, 100);
const rushStreet = {
  streetId: rushTree.street.id,
  captains: captainIds.map((id, i) => ({ id, path: rushBuilding(i).path })),
  products: rushProducts,
  initial: new Map(rushProducts.map((p, i) => [p, stocks[i] as number])),
};
await pool.query('analyze');
log(
  `seeded: ${RESIDENTS} residents, ${HISTORIC} reports, ${chores.length} claimed chores, ${CAPTAINS} captains with balances`,
);

// ---------------------------------------------------------------- servers
const env = {
  DATABASE_URL: url,
  DATABASE_POOL_SIZE: '10',
  LOUZHANG_ENCRYPTION_KEY: key,
  LOUZHANG_DATA_DIR: join(RESULTS, 'data'),
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  // Plain HTTP on 127.0.0.1: a Secure cookie would never come back.
  COOKIE_SECURE: 'false',
  SEED_ON_EMPTY: 'false',
  JOBS_ENABLED: 'false',
  LOGIN_RATE_PER_MINUTE: '100000',
};
mkdirSync(RESULTS, { recursive: true });
const profDir = join(RESULTS, 'prof');
if (PROFILE) rmSync(profDir, { recursive: true, force: true });
const counter = ['--import', './bench/count-queries.ts'];
// Both children run with the Node flags the server's own `npm start` gives it (apps/server/package.json),
// so the bench measures the runtime that ships and the baseline gets the same.
const startFlags = (JSON.parse(readFileSync('apps/server/package.json', 'utf8')).scripts.start as string)
  .split(/\s+/)
  .filter((w) => /^--[a-z-]+=\S+$/.test(w));
const server = await startChild(
  'apps/server/src/main.ts',
  { ...env, PORT: '3901', BENCH_COUNT_PORT: '3911' },
  /listening on/,
  [...counter, ...startFlags, ...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [])],
);
const baseline = await startChild(
  'bench/baseline.ts',
  { ...env, PORT: '3902', BENCH_COUNT_PORT: '3912' },
  /baseline listening/,
  [...counter, ...startFlags],
);
// Never leave the children behind, whatever ends this process.
process.on('exit', () => {
  for (const c of [server, baseline]) if (c.proc.exitCode === null) c.proc.kill();
});
/** Statements the child has sent to PostgreSQL so far (bench/count-queries.ts). */
/** Statements sent to PostgreSQL so far, and the child's own CPU time in µs (count-queries.ts). */
const queriesOf = async (c: Child) => {
  const [q, cpu] = (await (await fetch(`http://127.0.0.1:${c.port + 10}/`)).text()).split(' ').map(Number);
  return { q: q as number, cpu: cpu as number };
};
/** The whole machine's busy CPU time so far in ms (all cores, /proc/stat; 0 where there is none). */
const machineBusyMs = () => {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
};
log('server :3901 and baseline :3902 up');

// ---------------------------------------------------------------- scenarios
interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Statements sent to PostgreSQL per answered request (begin/commit included). */
  trips: number;
  /** The side's own process CPU (user + system) per answered request, in ms: not PostgreSQL's. */
  cpuMs: number;
  /** The whole machine's CPU per answered request, in ms (PostgreSQL, the side, the load generator, others). */
  machineMs: number;
  baseline_rps: number;
  baseline_p50: number;
  baseline_p99: number;
  baseline_errors: number;
  baseline_trips: number;
  baseline_cpuMs: number;
  baseline_machineMs: number;
  ratio: number;
  note?: string;
}
const table: Row[] = [];
let seq = 0;
/** `BENCH_ONLY=report-intake,redemption-rush`: run only these scenarios (for iterating on one use case). */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
/** Errors of either side, by scenario: any makes the bench exit non-zero. */
const sideErrors: Record<string, { server: number; baseline: number }> = {};

/**
 * Rounds alternate A B B A A B … (server, baseline), so neither side always runs first on a warmer or
 * colder machine, after a warm-up round of each (`WARMUP`, not counted). req/s counts only the expected
 * statuses; everything else is an error of that side, warm-up included.
 */
async function ab(
  name: string,
  run: (target: Child, side: 'A' | 'B', round: number) => Promise<LoadResult>,
  note?: string,
): Promise<void> {
  if (ONLY && !ONLY.has(name)) return;
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  const trips = { A: { q: 0, cpu: 0, busy: 0, n: 0 }, B: { q: 0, cpu: 0, busy: 0, n: 0 } };
  const started = Date.now();
  const warmErrors = { A: 0, B: 0 };
  const one = async (side: 'A' | 'B', r: number) => {
    const target = side === 'A' ? server : baseline;
    if (r < WARMUP) {
      warmErrors[side] += (await run(target, side, r)).errors;
      return;
    }
    const before = await queriesOf(target);
    const busy0 = machineBusyMs();
    const res = await run(target, side, r);
    trips[side].busy += machineBusyMs() - busy0;
    const after = await queriesOf(target);
    trips[side].q += after.q - before.q;
    trips[side].cpu += after.cpu - before.cpu;
    trips[side].n += res.total;
    (side === 'A' ? a : b).push(res);
  };
  for (let r = 0; r < WARMUP; r++) {
    for (const side of ['A', 'B'] as const) await one(side, r);
    log(`${name} warm-up round ${r + 1} (A B), not counted`);
  }
  for (let r = WARMUP; r < PLAYED; r++) {
    const order: ('A' | 'B')[] = (r - WARMUP) % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const side of order) await one(side, r);
    log(
      `${name} round ${r - WARMUP + 1} (${order.join(' ')}): server ${a.at(-1)?.rps}/s (${JSON.stringify(a.at(-1)?.statuses)}), baseline ${b.at(-1)?.rps}/s (${JSON.stringify(b.at(-1)?.statuses)})`,
    );
  }
  const perReq = (t: { q: number; n: number }) => Math.round((t.q / Math.max(1, t.n)) * 10) / 10;
  const cpuPerReq = (t: { cpu: number; n: number }) => Math.round((t.cpu / Math.max(1, t.n) / 1000) * 100) / 100;
  const busyPerReq = (t: { busy: number; n: number }) => Math.round((t.busy / Math.max(1, t.n)) * 100) / 100;
  const row: Row = {
    name,
    rps: median(a.map((x) => x.rps)),
    p50: median(a.map((x) => x.p50)),
    p99: median(a.map((x) => x.p99)),
    errors: a.reduce((s, x) => s + x.errors, warmErrors.A),
    trips: perReq(trips.A),
    cpuMs: cpuPerReq(trips.A),
    machineMs: busyPerReq(trips.A),
    baseline_rps: median(b.map((x) => x.rps)),
    baseline_p50: median(b.map((x) => x.p50)),
    baseline_p99: median(b.map((x) => x.p99)),
    baseline_errors: b.reduce((s, x) => s + x.errors, warmErrors.B),
    baseline_trips: perReq(trips.B),
    baseline_cpuMs: cpuPerReq(trips.B),
    baseline_machineMs: busyPerReq(trips.B),
    ratio: 0,
    ...(note ? { note } : {}),
  };
  row.ratio = Math.round((row.rps / Math.max(1, row.baseline_rps)) * 100) / 100;
  sideErrors[name] = { server: row.errors, baseline: row.baseline_errors };
  table.push(row);
  log(`${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const intakeReq = (i: number): Req => {
  const id = residents[i % residents.length] as number;
  return {
    method: 'POST',
    path: '/api/v1/reports',
    headers: { cookie: cookieOf(id), 'idempotency-key': `intake-${++seq}-${id}` },
    body: JSON.stringify({
      buildingId: building(i % residents.length).id,
      categoryId,
      description: '楼道灯不亮了，麻烦处理',
    }),
  };
};

let cursor = 0;
await ab('report-intake', (target) =>
  load({
    port: target.port,
    connections: conns(32),
    duration: SECONDS,
    next: () => intakeReq(cursor++),
    expected: [201],
  }),
);

// Chore review: captains submit their claimed chores with a photo (32 connections), then the street's
// reviewer approves every pending submission (16 connections), which credits the ledger. One round =
// both phases; req/s over both, latencies the worse phase's. Each side gets fresh tasks.
const choreAcks = { submitted: 0, approved: 0 };
await ab(
  'chore-review',
  async (target, side, round) => {
    const slice = (round * 2 + (side === 'A' ? 0 : 1)) * CHORES_PER_ROUND;
    const mine = chores.slice(slice, slice + CHORES_PER_ROUND);
    let n = 0;
    const submit = await load({
      port: target.port,
      connections: conns(32),
      amount: mine.length,
      next: () => {
        const c = mine[n++ % mine.length] as (typeof mine)[number];
        return {
          method: 'POST',
          path: `/api/v1/chores/tasks/${c.taskId}/submissions`,
          headers: { cookie: cookieOf(c.captainId), 'idempotency-key': `chore-submit-${c.taskId}` },
          body: JSON.stringify({ photos: [{ id: c.photoId, kind: 'other' }], note: '已清扫楼道' }),
        };
      },
      expected: [201],
    });
    choreAcks.submitted += submit.statuses['201'] ?? 0;
    const pending = (
      await pool.query<{ id: string }>(
        `select id from chore_submissions where task_id = any($1::bigint[]) and status = 'pending' order by id`,
        [mine.map((c) => c.taskId)],
      )
    ).rows.map((r) => Number(r.id));
    let m = 0;
    const approve = await load({
      port: target.port,
      connections: conns(16),
      amount: Math.max(1, pending.length),
      next: () => {
        const id = pending[m++ % pending.length] as number;
        return {
          method: 'POST',
          path: `/api/v1/chores/submissions/${id}/approve`,
          headers: { cookie: cookieOf(streetStaff as number), 'idempotency-key': `chore-approve-${id}` },
        };
      },
      expected: [200],
    });
    choreAcks.approved += approve.statuses['200'] ?? 0;
    if (process.env.BENCH_PHASES) log(`  ${side}: submit ${submit.rps}/s, approve ${approve.rps}/s`);
    const total = submit.total + approve.total;
    const ok = submit.ok + approve.ok;
    const seconds = (submit.seconds ?? 1) + (approve.seconds ?? 1);
    const statuses: Record<string, number> = {};
    for (const r of [submit, approve])
      for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
    return {
      rps: Math.round(ok / Math.max(0.001, seconds)),
      p50: Math.max(submit.p50, approve.p50),
      p99: Math.max(submit.p99, approve.p99),
      errors: submit.errors + approve.errors,
      statuses,
      total,
      ok,
    };
  },
  `${CHORES_PER_ROUND} chores per round: submit with a photo, then approve (ledger credit)`,
);

await ab(
  'dashboard-read',
  async (target) => {
    // Writes go on meanwhile: a few residents keep filing reports against the same process.
    const writer = load({
      port: target.port,
      connections: conns(2),
      duration: SECONDS,
      next: () => intakeReq(cursor++),
      expected: [201],
    });
    const reader = load({
      port: target.port,
      connections: conns(16),
      duration: SECONDS,
      next: () => ({
        method: 'GET',
        path: `/api/v1/reports/figures?orgUnitId=${main.street.id}`,
        headers: { cookie: cookieOf(streetStaff as number) },
      }),
      expected: [200],
    });
    const [r] = await Promise.all([reader, writer]);
    return r;
  },
  `figures of a street over ${HISTORIC.toLocaleString('en')} reports, with intake running alongside`,
);

// The rush: every captain at once, 20 % of them retrying with the same key.
const q = async (text: string, params: unknown[] = []) => Number((await pool.query(text, params)).rows[0]?.n ?? 0);
const invariants = {
  oversell: 0,
  negative_balances: 0,
  double_orders: 0,
  duplicate_credits: 0,
  ledger_mismatches: 0,
  chore_lost_acks: 0,
};
let soldUnits = 0;
let stockedUnits = 0;
const rushRounds: { side: string; statuses: Record<string, number>; sold: number }[] = [];
await ab(
  'redemption-rush',
  async (target, side, round) => {
    const st = rushStreet;
    const plan = st.captains.map((_, i) => i);
    for (let i = 0; i < st.captains.length / 5; i++) plan.push(i * 5);
    let n = 0;
    const r = await load({
      port: target.port,
      connections: conns(200),
      amount: plan.length,
      next: () => {
        const i = plan[n++ % plan.length] as number;
        const c = st.captains[i] as { id: number; path: string };
        return {
          method: 'POST',
          path: '/api/v1/mall/orders',
          headers: {
            cookie: cookieOf(c.id),
            'idempotency-key': `rush-${round}-${side}-${c.id}`,
            'x-bench-street': String(st.streetId),
            'x-bench-path': c.path,
          },
          body: JSON.stringify({ items: [{ productId: st.products[i % st.products.length], quantity: 1 }] }),
        };
      },
      expected: [200, 201, 409],
    });
    // This round's invariants, straight from the tables.
    const initial = JSON.stringify(Object.fromEntries(st.initial));
    invariants.oversell += await q(
      `select count(*) as n from mall_products p
       left join (select l.product_id, sum(l.quantity) as sold from mall_order_lines l join mall_orders o on o.id = l.order_id
                  where o.status <> 'cancelled' group by l.product_id) s on s.product_id = p.id
       where p.street_id = $2 and (p.stock < 0 or p.stock + coalesce(s.sold, 0) <> ($1::jsonb ->> p.id::text)::int)`,
      [initial, st.streetId],
    );
    invariants.double_orders += await q(
      `select count(*) as n from (select 1 from mall_orders where status <> 'cancelled'
       group by street_id, window_month, user_id having count(*) > 1) x`,
    );
    const sold = await q(
      `select coalesce(sum(l.quantity), 0) as n from mall_order_lines l join mall_orders o on o.id = l.order_id
       where o.status <> 'cancelled' and o.street_id = $1`,
      [st.streetId],
    );
    soldUnits += sold;
    stockedUnits += [...st.initial.values()].reduce((a, b) => a + b, 0);
    rushRounds.push({ side, statuses: r.statuses, sold });
    await pool.query(
      `update mall_orders set status = 'cancelled', cancelled_at = now(), cancel_reason = 'bench round reset'
       where street_id = $1 and status <> 'cancelled'`,
      [st.streetId],
    );
    for (const [id, stock] of st.initial)
      await pool.query('update mall_products set stock = $2 where id = $1', [id, stock]);
    return r;
  },
  `${CAPTAINS.toLocaleString('en')} captains at once, 20 products, 1,450 units; +20 % retries with the same Idempotency-Key`,
);

// ---------------------------------------------------------------- ledger invariants
invariants.negative_balances = await q(
  `select count(*) as n from point_accounts where kind <> 'issuance' and balance < 0`,
);
invariants.duplicate_credits =
  (await q(
    `select count(*) as n from (
       select o.id from mall_orders o left join point_entries e on e.street_id = o.street_id and e.cause_key = 'mall_order:' || o.id
       group by o.id having count(e.id) <> 1) x`,
  )) +
  // Every approved chore submission credited exactly once (and none credited without approval).
  (await q(
    `select count(*) as n from (
       select s.id from chore_submissions s
       left join point_entries e on e.street_id = s.street_id and e.cause_key = 'chore_submission:' || s.id
       group by s.id, s.status, s.ledger_entry_id
       having count(e.id) <> (case when s.status = 'approved' then 1 else 0 end)
           or (s.status = 'approved' and s.ledger_entry_id is distinct from min(e.id))) x`,
  ));
// Every acknowledged submission and approval is there: 201s = submissions, 200s = approved ones.
const choreRows = (
  await pool.query<{ submitted: string; approved: string }>(
    `select count(*) as submitted, count(*) filter (where status = 'approved') as approved from chore_submissions`,
  )
).rows[0];
invariants.chore_lost_acks =
  Math.abs(Number(choreRows?.submitted) - choreAcks.submitted) +
  Math.abs(Number(choreRows?.approved) - choreAcks.approved);
invariants.ledger_mismatches =
  (await q(
    `select count(*) as n from point_accounts a
     where a.kind = 'captain' and a.balance <> coalesce((select sum(p.amount) from point_postings p where p.account_id = a.id), 0)`,
  )) +
  (await q(
    `select count(*) as n from (select entry_id from point_postings group by entry_id having sum(amount) <> 0) x`,
  ));

// ---------------------------------------------------------------- stop, profile, report
await server.stop();
await baseline.stop();
const pgVersion = (await pool.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?';
await pool.end();
await database.close();

const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version, pg: pgVersion };
const out = {
  machine,
  when: new Date().toISOString(),
  full: FULL,
  rounds: ROUNDS,
  warmup_rounds: WARMUP,
  scenarios: table,
  invariants,
  errors: sideErrors,
  rush: rushRounds,
  soldUnits,
  stockedUnits,
  chores: choreAcks,
  elapsed_s: Math.round((Date.now() - t0) / 1000),
};
writeFileSync(join(RESULTS, PROFILE ? 'latest-profile.json' : 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);

const pad = (s: string | number, n: number) => String(s).padStart(n);
const lines = [
  '',
  `louzhang bench — ${machine.cpus} CPU cores (${machine.model}), Node ${machine.node}, PostgreSQL ${machine.pg}; medians of ${ROUNDS} rounds alternating A B B A … after ${WARMUP} warm-up round of each side`,
  `(req/s counts expected statuses only; trips = statements sent to PostgreSQL per request, begin/commit included;`,
  ` cpu = the side's own Node process CPU per request in ms; all = the whole machine's, PostgreSQL and the load included)`,
  `${'scenario'.padEnd(17)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('trips', 7)}${pad('cpu', 6)}${pad('all', 6)} │${pad('base req/s', 11)}${pad('p50', 6)}${pad('p99', 6)}${pad('errors', 8)}${pad('trips', 7)}${pad('cpu', 6)}${pad('all', 6)} │${pad('ratio', 7)}`,
  '─'.repeat(138),
  ...table.map(
    (r) =>
      `${r.name.padEnd(17)}${pad(r.rps, 8)}${pad(r.p50, 8)}${pad(r.p99, 8)}${pad(r.errors, 8)}${pad(r.trips, 7)}${pad(r.cpuMs.toFixed(2), 6)}${pad(r.machineMs.toFixed(1), 6)} │${pad(r.baseline_rps, 11)}${pad(r.baseline_p50, 6)}${pad(r.baseline_p99, 6)}${pad(r.baseline_errors, 8)}${pad(r.baseline_trips, 7)}${pad(r.baseline_cpuMs.toFixed(2), 6)}${pad(r.baseline_machineMs.toFixed(1), 6)} │${pad(r.ratio.toFixed(2), 7)}`,
  ),
  ...table.filter((r) => r.note).map((r) => `  ${r.name}: ${r.note}`),
  '',
  `invariants (rush: ${soldUnits} units sold of ${stockedUnits} stocked; chores: ${choreAcks.submitted} submitted, ${choreAcks.approved} approved): ${JSON.stringify(invariants)}`,
  `targets: report-intake ≥ 0.6×, chore-review ≥ 0.6×, redemption-rush ≥ 0.7× with zero oversell`,
  `written to bench/results/${PROFILE ? 'latest-profile.json' : 'latest.json'}; total elapsed ${((Date.now() - t0) / 1000).toFixed(0)} s (${FULL ? '--full' : QUICK ? 'BENCH_QUICK (figures meaningless)' : 'default mode, limit 600 s'}) on ${machine.cpus} cores`,
];
process.stdout.write(`${lines.join('\n')}\n`);

if (PROFILE) {
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (file) process.stdout.write(`\n${summariseProfile(join(profDir, file))}\n`);
}
const broken = Object.entries(invariants).filter(([, v]) => v !== 0);
const erred = Object.entries(sideErrors).filter(([, e]) => e.server > 0 || e.baseline > 0);
if (broken.length) process.stdout.write(`FAILED: invariants broken: ${JSON.stringify(Object.fromEntries(broken))}\n`);
if (erred.length)
  process.stdout.write(`FAILED: errors (unexpected statuses): ${JSON.stringify(Object.fromEntries(erred))}\n`);
process.exit(broken.length > 0 || erred.length > 0 ? 1 : 0);

/** Self time per function (top 25) and per package, from a V8 .cpuprofile. */
function summariseProfile(file: string): string {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byNode = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const n = byNode.get(id);
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    if (!n) return;
    const { functionName, url: u, lineNumber } = n.callFrame;
    const where = u.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*wt-bench\//, '');
    const k = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + dt);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
    const p = m ? m[1] : u.startsWith('node:') ? 'node internals' : u ? 'app' : `(${functionName})`;
    pkg.set(p as string, (pkg.get(p as string) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `server CPU profile (${file}): self time by package\n${top(pkg, 15)}\nby function\n${top(self, 25)}`;
}
