import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';

export const PG_ROOT = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function withDb(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function recreateDatabase(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: PG_ROOT });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  return withDb(PG_ROOT, name);
}

export const encryptionKey = () => randomBytes(32).toString('base64');

/** The environment both bench children (the server and the baseline) start with, on database `url`. */
export function childEnv(url: string, key: string, dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: '10',
    LOUZHANG_ENCRYPTION_KEY: key,
    LOUZHANG_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    // Plain HTTP on 127.0.0.1: a Secure cookie would never come back.
    COOKIE_SECURE: 'false',
    SEED_ON_EMPTY: 'false',
    JOBS_ENABLED: 'false',
    LOGIN_RATE_PER_MINUTE: '100000',
  };
}

/**
 * The Node flags the server's own `npm start` gives it (apps/server/package.json): both children run with
 * them, so the bench measures the runtime that ships and the baseline gets the same.
 */
export const serverStartFlags = (): string[] =>
  (JSON.parse(readFileSync('apps/server/package.json', 'utf8')).scripts.start as string)
    .split(/\s+/)
    .filter((w) => /^--[a-z-]+=\S+$/.test(w));

export interface Child {
  proc: ChildProcess;
  port: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a node child (tsx loader) and resolves once it prints `ready` on stdout. */
export function startChild(
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  nodeArgs: string[] = [],
  timeoutMs = 120_000,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({
          proc,
          port: Number(env.PORT),
          stop: (signal = 'SIGTERM') =>
            new Promise<void>((r) => {
              if (proc.exitCode !== null || proc.signalCode) return r();
              proc.once('exit', () => r());
              proc.kill(signal);
            }),
        });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
      if (process.env.BENCH_VERBOSE) process.stderr.write(d);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready:\n${out.slice(-3000)}`));
    });
  });
}

export interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
  /** Every answered request, whatever its status. */
  total: number;
  /** Requests answered with an expected status: the only ones req/s counts. */
  ok: number;
  /** Wall-clock seconds the load ran. */
  seconds?: number;
  /** When `milestone` was reached: seconds from the start, and the target's and the machine's CPU ms so far. */
  milestone?: { seconds: number; cpuMs: number; busyMs: number };
}

/** The target's own CPU ms and the machine's busy ms so far. */
export const cpuSoFar = async (port: number) => ({ cpuMs: await childCpuMs(port), busyMs: machineBusyMs() });

/** The target's own CPU ms so far, as its count-queries preload serves it (port + 10). */
export async function childCpuMs(port: number): Promise<number> {
  return Number((await (await fetch(`http://127.0.0.1:${port + 10}/`)).text()).split(' ')[1]) / 1000;
}

/**
 * Drives `port` with autocannon: `next()` gives each request (cycling through a plan), `expected`
 * statuses are not errors (e.g. 409 SOLD_OUT in the rush); anything else, 5xx, socket errors and
 * timeouts are.
 */
export async function load(opts: {
  port: number;
  connections: number;
  amount?: number;
  duration?: number;
  next: () => Req;
  expected: readonly number[];
  /** The `count`th answer of `status` (the rush: the last unit sold): `LoadResult.milestone` records when. */
  milestone?: { status: number; count: number };
}): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const started = performance.now();
  let lastResponse = started;
  let reached: Promise<LoadResult['milestone']> | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const inst = autocannon(
      {
        url: `http://127.0.0.1:${opts.port}`,
        connections: opts.amount ? Math.min(opts.connections, opts.amount) : opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 10 }),
        timeout: 30,
        requests: [
          {
            setupRequest: (req) => {
              const r = opts.next();
              return {
                ...req,
                method: r.method,
                path: r.path,
                headers: { ...r.headers, ...(r.body ? { 'content-type': 'application/json' } : {}) },
                body: r.body,
              };
            },
            onResponse: (status) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              lastResponse = performance.now();
              const m = opts.milestone;
              if (m && status === m.status && statuses[status] === m.count) {
                const at = { seconds: (lastResponse - started) / 1000, busyMs: machineBusyMs() };
                reached = childCpuMs(opts.port).then((cpuMs) => ({ ...at, cpuMs }));
              }
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    void inst;
  });
  let errors = result.errors + result.timeouts;
  for (const [s, n] of Object.entries(statuses)) if (!opts.expected.includes(Number(s))) errors += n;
  const total = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = Object.entries(statuses).reduce((a, [s, n]) => a + (opts.expected.includes(Number(s)) ? n : 0), 0);
  // Wall-clock time from the start to the last response, measured here: autocannon's own `duration`
  // comes in whole seconds and a fixed-amount run only ends on its next 1 s tick, too coarse for the
  // short loads (chore phases of 2–3 s read as exactly 80 req/s on both sides).
  const seconds = Math.max(0.001, ((opts.amount ? lastResponse : performance.now()) - started) / 1000);
  return {
    rps: Math.round(ok / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    statuses,
    total,
    ok,
    seconds,
    ...(reached ? { milestone: await reached } : {}),
  };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The whole machine's busy CPU time so far in ms (all cores, /proc/stat; 0 where there is none). */
export const machineBusyMs = () => {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
};

/**
 * CPU time (ms, user + system, /proc/<pid>/stat) of each PostgreSQL backend serving connections named
 * `appName` (each child connects with its own `PGAPPNAME`), by backend pid. PostgreSQL runs on this
 * machine; a backend gone by the time it is read is left out.
 */
export async function backendCpuMs(pool: pg.Pool, appName: string): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [
    appName,
  ]);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const f = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / 100); // utime + stime, USER_HZ 100
    } catch {
      // The backend ended (its connection closed) between the two reads.
    }
  }
  return out;
}

/** CPU ms the backends used from `before` to `after` (a backend new since `before` counts from zero). */
export const backendCpuSpent = (before: Map<number, number>, after: Map<number, number>): number =>
  [...after].reduce((s, [pid, ms]) => s + ms - (before.get(pid) ?? 0), 0);
