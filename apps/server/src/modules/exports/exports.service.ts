import { randomBytes } from 'node:crypto';
import { PassThrough, type Writable } from 'node:stream';
import {
  type CreateExport,
  type ExportJob,
  type ExportKind,
  errorInfo,
  isValidChinaId,
  type Lang,
  maskChinaId,
  maskPhone,
  normaliseChinaId,
  normalisePhone,
} from '@louzhang/contracts';
import type { ZodType } from 'zod';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { BlobStore } from '../../platform/files';
import { once } from '../../platform/idempotency';
import * as repo from './exports.repository';

/**
 * One kind of export: a console list whose export may run in the background. The module that owns the list
 * provides it (see src/export-kinds.ts); the same `rows` and `write` serve its streamed download, so the
 * columns and the masking are defined once.
 */
export interface ExportSource<Q = unknown, R = unknown> {
  /** The list's query as its URL carries it (strings), parsed as the streamed export parses it. */
  query: ZodType<Q>;
  /** Whether the asker may export this list at all (checked again at download). */
  mayExport(ctx: RequestContext): boolean;
  /**
   * The rows the filters show, as the list presents them (masked), page by page; `total` in the list's rows.
   * Throws coded AppErrors (FORBIDDEN, NOT_FOUND, EXPORT_TOO_LARGE past `maxRows`).
   */
  rows(
    ctx: RequestContext,
    q: Q,
    opts: { maxRows: number | null; audit: boolean },
  ): Promise<{ total: number; rows: AsyncIterable<R> }>;
  /** Writes the rows as .xlsx to `out` (ending it); returns the rows written. */
  write(out: Writable, rows: AsyncIterable<R>, lang: Lang): Promise<number>;
  /** What a list row is, when one list row makes several file rows (a household: its residents). */
  unitOf?(row: R): unknown;
  fileName(lang: Lang): string;
}

/** Who a user is now: the job exports with the asker's current roles, not those of the request. */
export interface ActorSource {
  actorOf(userId: number): Promise<Actor | null>;
}

export interface ExportsOptions {
  /** Days a finished file is kept. */
  keepDays: number;
  /** Rows between progress writes (and lease renewals). */
  progressEvery?: number;
}

/** A run holds an export this long without a sign of life before another run may take it over. */
const LEASE_MS = 10 * 60_000;
/** An export whose runs keep dying is given up after this many. */
const MAX_ATTEMPTS = 3;
/** Finished exports' rows are kept this long after they were asked for (their files go sooner). */
const KEEP_ROWS_DAYS = 30;
/** How many of one's exports the list shows. */
const LIST_LIMIT = 50;
const DAY = 86_400_000;

/** Another run took the export over (this one's lease ran out): stop without writing anything. */
class Superseded extends Error {}

/**
 * 导出任务: exports too big for the request (docs/ARCHITECTURE.md#exports). `request` checks the filters and
 * the asker's permission, counts, audits (filters masked) and queues; the job `exports.run` claims queued
 * exports (SKIP LOCKED, a lease per run), streams the kind's rows page by page into an .xlsx, records
 * progress, and stores the file encrypted in the blob store; only the asker downloads it, until it expires
 * (`exports.purge` removes it).
 */
