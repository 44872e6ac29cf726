import { createHash, randomBytes } from 'node:crypto';
import type { ImportJob, ImportResult, Lang } from '@louzhang/contracts';
import { errorInfo } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { BlobStore } from '../../platform/files';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import { REGISTRY_WRITE } from './households.policy';
import * as repo from './households.repository';
import type { HouseholdsService } from './households.service';
import { buildHouseholdTemplate, ExcelImportError, type ImportRow } from './households-excel';
import { annotateImportErrors } from './households-excel-errors';
import { openHouseholdWorkbook, parseHouseholdWorkbook } from './households-excel-import';
import { writeImportRows } from './households-import-rows';
import * as imports from './households-imports.repository';

const HEADER = { building: '楼栋', idNumber: '身份证号', phone: '手机号' } as const;

/** Who a user is now: the import job acts with the importer's current roles, not those of the upload. */
export interface ActorSource {
  actorOf(userId: number): Promise<Actor | null>;
}

/** A run holds an import this long without a sign of life before another run may take it over. */
const LEASE_MS = 10 * 60_000;
/** A file whose runs keep dying (the process killed mid-import) is given up after this many. */
const MAX_ATTEMPTS = 3;
/** Finished imports are kept this long for their results. */
const KEEP_DAYS = 30;
/** An annotated error file (the upload with its errors marked: personal data) is kept this long. */
const KEEP_ERROR_FILE_DAYS = 7;

/** Where an import's annotated error file waits in the blob store (found again from the import's id). */
export const errorFileKey = (importId: number) =>
  `${createHash('sha256').update(`household-import-errors:${importId}`).digest('hex')}.errors`;

type Bilingual = { zh: string; en: string };
/** The result as stored: row messages in both languages, shown in the asker's. */
type StoredResult = Omit<ImportResult, 'errors'> & {
  errors: { rowNumber: number; column: string; code: string; message: Bilingual }[];
};
type StoredError = { code: string; zh?: string; en?: string };

/** Another run took the import over (this one's lease ran out): stop without writing anything. */
class Superseded extends Error {}

/**
 * The registry as Excel (docs/rules.md#domain): a template, a dry run that reports every bad row, then a commit
 * that writes all rows or none. Imports run off the request path: the upload is stored (encrypted) and
 * answered 202 with the import's id; the job `households.imports` streams the sheet, records its progress and
 * the result, which `get` shows to the importer.
 */
