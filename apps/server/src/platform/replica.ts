import { sql } from 'drizzle-orm';
import { type Database, type Db, pgCode, rows } from './db';

/** What the caller of a lag-tolerant read says about itself (a RequestContext carries it). */
export interface ReadCaller {
  /** This caller wrote within the read-your-writes window: its reads go to the primary. */
  readonly readsPrimary?: boolean;
}

/** The replica as last checked; `/api/v1/health` and `/metrics` show it. */
export interface ReplicaStatus {
  /** A replica is configured (DATABASE_REPLICA_URL). */
  readonly configured: boolean;
  /** Lag-tolerant reads go to it now. */
  readonly inUse: boolean;
  /** Seconds its replay is behind the primary (0 when it has replayed all it received), null when unknown. */
  readonly lagSeconds: number | null;
  /** Why reads are on the primary, while they are. */
  readonly reason: 'down' | 'lagging' | 'not_checked' | null;
}

export interface ReplicaOptions {
  /** Beyond this lag the replica is left alone until it catches up. */
  readonly maxLagSeconds: number;
  /** How often the lag is measured. */
  readonly checkEveryMs: number;
}

/** Where the replica's changes of state are logged (the app's logger). */
export interface ReplicaLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** How often the replica's lag is measured by default. */
export const REPLICA_CHECK_EVERY_MS = 2_000;

/**
 * Errors after which a read is run again on the primary: the replica is unreachable or shutting down
 * (class 08, 57P01–57P03), or cancelled the query for a conflict with what it replays (40001 on a standby).
 */
const REPLICA_TROUBLE = /^(08|57P0[1-3]|40001)/;
const NETWORK_TROUBLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/**
 * Where reads that tolerate seconds of lag go (docs/ARCHITECTURE.md#read-replica): the replica while it
 * answers and lags at most `maxLagSeconds`, unless the caller wrote recently (read-your-writes); the
 * primary otherwise, and always without a replica (the embedded database has none). Writes never come here.
 */
export class ReplicaReads {
  private current: ReplicaStatus;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<ReplicaStatus> | null = null;
  private log: ReplicaLog = { warn() {}, info() {} };

  constructor(
    private readonly primary: Database,
    private readonly replica: Database | null = null,
    private readonly opts: ReplicaOptions = { maxLagSeconds: 10, checkEveryMs: REPLICA_CHECK_EVERY_MS },
  ) {
    this.current = replica
      ? { configured: true, inUse: false, lagSeconds: null, reason: 'not_checked' }
      : { configured: false, inUse: false, lagSeconds: null, reason: null };
  }

  /**
   * Seconds a caller reads from the primary after writing: the replica may lag `maxLagSeconds` and still
   * be used, and that lag was measured up to one check ago, so after this long any replica in use has the write.
   */
  get readYourWritesSeconds(): number {
    return this.replica ? Math.ceil(this.opts.maxLagSeconds + this.opts.checkEveryMs / 1000) : 0;
  }

  logTo(log: ReplicaLog): void {
    this.log = log;
  }

  status(): ReplicaStatus {
    return this.current;
  }

  /** The handle for a lag-tolerant read by `caller` (a job passes nothing). */
  db(caller?: ReadCaller): Db {
    return this.replica && this.current.inUse && !caller?.readsPrimary ? this.replica.db : this.primary.db;
  }

  /**
   * Runs a lag-tolerant read on `db(caller)`; when the replica fails it (unreachable, shutting down, a
   * recovery conflict), it is marked down and the read runs again on the primary.
   */
  async run<T>(caller: ReadCaller | undefined, read: (db: Db) => Promise<T>): Promise<T> {
    const db = this.db(caller);
    if (db === this.primary.db) return read(db);
    try {
      return await read(db);
    } catch (err) {
      if (!isReplicaTrouble(err)) throw err;
      this.set({ configured: true, inUse: false, lagSeconds: null, reason: 'down' }, err);
      return read(this.primary.db);
    }
  }

  /** Measures the replica now: does it answer, and how far behind is its replay. */
  check(): Promise<ReplicaStatus> {
    const replica = this.replica;
    if (!replica) return Promise.resolve(this.current);
    this.checking ??= (async () => {
      try {
        const [r] = await rows<{ standby: boolean; lag: number | null }>(
          replica.db,
          sql`select pg_is_in_recovery() as standby,
                case when not pg_is_in_recovery() or pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                     else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`,
        );
        const lag = r?.lag === null || r?.lag === undefined ? null : Math.max(0, Number(r.lag));
        const fresh = lag !== null && lag <= this.opts.maxLagSeconds;
        this.set({ configured: true, inUse: fresh, lagSeconds: lag, reason: fresh ? null : 'lagging' });
      } catch (err) {
        this.set({ configured: true, inUse: false, lagSeconds: null, reason: 'down' }, err);
      } finally {
        this.checking = null;
      }
      return this.current;
    })();
    return this.checking;
  }

  /** Checks now, then every `checkEveryMs`, until `stop`. */
  async start(): Promise<void> {
    if (!this.replica || this.timer) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), this.opts.checkEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  /** Logs each change of where the reads go (not every check). */
  private set(next: ReplicaStatus, err?: unknown): void {
    const was = this.current;
    this.current = next;
    if (next.inUse && !was.inUse) {
      this.log.info({ replicaLagSeconds: next.lagSeconds }, 'read replica in use');
    } else if (!next.inUse && (was.inUse || was.reason !== next.reason)) {
      this.log.warn(
        { err, reason: next.reason, replicaLagSeconds: next.lagSeconds, maxLagSeconds: this.opts.maxLagSeconds },
        `read replica ${next.reason}: lag-tolerant reads fall back to the primary`,
      );
    }
  }
}

function isReplicaTrouble(err: unknown): boolean {
  const code = pgCode(err);
  if (code) return REPLICA_TROUBLE.test(code);
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && NETWORK_TROUBLE.has(c)) return true;
    const m = (e as { message?: unknown }).message;
    if (
      typeof m === 'string' &&
      /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(m)
    ) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
