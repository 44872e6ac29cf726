import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PiiCipher } from '../apps/server/src/platform/crypto';
import { openPostgres } from '../apps/server/src/platform/db';
import { seedBench } from './data';
import { ledgerInvariants, rushRoundInvariants } from './invariants';
import {
  backendCpuMs,
  type Child,
  childEnv,
  cpuSoFar,
  encryptionKey,
  type LoadResult,
  load,
  type Req,
  recreateDatabase,
  serverStartFlags,
  startChild,
} from './lib';
import { formatRushPhases, formatTable, type Row, summariseProfile } from './report';
import { alternate } from './rounds';
import { cookieOf } from './seed';

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
/** `BENCH_SERIAL=1` (with BENCH_QUICK and BENCH_LOG_SQL, to read what one request sends): one connection each. */
const conns = (n: number) => (process.env.BENCH_SERIAL === '1' ? 1 : n);
const HISTORIC = FULL ? 1_000_000 : QUICK ? 5_000 : 50_000;
log('seeding …');
const { main, building, residents, streetStaff, categoryId, chores, rushStreet } = await seedBench(
  database.db,
  pool,
  cipher,
  {
    residents: RESIDENTS,
    historic: HISTORIC,
    choreCaptains: CHORE_CAPTAINS,
    chores: CHORES_PER_ROUND * 2 * PLAYED,
    choreHistory: QUICK ? 500 : 20_000,
    captains: CAPTAINS,
    balance: 100 * 2 * PLAYED + 100,
  },
);
log(
  `seeded: ${RESIDENTS} residents, ${HISTORIC} reports, ${chores.length} claimed chores, ${CAPTAINS} captains with balances`,
);

// ---------------------------------------------------------------- servers
const env = childEnv(url, key, join(RESULTS, 'data'));
mkdirSync(RESULTS, { recursive: true });
const profDir = join(RESULTS, 'prof');
if (PROFILE) rmSync(profDir, { recursive: true, force: true });
const counter = ['--import', './bench/count-queries.ts'];
const startFlags = serverStartFlags();
// Each side's connections carry its name (node-postgres reads PGAPPNAME), so the rounds can read its
// PostgreSQL backends' CPU apart from the other side's.
const SERVER_APP = 'lz-bench-server';
const BASELINE_APP = 'lz-bench-baseline';
const server = await startChild(
  'apps/server/src/main.ts',
  { ...env, PORT: '3901', BENCH_COUNT_PORT: '3911', PGAPPNAME: SERVER_APP },
  /listening on/,
  [...counter, ...startFlags, ...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [])],
);
const baseline = await startChild(
  'bench/baseline.ts',
  { ...env, PORT: '3902', BENCH_COUNT_PORT: '3912', PGAPPNAME: BASELINE_APP },
  /baseline listening/,
  [...counter, ...startFlags],
);
// Never leave the children behind, whatever ends this process.
process.on('exit', () => {
  for (const c of [server, baseline]) if (c.proc.exitCode === null) c.proc.kill();
});
log('server :3901 and baseline :3902 up');

// ---------------------------------------------------------------- scenarios
const table: Row[] = [];
let seq = 0;
/** `BENCH_ONLY=report-intake,redemption-rush`: run only these scenarios (for iterating on one use case). */
/** `BENCH_PHASES=1`: the chore scenario's two rates and the rush's two phases, printed per round. */
const BENCH_PHASES = process.env.BENCH_PHASES === '1';
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
/** Errors of either side, by scenario: any makes the bench exit non-zero. */
const sideErrors: Record<string, { server: number; baseline: number }> = {};

/** Runs a scenario's rounds (bench/rounds.ts) and keeps its row and both sides' errors. */
async function ab(
  name: string,
  run: (target: Child, side: 'A' | 'B', round: number) => Promise<LoadResult>,
  note?: string,
): Promise<void> {
  if (ONLY && !ONLY.has(name)) return;
  const backendCpu = (target: Child) => backendCpuMs(pool, target === server ? SERVER_APP : BASELINE_APP);
  const row = await alternate({ server, baseline, warmup: WARMUP, rounds: ROUNDS, log, backendCpu }, name, run, note);
  sideErrors[name] = { server: row.errors, baseline: row.baseline_errors };
  table.push(row);
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
    if (BENCH_PHASES) log(`  ${side}: submit ${submit.rps}/s, approve ${approve.rps}/s`);
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
    const units = [...st.initial.values()].reduce((a, b) => a + b, 0);
    const start = BENCH_PHASES ? await cpuSoFar(target.port) : undefined;
    const r = await load({
      port: target.port,
      connections: conns(200),
      amount: plan.length,
      // The first retry comes after every captain's first try, so the stock's last unit is its units-th 201.
      milestone: { status: 201, count: units },
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
    if (start && r.milestone)
      log(`  ${side}: ${formatRushPhases(r, start, await cpuSoFar(target.port), cpus().length)}`);
    // This round's invariants, straight from the tables.
    const checked = await rushRoundInvariants(pool, st);
    invariants.oversell += checked.oversell;
    invariants.double_orders += checked.doubleOrders;
    const sold = checked.sold;
    soldUnits += sold;
    stockedUnits += units;
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
Object.assign(invariants, await ledgerInvariants(pool, choreAcks));

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

process.stdout.write(
  `${formatTable({
    machine,
    rounds: ROUNDS,
    warmup: WARMUP,
    table,
    footer: [
      `invariants (rush: ${soldUnits} units sold of ${stockedUnits} stocked; chores: ${choreAcks.submitted} submitted, ${choreAcks.approved} approved): ${JSON.stringify(invariants)}`,
      `targets: report-intake ≥ 0.6×, chore-review ≥ 0.6×, redemption-rush ≥ 0.7× with zero oversell`,
      `written to bench/results/${PROFILE ? 'latest-profile.json' : 'latest.json'}; total elapsed ${((Date.now() - t0) / 1000).toFixed(0)} s (${FULL ? '--full' : QUICK ? 'BENCH_QUICK (figures meaningless)' : 'default mode, limit 600 s'}) on ${machine.cpus} cores`,
    ],
  })}\n`,
);

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
