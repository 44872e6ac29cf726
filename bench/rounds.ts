import { backendCpuSpent, type Child, type LoadResult, machineBusyMs, median } from './lib';
import type { Row } from './report';

/** Statements sent to PostgreSQL so far, and the child's own CPU time in µs (count-queries.ts). */
const queriesOf = async (c: Child) => {
  const [q, cpu] = (await (await fetch(`http://127.0.0.1:${c.port + 10}/`)).text()).split(' ').map(Number);
  return { q: q as number, cpu: cpu as number };
};

/**
 * Rounds alternate A B B A A B … (server, baseline), so neither side always runs first on a warmer or
 * colder machine, after a warm-up round of each (`c.warmup`, not counted). req/s counts only the expected
 * statuses; everything else is an error of that side, warm-up included.
 */
export async function alternate(
  c: {
    server: Child;
    baseline: Child;
    warmup: number;
    rounds: number;
    log: (s: string) => void;
    /** CPU ms so far of the PostgreSQL backends serving a side, by backend pid (lib.ts backendCpuMs). */
    backendCpu: (target: Child) => Promise<Map<number, number>>;
  },
  name: string,
  run: (target: Child, side: 'A' | 'B', round: number) => Promise<LoadResult>,
  note?: string,
): Promise<Row> {
  const { server, baseline, log } = c;
  const a: LoadResult[] = [];
  const b: LoadResult[] = [];
  const trips = { A: { q: 0, cpu: 0, busy: 0, pg: 0, n: 0 }, B: { q: 0, cpu: 0, busy: 0, pg: 0, n: 0 } };
  const started = Date.now();
  const warmErrors = { A: 0, B: 0 };
  const one = async (side: 'A' | 'B', r: number) => {
    const target = side === 'A' ? server : baseline;
    if (r < c.warmup) {
      warmErrors[side] += (await run(target, side, r)).errors;
      return;
    }
    const before = await queriesOf(target);
    const pg0 = await c.backendCpu(target);
    const busy0 = machineBusyMs();
    const res = await run(target, side, r);
    trips[side].busy += machineBusyMs() - busy0;
    trips[side].pg += backendCpuSpent(pg0, await c.backendCpu(target));
    const after = await queriesOf(target);
    trips[side].q += after.q - before.q;
    trips[side].cpu += after.cpu - before.cpu;
    trips[side].n += res.total;
    (side === 'A' ? a : b).push(res);
  };
  for (let r = 0; r < c.warmup; r++) {
    for (const side of ['A', 'B'] as const) await one(side, r);
    log(`${name} warm-up round ${r + 1} (A B), not counted`);
  }
  for (let r = c.warmup; r < c.warmup + c.rounds; r++) {
    const order: ('A' | 'B')[] = (r - c.warmup) % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const side of order) await one(side, r);
    log(
      `${name} round ${r - c.warmup + 1} (${order.join(' ')}): server ${a.at(-1)?.rps}/s (${JSON.stringify(a.at(-1)?.statuses)}), baseline ${b.at(-1)?.rps}/s (${JSON.stringify(b.at(-1)?.statuses)})`,
    );
  }
  const base = sideFigures(b, trips.B, warmErrors.B);
  const row: Row = {
    name,
    ...sideFigures(a, trips.A, warmErrors.A),
    baseline_rps: base.rps,
    baseline_p50: base.p50,
    baseline_p99: base.p99,
    baseline_errors: base.errors,
    baseline_trips: base.trips,
    baseline_cpuMs: base.cpuMs,
    baseline_pgMs: base.pgMs,
    baseline_machineMs: base.machineMs,
    ratio: 0,
    ...(note ? { note } : {}),
  };
  row.ratio = Math.round((row.rps / Math.max(1, row.baseline_rps)) * 100) / 100;
  log(`${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return row;
}

/** One side's medians over its measured rounds, and its trips, CPU (its own, its backends', the machine's) per answered request. */
function sideFigures(
  runs: LoadResult[],
  t: { q: number; cpu: number; busy: number; pg: number; n: number },
  warmErrors: number,
): Pick<Row, 'rps' | 'p50' | 'p99' | 'errors' | 'trips' | 'cpuMs' | 'pgMs' | 'machineMs'> {
  const n = Math.max(1, t.n);
  return {
    rps: median(runs.map((x) => x.rps)),
    p50: median(runs.map((x) => x.p50)),
    p99: median(runs.map((x) => x.p99)),
    errors: runs.reduce((s, x) => s + x.errors, warmErrors),
    trips: Math.round((t.q / n) * 10) / 10,
    cpuMs: Math.round((t.cpu / n / 1000) * 100) / 100,
    pgMs: Math.round((t.pg / n) * 100) / 100,
    machineMs: Math.round((t.busy / n) * 100) / 100,
  };
}
