import type { Clock } from './clock';

/** A background job: called with the current time; must be idempotent and safe on several instances at once. */
export type JobFn = (now: Date) => Promise<unknown>;

interface Job {
  name: string;
  everyMs: number;
  fn: JobFn;
  timer?: NodeJS.Timeout;
  running?: Promise<unknown>;
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

  constructor(
    private readonly clock: Clock,
    private readonly onError: (name: string, err: unknown) => void,
  ) {}

  register(name: string, everyMs: number, fn: JobFn): void {
    if (this.jobs.has(name)) throw new Error(`job ${name} registered twice`);
    this.jobs.set(name, { name, everyMs, fn });
  }

  get names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Runs one job now (tests; an admin "run now"). Joins a run already under way instead of overlapping it. */
  runOnce(name: string): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job ${name}`);
    if (job.running) return job.running;
    job.running = job.fn(this.clock.now()).finally(() => {
      job.running = undefined;
    });
    return job.running;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
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
