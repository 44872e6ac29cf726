import type { PhotoView } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, type Fragment, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { BlobStore } from '../../platform/files';
import { PhotoRejected, processPhoto } from './photo-processing';
import * as repo from './photos.repository';

const REJECTED = {
  type: 'UNSUPPORTED_IMAGE',
  size: 'IMAGE_TOO_LARGE',
  pixels: 'IMAGE_TOO_LARGE',
  decode: 'IMAGE_UNREADABLE',
};

export function presentPhoto(p: Pick<repo.PhotoRow, 'id' | 'width' | 'height'>): PhotoView {
  return {
    id: p.id,
    url: `/api/v1/photos/${p.id}`,
    thumbUrl: `/api/v1/photos/${p.id}?thumb=1`,
    width: p.width,
    height: p.height,
  };
}

/**
 * Whether `actor` may see something photo `photoId` is attached to (a report, a chore submission, a
 * product …). Each feature that attaches photos answers for its own rows, through its own rules.
 */
export type PhotoAttachmentCheck = (db: Db, actor: Actor, photoId: number) => Promise<boolean>;

/** The one upload pipeline for chore proofs, reports and campaign sites (docs/rules.md#system-shape "Files"). */
export class PhotosService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly store: BlobStore,
  ) {}

  private readonly attachments: PhotoAttachmentCheck[] = [];

  /** Declares a feature that attaches photos: whoever may see its row may see the photo. */
  addAttachment(check: PhotoAttachmentCheck): void {
    this.attachments.push(check);
  }

  /** Sniffs, re-encodes and stores an upload; the row belongs to the uploader and their street. */
  async upload(ctx: RequestContext, bytes: Buffer): Promise<PhotoView> {
    let processed: Awaited<ReturnType<typeof processPhoto>>;
    try {
      processed = await processPhoto(bytes);
    } catch (err) {
      if (err instanceof PhotoRejected) throw new AppError(REJECTED[err.reason]);
      throw err;
    }
    // Bytes first: a row never points at a file that is not there (a crash leaves at most an orphan file).
    await this.store.put(`${processed.sha256}.jpg`, processed.image);
    await this.store.put(`${processed.sha256}.thumb.jpg`, processed.thumb);
    const streetId = ctx.actor.bindings.find((b) => b.streetId !== null)?.streetId ?? null;
    return transaction(this.db, async (tx) => {
      const row = await repo.insertPhoto(tx, {
        streetId,
        uploaderUserId: ctx.actor.userId,
        sha256: processed.sha256,
        phash: processed.phash,
        width: processed.width,
        height: processed.height,
        bytes: processed.image.length,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'photo.upload',
        objectType: 'photo',
        objectId: row.id,
        streetId,
      });
      return presentPhoto(row);
    });
  }

  /**
   * The stored JPEG, for its uploader or for whoever may see what it is attached to; 404 otherwise (a
   * photo id is sequential, so working the same street is not enough).
   */
  async read(ctx: RequestContext, id: number, thumb: boolean): Promise<Buffer> {
    const found = await repo.findWithStreetPath(this.db, id);
    if (!found) throw notFound();
    if (found.photo.uploaderUserId !== ctx.actor.userId && !(await this.seesAttachment(ctx.actor, id))) {
      throw notFound();
    }
    const bytes = await this.store.get(`${found.photo.sha256}${thumb ? '.thumb' : ''}.jpg`);
    if (!bytes) throw notFound();
    return bytes;
  }

  private async seesAttachment(actor: Actor, id: number): Promise<boolean> {
    for (const check of this.attachments) if (await check(this.db, actor, id)) return true;
    return false;
  }

  /**
   * The stored JPEG for a feature that has itself checked the caller may see what the photo is attached
   * to (a report's timeline shows its "after" photos to the reporter, who did not upload them).
   */
  async readAttached(id: number, thumb: boolean): Promise<Buffer> {
    const found = await repo.findWithStreetPath(this.db, id);
    if (!found) throw notFound();
    const bytes = await this.store.get(`${found.photo.sha256}${thumb ? '.thumb' : ''}.jpg`);
    if (!bytes) throw notFound();
    return bytes;
  }

  /** The photos `ids`, all uploaded by `userId`; VALIDATION_FAILED naming the first that is not. */
  async requireOwn(tx: Db, userId: number, ids: number[]): Promise<repo.PhotoRow[]> {
    const unique = [...new Set(ids)];
    const found = await repo.ownedBy(tx, userId, unique);
    refuseMissing(
      unique,
      found.map((p) => p.id),
    );
    return unique.map((id) => found.find((p) => p.id === id) as repo.PhotoRow);
  }

  /**
   * `requireOwn` for a module that reads everything it needs in one statement of its own: a scalar
   * subquery (JSON) to select in it, the caller's own photos among `ids`; `requireOwnRead` judges what it read.
   * `userId` (bigint) and `ids` (bigint[]) are SQL expressions, typically the statement's parameters, so a
   * statement holding it is built once.
   */
  ownAmong(userId: Fragment, ids: Fragment): Fragment {
    return repo.ownAmongJson(userId, ids);
  }

  /** `requireOwn`'s refusal on what `ownAmong` selected: VALIDATION_FAILED naming the first of `ids` not the caller's. */
  requireOwnRead(ids: number[], selected: unknown): void {
    refuseMissing([...new Set(ids)], repo.readOwnIds(selected));
  }

  /** `requireOwn` and `views` in one round trip: the caller's own photos `ids`, as views in that order. */
  async ownViews(db: Db, userId: number, ids: number[]): Promise<PhotoView[]> {
    const own = await this.requireOwn(db, userId, ids);
    return ids.flatMap((id) => {
      const p = own.find((x) => x.id === id);
      return p ? [presentPhoto(p)] : [];
    });
  }

  /** Views of the photos `ids` in that order (missing ones left out), for features that show attached photos. */
  async views(db: Db, ids: number[]): Promise<PhotoView[]> {
    const found = await repo.byIds(db, [...new Set(ids)]);
    return ids.flatMap((id) => {
      const p = found.find((x) => x.id === id);
      return p ? [presentPhoto(p)] : [];
    });
  }

  /** For each of `ids`, earlier photos of the same street that look the same (reuse across submissions). */
  similar(tx: Db, ids: number[], opts: { maxDistance?: number } = {}): Promise<repo.LookAlike[]> {
    return repo.similarEarlier(tx, ids, opts.maxDistance ?? DEFAULT_MAX_DISTANCE);
  }

  /**
   * `similar` for a module that reads everything it needs in one statement of its own: a relation to
   * use in it (columns "photoId", "similarId", distance; the index-driven probes of `similar`). Select its
   * rows as a JSON array of objects with those keys
   * (`json_build_object('photoId', …, 'similarId', …, 'distance', …)`) and read them with `readLookAlikes`.
   * `ids` is an SQL expression of type bigint[], a list of the statement's parameters (see `repo.lookAlikes`).
   */
  lookAlikes(ids: Fragment, opts: { maxDistance?: number } = {}): Fragment {
    return repo.lookAlikes(ids, opts.maxDistance ?? DEFAULT_MAX_DISTANCE);
  }

  /** What `similar` answers, from the JSON a statement selected of `lookAlikes` (in `similar`'s order). */
  readLookAlikes(selected: unknown): repo.LookAlike[] {
    return repo.readLookAlikes(selected);
  }
}

/** Hashes this many bits apart or fewer look the same. */
const DEFAULT_MAX_DISTANCE = 6;

/** VALIDATION_FAILED naming the first of `ids` not among `found`. */
function refuseMissing(ids: number[], found: number[]): void {
  const missing = ids.find((id) => !found.includes(id));
  if (missing !== undefined) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ path: 'photoIds', message: `photo ${missing} does not exist or is not yours` }],
    });
  }
}