export class ExportsService {
  private readonly kinds = new Map<ExportKind, ExportSource>();
  private queued: () => void = () => {};

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly store: BlobStore,
    private readonly actors: ActorSource,
    private readonly opts: ExportsOptions,
  ) {}

  register<Q, R>(kind: ExportKind, source: ExportSource<Q, R>): void {
    if (this.kinds.has(kind)) throw new Error(`export kind ${kind} registered twice`);
    this.kinds.set(kind, source as ExportSource);
  }

  /** Told whenever an export is queued (the app starts the job at once instead of at its next tick). */
  onQueued(fn: () => void): void {
    this.queued = fn;
  }

  private source(kind: string): ExportSource {
    const source = this.kinds.get(kind as ExportKind);
    if (!source) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'kind', message: 'unknown kind' }] });
    return source;
  }

  private parse(source: ExportSource, filters: Record<string, string>): unknown {
    const parsed = source.query.safeParse(filters);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', {
        fields: parsed.error.issues.map((i) => ({ path: ['filters', ...i.path].join('.'), message: i.message })),
      });
    }
    return parsed.data;
  }

  /** Queues an export of what the list's filters show; answers the export (queued) with its id. */
  async request(ctx: RequestContext, body: CreateExport): Promise<ExportJob> {
    const source = this.source(body.kind);
    const q = this.parse(source, body.filters);
    if (!source.mayExport(ctx)) throw new AppError('FORBIDDEN');
    // Scope, the filters' units and the count, as the list would answer them, before anything is queued.
    const { total } = await source.rows(ctx, q, { maxRows: null, audit: false });
    const { value: id } = await once(this.db, this.clock, ctx, async (tx) => {
      const jobId = await repo.insertJob(tx, {
        kind: body.kind,
        createdBy: ctx.actor.userId,
        filters: body.filters,
        lang: ctx.lang,
        ip: ctx.ip,
        rowsTotal: total,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'export.request',
        objectType: 'export_job',
        objectId: jobId,
        detail: { kind: body.kind, rows: total, filters: maskedFilters(body.filters) },
      });
      return jobId;
    });
    this.queued();
    return this.get(ctx, id);
  }

  async list(ctx: RequestContext): Promise<{ items: ExportJob[] }> {
    const found = await repo.listJobs(this.db, ctx.actor.userId, LIST_LIMIT);
    return { items: found.map((j) => this.present(j, ctx.lang)) };
  }

  /** One's own export; anyone else's is not found. */
  async get(ctx: RequestContext, id: number): Promise<ExportJob> {
    const job = await repo.findJob(this.db, id, ctx.actor.userId);
    if (!job) throw new AppError('NOT_FOUND');
    return this.present(job, ctx.lang);
  }

  /** The finished file, for the asker only, while kept and while they may still export the list; audited. */
  async file(ctx: RequestContext, id: number): Promise<{ bytes: Buffer; fileName: string }> {
    const job = await repo.findJob(this.db, id, ctx.actor.userId);
    if (!job) throw new AppError('NOT_FOUND');
    const source = this.source(job.kind);
    if (!source.mayExport(ctx)) throw new AppError('FORBIDDEN');
    if (job.status === 'expired') throw new AppError('EXPORT_EXPIRED');
    if (job.status !== 'done' || !job.fileKey) throw new AppError('EXPORT_NOT_READY');
    const stored = await this.store.get(job.fileKey);
    if (!stored) throw new AppError('EXPORT_EXPIRED');
    await transaction(this.db, (tx) =>
      recordAudit(tx, this.clock, ctx, {
        action: 'export.download',
        objectType: 'export_job',
        objectId: id,
        detail: { kind: job.kind, rows: job.rowsDone },
      }),
    );
    return { bytes: this.cipher.decryptBytes(stored), fileName: source.fileName(job.lang as Lang) };
  }

  /** The job: runs waiting exports one after another until none is left. Returns how many it ran. */
  async runQueued(): Promise<number> {
    let ran = 0;
    let failure: unknown = null;
    for (;;) {
      const claimed = await repo.claimJob(this.db, this.clock.now(), LEASE_MS);
      if (!claimed) break;
      ran++;
      try {
        await this.run(claimed);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) throw failure;
    return ran;
  }

  /** Removes files past their keeping time (the export shows as expired), and old exports' rows. */
  async purge(now: Date): Promise<number> {
    const keys = await repo.expireFiles(this.db, now);
    for (const key of keys) await this.store.delete(key);
    await repo.purgeJobs(this.db, new Date(now.getTime() - KEEP_ROWS_DAYS * DAY));
    return keys.length;
  }

  private async run(claimed: repo.ClaimedJob): Promise<void> {
    const { id, attempts } = claimed;
    const fail = (code: string) =>
      repo.finishJob(this.db, id, attempts, {
        status: 'failed',
        error: { code, zh: errorInfo(code).zh, en: errorInfo(code).en },
        finishedAt: this.clock.now(),
      });
    try {
      if (attempts > MAX_ATTEMPTS) {
        await fail('EXPORT_FAILED');
        return;
      }
      const actor = await this.actors.actorOf(claimed.createdBy);
      if (!actor) {
        await fail('FORBIDDEN');
        return;
      }
      const lang: Lang = claimed.lang === 'en' ? 'en' : 'zh';
      await this.write({ actor, ip: claimed.ip, lang }, claimed);
    } catch (err) {
      if (err instanceof Superseded) return;
      if (err instanceof AppError) {
        await fail(err.code);
        return;
      }
      await fail('EXPORT_FAILED');
      throw err;
    }
  }

  private async write(ctx: RequestContext, claimed: repo.ClaimedJob): Promise<void> {
    const { id, attempts } = claimed;
    const source = this.source(claimed.kind);
    const q = this.parse(source, claimed.filters);
    if (!source.mayExport(ctx)) throw new AppError('FORBIDDEN');
    const { total, rows } = await source.rows(ctx, q, { maxRows: null, audit: false });
    const every = this.opts.progressEvery ?? 500;
    const progress = async (rowsDone: number) => {
      const leaseUntil = new Date(this.clock.now().getTime() + LEASE_MS);
      if (!(await repo.recordProgress(this.db, id, attempts, { rowsDone, rowsTotal: total, leaseUntil }))) {
        throw new Superseded();
      }
    };
    await progress(0);
    let done = 0;
    async function* counted(): AsyncIterable<unknown> {
      let last: unknown = Symbol('none');
      for await (const row of rows) {
        const unit = source.unitOf ? source.unitOf(row) : row;
        if (unit !== last) {
          done++;
          last = unit;
          if (done % every === 0) await progress(done);
        }
        yield row;
      }
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise<void>((resolve, reject) => {
      out.on('end', resolve);
      out.on('error', reject);
    });
    await source.write(out, counted(), ctx.lang);
    await ended;
    const file = Buffer.concat(chunks);
    // The file holds personal data (names, addresses, masked numbers): encrypted at rest like uploads.
    const fileKey = `${randomBytes(32).toString('hex')}.export`;
    await this.store.put(fileKey, this.cipher.encryptBytes(file));
    const now = this.clock.now();
    const finished = await repo.finishJob(this.db, id, attempts, {
      status: 'done',
      rowsDone: done,
      fileKey,
      fileBytes: file.length,
      finishedAt: now,
      expiresAt: new Date(now.getTime() + this.opts.keepDays * DAY),
    });
    if (!finished) {
      await this.store.delete(fileKey);
      throw new Superseded();
    }
  }

  private present(j: repo.ExportJobRow, lang: Lang): ExportJob {
    const error = j.error as { code: string; zh?: string; en?: string } | null;
    const source = this.kinds.get(j.kind as ExportKind);
    return {
      id: j.id,
      kind: j.kind as ExportKind,
      status: j.status as ExportJob['status'],
      rowsDone: j.rowsDone,
      rowsTotal: j.rowsTotal,
      fileName: source ? source.fileName(j.lang as Lang) : `${j.kind}.xlsx`,
      fileBytes: j.status === 'done' ? j.fileBytes : null,
      error: error && { code: error.code, message: error[lang] ?? errorInfo(error.code)[lang] },
      createdAt: j.createdAt.toISOString(),
      finishedAt: j.finishedAt?.toISOString() ?? null,
      expiresAt: j.expiresAt?.toISOString() ?? null,
    };
  }
}

/** The filters as the audit log keeps them: a phone or ID number typed into a search box stays masked. */
export function maskedFilters(filters: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).map(([k, v]) => {
      const phone = normalisePhone(v);
      if (/^1\d{10}$/.test(phone)) return [k, maskPhone(phone)];
      const id = normaliseChinaId(v);
      if (isValidChinaId(id)) return [k, maskChinaId(id)];
      return [k, v];
    }),
  );
}
