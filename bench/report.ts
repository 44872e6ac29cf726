import { readFileSync } from 'node:fs';
import type { LoadResult } from './lib';

/*
 * What `npm run bench` prints: the table of medians with each side's trips and CPU, and the summary of
 * the server's CPU profile (`--profile`).
 */

/** One scenario's medians for both sides, as printed and written to results/latest.json. */
export interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Statements sent to PostgreSQL per answered request (begin/commit included). */
  trips: number;
  /** The side's own process CPU (user + system) per answered request, in ms: not PostgreSQL's. */
  cpuMs: number;
  /** CPU of the PostgreSQL backends serving the side per answered request, in ms (its connections, by PGAPPNAME). */
  pgMs: number;
  /** The whole machine's CPU per answered request, in ms (PostgreSQL, the side, the load generator, others). */
  machineMs: number;
  baseline_rps: number;
  baseline_p50: number;
  baseline_p99: number;
  baseline_errors: number;
  baseline_trips: number;
  baseline_cpuMs: number;
  baseline_pgMs: number;
  baseline_machineMs: number;
  ratio: number;
  note?: string;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

/** The results table: a header naming the machine and the method, a row per scenario, its notes, then `footer`. */
export function formatTable(r: {
  machine: { cpus: number; model: string; node: string; pg: string };
  rounds: number;
  warmup: number;
  table: readonly Row[];
  footer: readonly string[];
}): string {
  const { machine, table } = r;
  const lines = [
    '',
    `louzhang bench — ${machine.cpus} CPU cores (${machine.model}), Node ${machine.node}, PostgreSQL ${machine.pg}; medians of ${r.rounds} rounds alternating A B B A … after ${r.warmup} warm-up round${r.warmup === 1 ? '' : 's'} of each side`,
    `(req/s counts expected statuses only; trips = statements sent to PostgreSQL per request, begin/commit included;`,
    ` cpu = the side's own Node process CPU per request in ms; pg = its PostgreSQL backends' CPU per request in ms;`,
    ` all = the whole machine's, the load generator included)`,
    `${'scenario'.padEnd(17)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('trips', 7)}${pad('cpu', 6)}${pad('pg', 7)}${pad('all', 8)} │${pad('base req/s', 11)}${pad('p50', 6)}${pad('p99', 6)}${pad('errors', 8)}${pad('trips', 7)}${pad('cpu', 6)}${pad('pg', 7)}${pad('all', 8)} │${pad('ratio', 7)}`,
    '─'.repeat(156),
    ...table.map(
      (x) =>
        `${x.name.padEnd(17)}${pad(x.rps, 8)}${pad(x.p50, 8)}${pad(x.p99, 8)}${pad(x.errors, 8)}${pad(x.trips, 7)}${pad(x.cpuMs.toFixed(2), 6)}${pad(x.pgMs.toFixed(2), 7)}${pad(x.machineMs.toFixed(2), 8)} │${pad(x.baseline_rps, 11)}${pad(x.baseline_p50, 6)}${pad(x.baseline_p99, 6)}${pad(x.baseline_errors, 8)}${pad(x.baseline_trips, 7)}${pad(x.baseline_cpuMs.toFixed(2), 6)}${pad(x.baseline_pgMs.toFixed(2), 7)}${pad(x.baseline_machineMs.toFixed(2), 8)} │${pad(x.ratio.toFixed(2), 7)}`,
    ),
    ...table.filter((x) => x.note).map((x) => `  ${x.name}: ${x.note}`),
    '',
    ...r.footer,
  ];
  return lines.join('\n');
}

/**
 * `BENCH_PHASES=1`: a rush round in its two phases — selling the stock (to the last unit's 201, the load's
 * milestone) and the refusals after it — each with its length and how busy the side's Node process and the
 * machine (`cores`) were, from the CPU ms read at the start, the milestone and the end.
 */
export function formatRushPhases(
  r: LoadResult,
  start: { cpuMs: number; busyMs: number },
  end: { cpuMs: number; busyMs: number },
  cores: number,
): string {
  const m = r.milestone as NonNullable<LoadResult['milestone']>;
  const rest = (r.seconds ?? m.seconds) - m.seconds;
  const pct = (ms: number, s: number, n = 1) => `${Math.round((ms / (s * 1000 * n)) * 100)}%`;
  return (
    `selling ${m.seconds.toFixed(2)} s (node ${pct(m.cpuMs - start.cpuMs, m.seconds)}, machine ${pct(m.busyMs - start.busyMs, m.seconds, cores)}), ` +
    `refusals ${rest.toFixed(2)} s (node ${pct(end.cpuMs - m.cpuMs, rest)}, machine ${pct(end.busyMs - m.busyMs, rest, cores)})`
  );
}

/** Self time per function (top 25) and per package, from a V8 .cpuprofile. */
export function summariseProfile(file: string): string {
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