export class HouseholdsExcelService {
  private queued: () => void = () => {};

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly households: HouseholdsService,
    private readonly actors: ActorSource,
    private readonly store: BlobStore,
  ) {}

  /** Told whenever an import is queued (the app starts the job at once instead of at its next tick). */
  onQueued(fn: () => void): void {
    this.queued = fn;
  }

  template(): Promise<Buffer> {
    return buildHouseholdTemplate();
  }

  /**
   * Queues an import of `file`. A file that is not an .xlsx at all is refused at once (BAD_FILE); everything
   * else is the job's. With an Idempotency-Key, a retry of the same file returns the same import.
   */
  async enqueue(
    ctx: RequestContext,
    file: Buffer,
    fileName: string | null,
    dryRun: boolean,
    validOnly = false,
  ): Promise<ImportJob> {
    const scope = Scope.of(ctx.actor, REGISTRY_WRITE);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    if (dryRun && validOnly) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'validOnly', message: 'only a commit (dryRun=false) imports the valid rows' }],
      });
    }
    try {
      await openHouseholdWorkbook(file);
    } catch (err) {
      if (err instanceof ExcelImportError) throw new AppError(err.code, { zh: err.zh, en: err.en });
      throw err;
    }
    // The key binds the file and the mode too: the multipart body is not part of the request hash.
    const idem = ctx.idempotency && {
      key: ctx.idempotency.key,
      requestHash: createHash('sha256')
        .update(`${ctx.idempotency.requestHash}\u0000${dryRun}\u0000${validOnly}\u0000`)
        .update(file)
        .digest('hex'),
    };
    const binding = ctx.actor.bindings.find((b) => REGISTRY_WRITE.includes(b.role));
    // The file waits in the blob store (the database would carry megabytes through every statement).
    const fileKey = `${randomBytes(32).toString('hex')}.import`;
    await this.store.put(fileKey, this.cipher.encryptBytes(file));
    let stored = false;
    let id: number;
    try {
      ({ value: id } = await once(this.db, this.clock, { ...ctx, idempotency: idem }, async (tx) => {
        const row = {
          streetId: binding?.streetId ?? null,
          createdBy: ctx.actor.userId,
          dryRun,
          validOnly,
          fileName: fileName?.slice(0, 200) ?? null,
          fileKey,
          fileSha256: createHash('sha256').update(file).digest('hex'),
          ip: ctx.ip,
          createdAt: this.clock.now(),
        };
        // A file is committed once per importer: committing it again (whatever the key) answers the first commit.
        const { id: importId, created } = dryRun
          ? { id: await imports.insertImport(tx, row), created: true }
          : await imports.insertCommitOnce(tx, row);
        if (!created) return importId;
        await recordAudit(tx, this.clock, ctx, {
          action: 'household.import.queue',
          objectType: 'household_import',
          objectId: importId,
          detail: { dryRun, validOnly, bytes: file.length },
        });
        stored = true;
        return importId;
      }));
    } finally {
      // A refused or replayed request leaves no file behind.
      if (!stored) await this.store.delete(fileKey);
    }
    this.queued();
    return this.get(ctx, id);
  }

  /** An import and how far it got; only its importer sees it (anyone else: not found). */
  async get(ctx: RequestContext, id: number): Promise<ImportJob> {
    if (Scope.of(ctx.actor, REGISTRY_WRITE).isEmpty) throw new AppError('FORBIDDEN');
    const row = await imports.findImport(this.db, id, ctx.actor.userId);
    if (!row) throw new AppError('NOT_FOUND');
    const stored = row.result as StoredResult | null;
    const error = row.error as StoredError | null;
    return {
      id: row.id,
      status: row.status as ImportJob['status'],
      dryRun: row.dryRun,
      validOnly: row.validOnly,
      fileName: row.fileName,
      rowsRead: row.rowsRead,
      rowsEstimated: row.rowsEstimated,
      result: stored && {
        ...stored,
        errors: stored.errors.map((e) => ({ ...e, message: e.message[ctx.lang] })),
      },
      error: error && { code: error.code, message: messageOf(error, ctx.lang) },
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  }

  /**
   * The job: runs waiting imports one after another until none is left (one at a time per instance, so a
   * burst of uploads queues instead of parsing at once). Returns how many it ran.
   */
  async runQueued(): Promise<number> {
    let ran = 0;
    let failure: unknown = null;
    for (;;) {
      const claimed = await imports.claimImport(this.db, this.clock.now(), LEASE_MS);
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

  /**
   * The upload with every error marked where it is (see annotateImportErrors), for the importer only, while
   * it is kept; null when the import had no row errors or the file is gone.
   */
  async errorsFile(ctx: RequestContext, id: number): Promise<Buffer> {
    if (Scope.of(ctx.actor, REGISTRY_WRITE).isEmpty) throw new AppError('FORBIDDEN');
    const row = await imports.findImport(this.db, id, ctx.actor.userId);
    if (!row) throw new AppError('NOT_FOUND');
    const stored = await this.store.get(errorFileKey(id));
    if (!stored) throw new AppError('NOT_FOUND');
    return this.cipher.decryptBytes(stored);
  }

  /** Deletes finished imports past their keeping time, and annotated error files past theirs. */
  async purge(now: Date): Promise<number> {
    const day = 86_400_000;
    const keepImports = new Date(now.getTime() - KEEP_DAYS * day);
    const stale = await imports.finishedImportIds(
      this.db,
      new Date(keepImports.getTime() - day),
      new Date(now.getTime() - KEEP_ERROR_FILE_DAYS * day),
    );
    for (const id of stale) await this.store.delete(errorFileKey(id));
    return imports.purgeImports(this.db, keepImports);
  }

  private async run(claimed: imports.ClaimedImport): Promise<void> {
    const { id, attempts } = claimed;
    const fail = (error: StoredError, result: StoredResult | null = null) =>
      imports.finishImport(this.db, id, attempts, { status: 'failed', result, error, finishedAt: this.clock.now() });
    const file = claimed.fileKey ? await this.store.get(claimed.fileKey) : null;
    try {
      if (attempts > MAX_ATTEMPTS || !file) {
        await fail({ code: 'INTERNAL' });
        return;
      }
      await this.runWith(claimed, file, fail);
    } finally {
      // Read or given up: the file is not kept (a crash before this leaves it for the next run to read again).
      const finished = await imports.isFinished(this.db, id);
      if (finished && claimed.fileKey) await this.store.delete(claimed.fileKey);
    }
  }

  private async runWith(
    claimed: imports.ClaimedImport,
    encrypted: Buffer,
    fail: (error: StoredError, result?: StoredResult | null) => Promise<boolean>,
  ): Promise<void> {
    const actor = await this.actors.actorOf(claimed.createdBy);
    if (!actor) {
      await fail({ code: 'FORBIDDEN' });
      return;
    }
    const ctx: RequestContext = { actor, ip: claimed.ip, lang: 'zh' };
    try {
      await this.importFile(ctx, this.cipher.decryptBytes(encrypted), claimed);
    } catch (err) {
      if (err instanceof Superseded) return;
      if (err instanceof AppError) {
        await fail(
          { code: err.code, zh: err.messageIn('zh'), en: err.messageIn('en') },
          err instanceof RefusedWithRows ? err.result : null,
        );
        return;
      }
      await fail({ code: 'INTERNAL' });
      throw err;
    }
  }

  /** Reads, checks and (unless a dry run) writes one file; the outcome is stored under the run's claim. */
  private async importFile(ctx: RequestContext, file: Buffer, claim: imports.ClaimedImport): Promise<void> {
    const { id, attempts, dryRun, validOnly } = claim;
    const scope = Scope.of(ctx.actor, REGISTRY_WRITE);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    let parsed: Awaited<ReturnType<typeof parseHouseholdWorkbook>>;
    try {
      parsed = await parseHouseholdWorkbook(file, {
        onProgress: async (rowsRead, rowsEstimated) => {
          const lease = new Date(this.clock.now().getTime() + LEASE_MS);
          if (!(await imports.recordProgress(this.db, id, attempts, rowsRead, rowsEstimated, lease))) {
            throw new Superseded();
          }
        },
      });
    } catch (err) {
      if (err instanceof ExcelImportError) throw new AppError(err.code, { zh: err.zh, en: err.en });
      throw err;
    }
    const errors = [...parsed.errors];
    const badRows = new Set(errors.map((e) => e.rowNumber));

    const outcome = await transaction(this.db, async (tx) => {
      const names = [...new Set(parsed.rows.map((r) => r.buildingName))];
      const buildings = await repo.buildingsByName(tx, scope, names);
      const byName = new Map<string, (typeof buildings)[number][]>();
      for (const b of buildings) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
      const ids = parsed.rows.flatMap((r) => (r.idNumber ? [this.cipher.blindIndex('id', r.idNumber)] : []));
      const taken = await this.households.checkIdNumbers(tx, ctx, ids);

      const rowError = (r: ImportRow, column: string, code: string, zh: string, en: string) => {
        errors.push({ rowNumber: r.rowNumber, column, code, message: { zh, en } });
        badRows.add(r.rowNumber);
      };
      for (const r of parsed.rows) {
        const matches = byName.get(r.buildingName) ?? [];
        if (matches.length === 0) {
          rowError(
            r,
            HEADER.building,
            'UNKNOWN_BUILDING',
            '楼栋不存在或不在您的管辖范围内',
            'No such building in your jurisdiction',
          );
        } else if (matches.length > 1) {
          rowError(
            r,
            HEADER.building,
            'AMBIGUOUS_BUILDING',
            '有多个同名楼栋，请联系管理员',
            'Several buildings share this name',
          );
        }
        if (r.idNumber && taken.has(this.cipher.blindIndex('id', r.idNumber))) {
          rowError(r, HEADER.idNumber, 'DUPLICATE', '身份证号已登记', 'ID number already registered');
        }
      }
      const good = parsed.rows.filter((r) => !badRows.has(r.rowNumber));
      const result: StoredResult = {
        dryRun,
        total: new Set([...parsed.rows.map((r) => r.rowNumber), ...parsed.errors.map((e) => e.rowNumber)]).size,
        valid: good.length,
        errors: errors
          .sort((a, b) => a.rowNumber - b.rowNumber)
          .map((e) => ({ rowNumber: e.rowNumber, column: e.column, code: e.code, message: e.message })),
        householdsCreated: 0,
        residentsCreated: 0,
      };
      // The upload handed back with its errors marked, while the file is at hand (it is not kept), and
      // before the import shows as finished, so the importer never asks for a file not yet written.
      if (errors.length > 0) {
        const annotated = await annotateImportErrors(file, parsed.layout, errors);
        await this.store.put(errorFileKey(id), this.cipher.encryptBytes(annotated));
      }
      // A commit of the whole file is refused when any row is bad; 导入有效行 writes the good ones and lists the rest.
      if (!dryRun && !validOnly && errors.length > 0) return { refused: result as StoredResult | null };
      if (!dryRun) {
        const written = await writeImportRows(tx, this.households, good, byName);
        result.householdsCreated = written.householdsCreated;
        result.residentsCreated = written.residentsCreated;
        const { ownerKeysSet } = written;
        await recordAudit(tx, this.clock, ctx, {
          action: 'household.import',
          objectType: 'household_import',
          objectId: id,
          detail: {
            validOnly,
            skipped: result.total - good.length,
            rows: good.length,
            households: result.householdsCreated,
            residents: result.residentsCreated,
            ownerKeysSet,
          },
        });
      }
      // The outcome commits with the rows it describes, and only while this run still holds the import.
      const finished = await imports.finishImport(tx, id, attempts, {
        status: 'done',
        result,
        error: null,
        finishedAt: this.clock.now(),
      });
      if (!finished) throw new Superseded();
      return { refused: null };
    });
    if (outcome.refused) throw new RefusedWithRows(outcome.refused);
  }
}

/** A commit refused because rows have errors: nothing was written; the rows are listed in the result. */
class RefusedWithRows extends AppError {
  constructor(readonly result: StoredResult) {
    super('IMPORT_HAS_ERRORS');
  }
}

function messageOf(error: StoredError, lang: Lang): string {
  return error[lang] ?? errorInfo(error.code)[lang];
}
