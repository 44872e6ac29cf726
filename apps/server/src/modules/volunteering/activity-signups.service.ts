import {
  COUNT_CAP,
  type ListTotal,
  normalisePhone,
  type SignupExportQuery,
  type SignupListQuery,
  type SignupRowView,
  type SignupView,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditPagedExport, keysetRows, searchMasked } from '../../platform/list-export';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import type { Notifier } from '../notifications/notifications.service';
import { presentSignup } from './activities.presenter';
import * as repo from './activities.repository';
import type { ActivitiesService } from './activities.service';
import * as signupsRepo from './activity-signups.repository';

/**
 * Sign-ups to an activity (docs/rules.md#volunteering): confirmed up to the capacity, then a waiting list, judged
 * under the activity's row lock so it is never overbooked; a cancelled place goes to the first waiting. The
 * organisers' 报名/签到 list and its export.
 */
export class ActivitySignupsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly notifications: Notifier,
    private readonly cipher: PiiCipher,
    private readonly activities: ActivitiesService,
  ) {}

  /** Signs the caller up: confirmed while places remain, else on the waiting list; never twice. */
  async signUp(ctx: RequestContext, activityId: number, role: string | undefined): Promise<SignupView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const { a, me } = await this.activities.visibleIn(tx, ctx, activityId);
      if (!me) throw new AppError('NOT_A_VOLUNTEER');
      if (a.status !== 'published' || this.clock.now() >= a.startsAt) throw new AppError('ACTIVITY_CLOSED');
      if (role !== undefined && !a.roles.includes(role)) throw new AppError('ACTIVITY_ROLE_INVALID');
      const locked = await repo.lockActivity(tx, a.id);
      if (locked.status !== 'published') throw new AppError('ACTIVITY_CLOSED');
      if (await signupsRepo.liveSignup(tx, a.id, me.id)) throw new AppError('ALREADY_SIGNED_UP');
      const status = (await signupsRepo.countConfirmed(tx, a.id)) < locked.capacity ? 'confirmed' : 'waitlisted';
      const id = await signupsRepo.insertSignup(tx, {
        activityId: a.id,
        volunteerId: me.id,
        streetId: a.streetId,
        role: role ?? null,
        status,
        createdAt: this.clock.now(),
      });
      if (id === undefined) throw new AppError('ALREADY_SIGNED_UP');
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.sign_up',
        objectType: 'activity_signup',
        objectId: id,
        streetId: a.streetId,
        detail: { activityId: a.id, status },
      });
      return presentSignup((await signupsRepo.findSignup(tx, id))!);
    });
    return value;
  }

  /** Cancels the caller's sign-up (not once checked in); a freed place goes to the first on the waiting list. */
  async cancel(ctx: RequestContext, activityId: number) {
    return transaction(this.db, async (tx) => {
      const { a, me } = await this.activities.visibleIn(tx, ctx, activityId);
      if (!me) throw new AppError('NOT_SIGNED_UP');
      await repo.lockActivity(tx, a.id);
      const s = await signupsRepo.liveSignup(tx, a.id, me.id);
      if (!s) throw new AppError('NOT_SIGNED_UP');
      if (s.checkedInAt) throw new AppError('ALREADY_CHECKED_IN');
      const was = await signupsRepo.cancelSignup(tx, s.id);
      const promoted =
        was === 'confirmed' && this.clock.now() < a.endsAt
          ? ((await signupsRepo.promoteFirst(tx, a.id)) ?? null)
          : null;
      if (promoted !== null) {
        const p = (await signupsRepo.findSignup(tx, promoted))!;
        await this.notifications.notify(tx, [p.userId], {
          streetId: a.streetId,
          kind: 'activity_promoted',
          titleZh: `【志愿活动】候补转正：${a.title}`,
          titleEn: `[Volunteering] Off the waiting list: ${a.title}`,
          body: `${a.place}`,
          objectType: 'volunteer_activity',
          objectId: a.id,
          sourceKey: `activity_signup:${promoted}:promoted`,
        });
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.cancel_sign_up',
        objectType: 'activity_signup',
        objectId: s.id,
        streetId: a.streetId,
        detail: { promoted },
      });
      return { cancelled: true, promotedSignupId: promoted };
    });
  }

  /** A mobile number is looked up by its blind index (phones are encrypted at rest); other text by name. */
  private signupFilterOf(q: SignupExportQuery): signupsRepo.SignupFilter {
    let search: signupsRepo.SignupFilter['search'];
    if (q.q) {
      const phone = normalisePhone(q.q);
      search = /^1\d{10}$/.test(phone) ? { phoneHash: this.cipher.blindIndex('phone', phone) } : { text: q.q.trim() };
    }
    return { status: q.status, attendance: q.attendance, search };
  }

  private presentRow(s: signupsRepo.SignupListed): SignupRowView {
    return { ...presentSignup(s), phoneMasked: this.cipher.maskedPhone(s.phoneEnc) };
  }

  /** One activity's 报名/签到 list for its organisers: searched, filtered, sorted, in keyset pages, counted. */
  async signups(
    ctx: RequestContext,
    activityId: number,
    q: SignupListQuery,
  ): Promise<{ items: SignupRowView[]; nextCursor: string | null } & ListTotal> {
    await this.activities.organised(this.db, ctx, activityId);
    const filter = this.signupFilterOf(q);
    const after = q.cursor ? Number(decodeKeyCursor(q.cursor, q.sort, ['number'])[0]) : undefined;
    const found = await signupsRepo.signupsPage(this.db, activityId, filter, q.sort, after, q.limit + 1);
    const counted = q.cursor ? null : await signupsRepo.countSignups(this.db, activityId, filter, COUNT_CAP);
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((s) => this.presentRow(s)),
      nextCursor: found.length > q.limit && last ? encodeKeyCursor(q.sort, [last.id]) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /** The sign-ups the filters show, phones masked, for an export: audited before the first row. */
  async exportSignups(
    ctx: RequestContext,
    activityId: number,
    q: SignupExportQuery,
  ): Promise<{ total: number; title: string; rows: AsyncIterable<SignupRowView> }> {
    const a = await this.activities.organised(this.db, ctx, activityId);
    const filter = this.signupFilterOf(q);
    const total = await signupsRepo.countSignups(this.db, activityId, filter, COUNT_CAP);
    if (total > COUNT_CAP) throw new AppError('EXPORT_TOO_LARGE');
    const entry = {
      action: 'activity.signups_export',
      objectType: 'volunteer_activity',
      objectId: activityId,
      streetId: a.streetId,
    };
    await auditPagedExport(this.db, this.clock, ctx, entry, total, searchMasked(q, filter.search));
    const rows = keysetRows({
      read: (after: number | undefined, limit) =>
        signupsRepo.signupsPage(this.db, activityId, filter, q.sort, after, limit),
      keyOf: (last) => last.id,
      present: (page) => page.map((s) => this.presentRow(s)),
    });
    return { total, title: a.title, rows };
  }
}
