import {
  type ActivityView,
  CHECKIN_OPENS_MINUTES,
  CHECKOUT_GRACE_MINUTES,
  type MyVolunteering,
  type SignupView,
} from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import type { LedgerService } from '../points/ledger.service';
import { presentSignup } from './activities.presenter';
import * as repo from './activities.repository';
import type { ActivitiesService } from './activities.service';
import * as signupsRepo from './activity-signups.repository';
import { attendedHours, lengthHours } from './volunteering.policy';
import * as volunteersRepo from './volunteers.repository';
import { presentVolunteer } from './volunteers.service';

const MINUTE = 60_000;

/**
 * Attendance and hours (docs/rules.md#volunteering): volunteers check in and out by the venue's QR code or are
 * marked by the organiser; the organiser confirms the hours (never above the activity's length), which credits the
 * activity's points once; each volunteer's record of hours.
 */
export class ActivityAttendanceService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly activities: ActivitiesService,
  ) {}

  /** What the venue's QR link opens: the activity and the caller's sign-up. */
  async byToken(ctx: RequestContext, token: string): Promise<ActivityView> {
    const a = await repo.activityByToken(this.db, token);
    const me = await volunteersRepo.volunteerOfUser(this.db, ctx.actor.userId);
    if (!a || !this.activities.sees(ctx.actor, me?.streetId ?? null, a)) throw notFound();
    return (await this.activities.present(this.db, ctx.actor, [a]))[0]!;
  }

  /**
   * Check-in or check-out by the venue's QR code: only a confirmed sign-up, check-in from 30 minutes before the
   * start to the end, check-out until two hours after; each once (a second one is refused and changes nothing).
   */
  async checkin(ctx: RequestContext, token: string, action: 'in' | 'out'): Promise<SignupView> {
    return transaction(this.db, async (tx) => {
      const a = await repo.activityByToken(tx, token);
      if (a?.status !== 'published') throw notFound();
      const me = await volunteersRepo.volunteerOfUser(tx, ctx.actor.userId);
      const s = me && (await signupsRepo.liveSignup(tx, a.id, me.id));
      // Outside where the caller volunteers or works, the activity is not found, signed up or not.
      if (!s && !this.activities.sees(ctx.actor, me?.streetId ?? null, a)) throw notFound();
      if (s?.status !== 'confirmed') throw new AppError('NOT_SIGNED_UP');
      const now = this.clock.now();
      if (action === 'in') {
        if (now.getTime() < a.startsAt.getTime() - CHECKIN_OPENS_MINUTES * MINUTE || now > a.endsAt) {
          throw new AppError('CHECKIN_OUTSIDE_TIME');
        }
        if (!(await signupsRepo.checkIn(tx, s.id, now, 'qr'))) throw new AppError('ALREADY_CHECKED_IN');
      } else {
        if (!s.checkedInAt) throw new AppError('NOT_CHECKED_IN');
        if (now.getTime() > a.endsAt.getTime() + CHECKOUT_GRACE_MINUTES * MINUTE) {
          throw new AppError('CHECKIN_OUTSIDE_TIME');
        }
        if (!(await signupsRepo.checkOut(tx, s.id, now))) throw new AppError('ALREADY_CHECKED_OUT');
      }
      await recordAudit(tx, this.clock, ctx, {
        action: action === 'in' ? 'activity.check_in' : 'activity.check_out',
        objectType: 'activity_signup',
        objectId: s.id,
        streetId: a.streetId,
        detail: { by: 'qr' },
      });
      return presentSignup((await signupsRepo.findSignup(tx, s.id))!);
    });
  }

  private async organisedSignup(tx: Db, ctx: RequestContext, signupId: number) {
    const s = await signupsRepo.findSignup(tx, signupId);
    if (!s || s.status === 'cancelled') throw notFound();
    const a = await this.activities.organised(tx, ctx, s.activityId);
    if (a.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
    return { s, a };
  }

  /** The organiser marks a confirmed volunteer present (from the start, or now if earlier), optionally left. */
  async markAttendance(ctx: RequestContext, signupId: number, checkedOut: boolean): Promise<SignupView> {
    return transaction(this.db, async (tx) => {
      const { s, a } = await this.organisedSignup(tx, ctx, signupId);
      if (s.status !== 'confirmed') throw new AppError('NOT_SIGNED_UP');
      const now = this.clock.now();
      if (now.getTime() < a.startsAt.getTime() - CHECKIN_OPENS_MINUTES * MINUTE) {
        throw new AppError('CHECKIN_OUTSIDE_TIME');
      }
      const at = new Date(Math.min(now.getTime(), a.startsAt.getTime()));
      if (!(await signupsRepo.checkIn(tx, s.id, at, 'organiser'))) throw new AppError('ALREADY_CHECKED_IN');
      if (checkedOut) await signupsRepo.checkOut(tx, s.id, new Date(Math.min(now.getTime(), a.endsAt.getTime())));
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.mark_attendance',
        objectType: 'activity_signup',
        objectId: s.id,
        streetId: a.streetId,
      });
      return presentSignup((await signupsRepo.findSignup(tx, s.id))!);
    });
  }

  /**
   * The organiser confirms a present volunteer's hours (by default from the attendance), never above the
   * activity's length, once; the activity's points are credited in the same transaction, once per sign-up.
   */
  async confirmHours(ctx: RequestContext, signupId: number, hours: number | undefined): Promise<SignupView> {
    return transaction(this.db, async (tx) => {
      const { s, a } = await this.organisedSignup(tx, ctx, signupId);
      if (!s.checkedInAt) throw new AppError('NOT_CHECKED_IN');
      if (s.hoursConfirmedAt) throw new AppError('HOURS_ALREADY_CONFIRMED');
      const h = hours ?? attendedHours(a, { checkedInAt: s.checkedInAt, checkedOutAt: s.checkedOutAt });
      if (h > lengthHours(a)) throw new AppError('HOURS_ABOVE_LENGTH');
      const now = this.clock.now();
      if (!(await signupsRepo.confirmHours(tx, s.id, h, ctx.actor.userId, now)))
        throw new AppError('HOURS_ALREADY_CONFIRMED');
      if (a.points > 0) {
        const { entryId } = await this.ledger.creditVolunteerService(tx, {
          streetId: a.streetId,
          userId: s.userId,
          points: a.points,
          causeKey: `activity_signup:${s.id}`,
          memo: `志愿服务 · ${a.title}`,
          actorUserId: ctx.actor.userId,
        });
        await signupsRepo.setPointsEntry(tx, s.id, entryId);
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.confirm_hours',
        objectType: 'activity_signup',
        objectId: s.id,
        streetId: a.streetId,
        detail: { hours: h, points: a.points },
      });
      return presentSignup((await signupsRepo.findSignup(tx, s.id))!);
    });
  }

  /** 我的服务时长: my record, confirmed hours, sessions attended, points from activities, my sign-ups. */
  async mine(ctx: RequestContext): Promise<MyVolunteering> {
    const me = await volunteersRepo.volunteerOfUser(this.db, ctx.actor.userId);
    if (!me) return { volunteer: null, confirmedHours: 0, sessions: 0, points: 0, signups: [] };
    const totals = await signupsRepo.totalsOf(this.db, me.id);
    const signups = await signupsRepo.signupsOf(this.db, me.id);
    return {
      volunteer: presentVolunteer(me),
      confirmedHours: Math.round(Number(totals.hours) * 100) / 100,
      sessions: totals.sessions,
      points: totals.points,
      signups: signups.map((s) => ({
        ...presentSignup(s),
        activityTitle: s.activityTitle,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
      })),
    };
  }
}
