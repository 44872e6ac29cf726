import type { PhotoView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { BlobStore } from '../../platform/files';
import { PhotoRejected, processPhoto } from './photo-processing';
import { mayView } from './photos.policy';
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

/** The one upload pipeline for chore proofs, reports and campaign sites (DESIGN §5 "Files"). */
export class PhotosService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly store: BlobStore,
  ) {}

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

  /** The stored JPEG, for its uploader or for people who work the street it was taken in. */
  async read(ctx: RequestContext, id: number, thumb: boolean): Promise<Buffer> {
    const found = await repo.findWithStreetPath(this.db, id);
    if (!found || !mayView(ctx, found.photo.uploaderUserId, found.streetPath)) throw notFound();
    const bytes = await this.store.get(`${found.photo.sha256}${thumb ? '.thumb' : ''}.jpg`);
    if (!bytes) throw notFound();
    return bytes;
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
    const missing = unique.find((id) => !found.some((p) => p.id === id));
    if (missing !== undefined) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'photoIds', message: `photo ${missing} does not exist or is not yours` }],
      });
    }
    return unique.map((id) => found.find((p) => p.id === id) as repo.PhotoRow);
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
  similar(tx: Db, ids: number[], opts: { maxDistance?: number } = {}) {
    return repo.similarEarlier(tx, ids, opts.maxDistance ?? 6);
  }
}
