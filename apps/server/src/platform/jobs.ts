import type { Clock } from './clock';

/** A background job: called with the current time; must be idempotent and safe on several instances at once. */
export type JobFn = (now: Date) => Promise<unknown>;

interface Job {
  name: string;
  everyMs: number;
  fn: JobFn;
  timer?: NodeJS.Timeout;
  running?: Promise<unknown>;
  lastStartedAt?: Date;
  lastSuccessAt?: Date;
  lastError?: string;
  runs: number;
  failures: number;
}

/** Told about every finished run (metrics). */
export interface JobObserver {
  jobFinished(job: string, seconds: number, error: unknown, at: Date): void;
}

/** What health and metrics show of a job. */
export interface JobInfo {
  name: string;
  everySeconds: number;
  runs: number;
  failures: number;
  lastStartedAt: string | null;
  lastSuccessAt: string | null;
  /** The last run's error message, when the last run failed. */
  lastError: string | null;
  /** Seconds since the last success beyond the interval (0 while on schedule); null before the first success. */
  lagSeconds: number | null;
}

/**
 * Runs background work in the server process (recurring chores, SLA clocks, windows, expiries —
 * DESIGN §5). There is no leader election: every job is written so that running it twice, or on two
 * instances at once, does its work once (conditional UPDATEs, unique keys, ON CONFLICT DO NOTHING),
 * and its tests run it concurrently to prove that. Within one process a job never overlaps itself.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private started = false;
  private readonly observers: JobObserver[] = [];
  private startedAt: Date | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onError: (name: string, err: unknown) => void,
  ) {}

  register(name: string, everyMs: number, fn: JobFn): void {
    if (this.jobs.has(name)) throw new Error(`job ${name} registered twice`);
    this.jobs.set(name, { name, everyMs, fn, runs: 0, failures: 0 });
  }

  observe(observer: JobObserver): void {
    this.observers.push(observer);
  }

  get isStarted(): boolean {
    return this.started;
  }

  info(): JobInfo[] {
    const now = this.clock.now().getTime();
    return [...this.jobs.values()].map((j) => {
      const since = (j.lastSuccessAt ?? this.startedAt)?.getTime();
      return {
        name: j.name,
        everySeconds: j.everyMs / 1000,
        runs: j.runs,
        failures: j.failures,
        lastStartedAt: j.lastStartedAt?.toISOString() ?? null,
        lastSuccessAt: j.lastSuccessAt?.toISOString() ?? null,
        lastError: j.lastError ?? null,
        lagSeconds: since === undefined ? null : Math.max(0, (now - since - j.everyMs) / 1000),
      };
    });
  }

  get names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Runs one job now (tests; an admin "run now"). Joins a run already under way instead of overlapping it. */
  runOnce(name: string): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job ${name}`);
    if (job.running) return job.running;
    const started = this.clock.now();
    const t0 = performance.now();
    job.lastStartedAt = started;
    job.running = job
      .fn(started)
      .then(
        (result) => {
          this.finished(job, t0, undefined);
          return result;
        },
        (err: unknown) => {
          this.finished(job, t0, err);
          throw err;
        },
      )
      .finally(() => {
        job.running = undefined;
      });
    return job.running;
  }

  private finished(job: Job, t0: number, err: unknown): void {
    const at = this.clock.now();
    job.runs++;
    if (err) {
      job.failures++;
      job.lastError = err instanceof Error ? err.message : String(err);
    } else {
      job.lastSuccessAt = at;
      job.lastError = undefined;
    }
    for (const o of this.observers) o.jobFinished(job.name, (performance.now() - t0) / 1000, err, at);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.startedAt = this.clock.now();
    for (const job of this.jobs.values()) {
      job.timer = setInterval(() => {
        if (job.running) return;
        this.runOnce(job.name).catch((err) => this.onError(job.name, err));
      }, job.everyMs);
      job.timer.unref();
    }
  }

  /** Stops the timers and waits for runs under way, so shutdown never cuts a job mid-transaction. */
  async stop(): Promise<void> {
    this.started = false;
    for (const job of this.jobs.values()) clearInterval(job.timer);
    await Promise.allSettled([...this.jobs.values()].map((j) => j.running));
  }
}
