import type { PhotoView } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { type PhotosService, presentPhoto } from '../photos/photos.service';
import * as repo from './captain-portraits.repository';

/**
 * Captains' portraits (docs/rules.md#notices-and-boards): a captain sets their own, from a photo they
 * uploaded; the boards of their buildings print it. It hangs in the stairwell, so whoever works over or
 * lives in one of their buildings may see it in the app too.
 */
export class CaptainPortraitsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
  ) {}

  /** Sets (or replaces) the caller's portrait; only captains have one. */
  async set(ctx: RequestContext, photoId: number): Promise<{ photo: PhotoView }> {
    if (!ctx.actor.bindings.some((b) => b.role === 'captain')) throw new AppError('FORBIDDEN');
    return transaction(this.db, async (tx) => {
      const [photo] = await this.photos.requireOwn(tx, ctx.actor.userId, [photoId]);
      const now = this.clock.now();
      await repo.upsertPortrait(tx, ctx.actor.userId, photoId, now);
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.portrait.set',
        objectType: 'user',
        objectId: ctx.actor.userId,
        streetId: ctx.actor.bindings.find((b) => b.role === 'captain')?.streetId ?? null,
        detail: { photoId },
      });
      return { photo: presentPhoto(photo!) };
    });
  }

  /** The portraits of `userIds` as JPEG bytes (the thumbnail: enough for print at a few centimetres). */
  async imagesOf(userIds: readonly number[]): Promise<Map<number, Buffer>> {
    const out = new Map<number, Buffer>();
    if (userIds.length === 0) return out;
    const found = await repo.portraitsOf(this.db, userIds);
    for (const f of found) out.set(f.userId, await this.photos.readAttached(f.photoId, true));
    return out;
  }

  /** A portrait is seen by whoever is bound at or above one of its captain's buildings. */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    const paths = actor.bindings.map((b) => b.path);
    if (paths.length === 0) return false;
    return repo.portraitUnder(db, photoId, paths);
  };
}
