import {
  type CreateNoticeRequest,
  NOTICE_KIND_LABELS,
  type NoticeFeed,
  type NoticeKind,
  type NoticeReceipts,
  type NoticeView,
  shanghaiDay,
  type UnreadHouseholds,
} from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { isWithin, Scope } from '../../platform/scope';
import type { NotificationsService } from '../notifications/notifications.service';
import { type PhotosService, presentPhoto } from '../photos/photos.service';
import { renderPoster } from './notice-poster';
import { AUDIENCE, NOTICE_AUTHORS, NOTICE_SCOPE_KINDS, RECEIPT_READERS } from './notices.policy';
import * as repo from './notices.repository';

const FEED_LIMIT = 100;

/** The buildings (and other units) where the actor lives or captains: where notices reach them. */
const audienceOf = (actor: Actor) => actor.bindings.filter((b) => AUDIENCE.includes(b.role)).map((b) => b.path);

/**
 * Notices (docs/rules.md#notices-and-boards): published by street or community staff to their jurisdiction, or by a captain to
 * their building, never above one's own scope; read in the phone app with an unread badge; read receipts
 * counted once per person and per household, per building for staff; the households of a building that
 * have not read it, for the captain.
 */
export class NoticesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly publicUrl: string,
    private readonly photos: PhotosService,
  ) {}

  /** Publishes a notice to a unit in the author's jurisdiction and tells the people living there. */
  async publish(ctx: RequestContext, input: CreateNoticeRequest): Promise<NoticeView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findUnit(tx, input.scopeOrgUnitId);
      const authoring = ctx.actor.bindings.filter((b) => NOTICE_AUTHORS.includes(b.role));
      if (!unit || unit.streetId === null) throw notFound();
      // The most specific binding that covers the unit decides the author's role (a captain's building …).
      const by = authoring.filter((b) => isWithin(unit.path, b.path)).sort((a, b) => b.path.length - a.path.length)[0];
      if (!by) {
        if (authoring.some((b) => isWithin(b.path, unit.path))) throw new AppError('NOTICE_SCOPE_ABOVE');
        throw notFound();
      }
      if (!(NOTICE_SCOPE_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('NOTICE_SCOPE_KIND');
      if (input.attachmentPhotoId !== undefined) {
        await this.photos.requireOwn(tx, ctx.actor.userId, [input.attachmentPhotoId]);
      }
      const now = this.clock.now();
      const row = await repo.insertNotice(tx, {
        streetId: unit.streetId,
        scopeOrgUnitId: unit.id,
        scopePath: unit.path,
        kind: input.kind,
        title: input.title,
        body: input.body,
        pinnedUntil: input.pinnedUntil ?? null,
        attachmentPhotoId: input.attachmentPhotoId ?? null,
        authorUserId: ctx.actor.userId,
        authorRole: by.role,
        publishedAt: now,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'notice.publish',
        objectType: 'notice',
        objectId: row.id,
        streetId: row.streetId,
        detail: { scopeOrgUnitId: unit.id, kind: row.kind },
      });
      const label = NOTICE_KIND_LABELS[input.kind as NoticeKind];
      await this.notifications.notify(tx, await repo.residentUsersUnder(tx, unit.path), {
        streetId: row.streetId,
        kind: 'notice_new',
        titleZh: `【${label.zh}】${row.title}`,
        titleEn: `[${label.en}] ${row.title}`,
        body: unit.name,
        objectType: 'notice',
        objectId: row.id,
        sourceKey: `notice:${row.id}`,
        at: now,
      });
      const [listed] = await repo.listFor(tx, ctx.actor.userId, {
        audience: [],
        scope: Scope.ofPaths([unit.path]),
        today: shanghaiDay(now),
        limit: 1,
        id: row.id,
      });
      return this.present(listed!);
    });
    return value;
  }

  /** The notices reaching where I live, pinned first, with the unread count for the badge. */
  async feed(ctx: RequestContext): Promise<NoticeFeed> {
    const audience = audienceOf(ctx.actor);
    const today = shanghaiDay(this.clock.now());
    const items = await repo.listFor(this.db, ctx.actor.userId, { audience, today, limit: FEED_LIMIT });
    return {
      items: items.map((n) => this.present(n)),
      nextCursor: null,
      unreadCount: await repo.unreadCount(this.db, ctx.actor.userId, audience),
    };
  }

  /** Notices in the staff member's jurisdiction, and those reaching it from above. */
  async list(ctx: RequestContext): Promise<NoticeFeed> {
    const scope = Scope.of(ctx.actor, RECEIPT_READERS);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const items = await repo.listFor(this.db, ctx.actor.userId, {
      audience: scope.paths,
      scope,
      today: shanghaiDay(this.clock.now()),
      limit: FEED_LIMIT,
    });
    return { items: items.map((n) => this.present(n)), nextCursor: null, unreadCount: 0 };
  }

  /** The list's export: the notices it shows; audited (`notice.export`) before the first byte. */
  async exportList(ctx: RequestContext): Promise<readonly NoticeView[]> {
    const { items } = await this.list(ctx);
    return auditListExport(this.db, this.clock, ctx, { action: 'notice.export', objectType: 'notice' }, {}, items);
  }

  /** One notice, for whoever it reaches or whose jurisdiction it lies in. */
  async get(ctx: RequestContext, id: number): Promise<NoticeView> {
    return this.present(await this.visible(ctx, id));
  }

  /** Marks a notice read by me, once: a repeat or concurrent read keeps the first time. */
  async read(ctx: RequestContext, id: number) {
    const audience = audienceOf(ctx.actor);
    const [n] = await repo.listFor(this.db, ctx.actor.userId, {
      audience,
      today: shanghaiDay(this.clock.now()),
      limit: 1,
      id,
    });
    if (!n) {
      await this.visible(ctx, id);
      throw new AppError('NOTICE_NOT_IN_SCOPE');
    }
    const readAt = await repo.insertRead(this.db, {
      noticeId: id,
      userId: ctx.actor.userId,
      streetId: n.streetId,
      householdId: await repo.householdOf(this.db, ctx.actor.userId, n.scopePath),
      readAt: this.clock.now(),
    });
    return {
      noticeId: id,
      readAt: readAt.toISOString(),
      unreadCount: await repo.unreadCount(this.db, ctx.actor.userId, audience),
    };
  }

  /** Read receipts per building under the notice, within the caller's jurisdiction. */
  async receipts(ctx: RequestContext, id: number): Promise<NoticeReceipts> {
    const n = await this.visible(ctx, id);
    const scope = Scope.of(ctx.actor, RECEIPT_READERS);
    const buildings = await repo.receiptsByBuilding(this.db, n, scope);
    if (buildings.length === 0 && !scope.covers(n.scopePath)) throw new AppError('FORBIDDEN');
    return {
      noticeId: id,
      households: buildings.reduce((s, b) => s + b.households, 0),
      householdsRead: buildings.reduce((s, b) => s + b.householdsRead, 0),
      readers: await repo.readersCount(this.db, id),
      buildings,
    };
  }

  /** The households of one building that have not read the notice: the captain's list of doors to knock on. */
  async unreadHouseholds(ctx: RequestContext, id: number, buildingId: number): Promise<UnreadHouseholds> {
    const n = await this.visible(ctx, id);
    const b = await repo.findUnit(this.db, buildingId);
    const scope = Scope.of(ctx.actor, RECEIPT_READERS);
    if (b?.kind !== 'building' || !isWithin(b.path, n.scopePath)) throw notFound();
    if (!scope.covers(b.path)) throw new AppError('FORBIDDEN');
    const rows = await repo.unreadHouseholds(this.db, id, buildingId);
    return {
      noticeId: id,
      buildingId,
      items: rows.map((h) => ({
        householdId: h.householdId,
        address: `${h.buildingName}${h.unitLabel ?? ''}${h.room}室`,
        headName: h.headName,
      })),
    };
  }

  /** The notice as an A4 poster for the stairwell, with a QR code to it in the phone app; for the staff and captains it reaches. */
  async poster(ctx: RequestContext, id: number): Promise<{ pdf: Buffer; filename: string }> {
    const n = await this.visible(ctx, id);
    const scope = Scope.of(ctx.actor, RECEIPT_READERS);
    if (!scope.overlaps(n.scopePath)) throw new AppError('FORBIDDEN');
    const pdf = await renderPoster({
      kindLabel: NOTICE_KIND_LABELS[n.kind as NoticeKind].zh,
      title: n.title,
      body: n.body,
      fromLine: `${n.scopeName} · ${n.authorName}`,
      publishedOn: shanghaiDay(n.publishedAt),
      url: `${this.publicUrl}/m/bulletins/${n.id}`,
    });
    return { pdf, filename: `${n.title}.pdf` };
  }

  /**
   * The current notices of each building for its stairwell board: pinned ones, then the newest of the
   * last 30 days, at most `perBuilding` each.
   */
  async currentFor(
    buildingPaths: readonly string[],
    perBuilding = 3,
  ): Promise<Map<string, { kindLabel: string; title: string; publishedOn: string }[]>> {
    const now = this.clock.now();
    const today = shanghaiDay(now);
    const found = await repo.currentReaching(this.db, buildingPaths, new Date(now.getTime() - 30 * 86_400_000), today);
    const out = new Map<string, { kindLabel: string; title: string; publishedOn: string }[]>();
    for (const path of buildingPaths) {
      const mine = found.filter((n) => isWithin(path, n.scopePath));
      const ordered = [...mine.filter((n) => n.pinned), ...mine.filter((n) => !n.pinned)].slice(0, perBuilding);
      out.set(
        path,
        ordered.map((n) => ({
          kindLabel: NOTICE_KIND_LABELS[n.kind as NoticeKind].zh,
          title: n.title,
          publishedOn: shanghaiDay(new Date(n.publishedAt)),
        })),
      );
    }
    return out;
  }

  /** A notice's attached picture, for whoever may see the notice (it reaches them or lies in their jurisdiction). */
  readonly seesPhoto = async (_db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    for (const id of await repo.noticesHoldingPhoto(this.db, photoId)) {
      if (await this.visibleTo(actor, id)) return true;
    }
    return false;
  };

  /** A notice the caller may see (it reaches them, or lies in their jurisdiction); 404 otherwise. */
  async visible(ctx: RequestContext, id: number): Promise<repo.NoticeListed> {
    const n = await this.visibleTo(ctx.actor, id);
    if (!n) throw notFound();
    return n;
  }

  private async visibleTo(actor: Actor, id: number): Promise<repo.NoticeListed | undefined> {
    const scope = Scope.of(actor, RECEIPT_READERS);
    const [n] = await repo.listFor(this.db, actor.userId, {
      audience: [...audienceOf(actor), ...scope.paths],
      scope,
      today: shanghaiDay(this.clock.now()),
      limit: 1,
      id,
    });
    return n;
  }

  private present(n: repo.NoticeListed): NoticeView {
    const today = shanghaiDay(this.clock.now());
    return {
      id: n.id,
      scopeOrgUnitId: n.scopeOrgUnitId,
      scopeName: n.scopeName,
      kind: n.kind as NoticeKind,
      title: n.title,
      body: n.body,
      authorName: n.authorName,
      pinnedUntil: n.pinnedUntil,
      isPinned: n.pinnedUntil !== null && n.pinnedUntil >= today,
      attachment:
        n.attachmentPhotoId === null
          ? null
          : presentPhoto({ id: n.attachmentPhotoId, width: n.attachmentWidth ?? 0, height: n.attachmentHeight ?? 0 }),
      publishedAt: n.publishedAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    };
  }
}
