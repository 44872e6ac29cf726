import { randomBytes } from 'node:crypto';
import {
  type ActivityExportQuery,
  type ActivityKind,
  type ActivityListQuery,
  type ActivityView,
  CHECKIN_OPENS_MINUTES,
  CHECKOUT_GRACE_MINUTES,
  COUNT_CAP,
  type CreateActivityRequest,
  formatShanghaiDateTime,
  type ListTotal,
  type MyVolunteering,
  maskPhone,
  normalisePhone,
  type SignupExportQuery,
  type SignupListQuery,
  type SignupRowView,
  type SignupView,
  type UpdateActivityRequest,
} from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import { Scope, streetsOf } from '../../platform/scope';
import type { Notifier } from '../notifications/notifications.service';
import type { LedgerService } from '../points/ledger.service';
import * as repo from './activities.repository';
import {
  attendedHours,
  lengthHours,
  MANAGER_ROLES,
  mayOrganise,
  OWNER_KINDS,
  partnerOrgsOf,
  READ_ROLES,
} from './volunteering.policy';
import * as volunteersRepo from './volunteers.repository';
import { presentVolunteer } from './volunteers.service';

const MINUTE = 60_000;
/** Rows read per query while exporting. */
const EXPORT_PAGE = 500;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentSignup(s: repo.SignupListed): SignupView {
  return {
    id: s.id,
    activityId: s.activityId,
    volunteerId: s.volunteerId,
    volunteerName: s.volunteerName,
    role: s.role,
    status: s.status as SignupView['status'],
    waitlistPosition: s.waitlistPosition,
    checkedInAt: iso(s.checkedInAt),
    checkedInBy: s.checkedInBy as SignupView['checkedInBy'],
    checkedOutAt: iso(s.checkedOutAt),
    hours: s.hours === null ? null : Number(s.hours),
    hoursConfirmedAt: iso(s.hoursConfirmedAt),
    pointsCredited: s.pointsEntryId !== null,
  };
}

/**
 * Activities (docs/rules.md#volunteering): published by a community or street, one of its teams or a partner
 * unit; volunteers sign up (confirmed up to the capacity, then a waiting list, judged under the activity's row
 * lock so it is never overbooked); check in and out by the venue's QR code or are marked by the organiser; the
 * organiser confirms the hours (never above the activity's length), which credits the activity's points once.
 */
export class ActivitiesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ledger: LedgerService,
    private readonly notifications: Notifier,
    private readonly cipher: PiiCipher,
  ) {}

  /** Publishes an activity as staff over the unit, the leader of its team, or its partner unit. */
  async create(ctx: RequestContext, input: CreateActivityRequest): Promise<ActivityView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await volunteersRepo.findUnit(tx, input.orgUnitId);
      if (!unit || unit.streetId === null) throw notFound();
      if (!(OWNER_KINDS as readonly string[]).includes(unit.kind)) throw new AppError('ACTIVITY_ORGANISER_INVALID');
      if (input.teamId !== undefined && input.partnerOrgId !== undefined) {
        throw new AppError('ACTIVITY_ORGANISER_INVALID');
      }
      const managing = Scope.of(ctx.actor, MANAGER_ROLES).covers(unit.path);
      let allowed = managing;
      if (input.teamId !== undefined) {
        const team = await volunteersRepo.findTeam(tx, input.teamId);
        if (!team || team.orgUnitId !== unit.id) throw new AppError('ACTIVITY_ORGANISER_INVALID');
        allowed ||= team.leaderUserId === ctx.actor.userId;
      }
      if (input.partnerOrgId !== undefined) {
        const p = await volunteersRepo.findUnit(tx, input.partnerOrgId);
        if (p?.kind !== 'partner_org' || p.streetId !== unit.streetId) {
          throw new AppError('ACTIVITY_ORGANISER_INVALID');
        }
        allowed ||= partnerOrgsOf(ctx.actor).includes(p.id);
      }
      if (!allowed) throw Scope.refusal(Scope.of(ctx.actor, READ_ROLES), unit.path);
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      if (endsAt <= startsAt) throw new AppError('ACTIVITY_TIME_INVALID');
      if (endsAt.getTime() - startsAt.getTime() > 24 * 60 * MINUTE) throw new AppError('ACTIVITY_TOO_LONG');
      const row = await repo.insertActivity(tx, {
        streetId: unit.streetId,
        orgUnitId: unit.id,
        path: unit.path,
        teamId: input.teamId ?? null,
        partnerOrgId: input.partnerOrgId ?? null,
        kind: input.kind,
        title: input.title,
        place: input.place,
        startsAt,
        endsAt,
        capacity: input.capacity,
        roles: [...new Set(input.roles)],
        points: input.points,
        description: input.description || null,
        checkinToken: randomBytes(18).toString('base64url'),
        createdBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.create',
        objectType: 'volunteer_activity',
        objectId: row.id,
        streetId: unit.streetId,
      });
      return this.present(tx, ctx.actor, [(await repo.findActivity(tx, row.id))!]).then((r) => r[0]!);
    });
    return value;
  }

  /** Anyone sees the activities of the streets they hold a role or volunteer in; staff those under them. */
  private visibility(actor: Actor, volunteerStreet: number | null) {
    const streets = streetsOf(
      actor,
      actor.bindings.map((b) => b.role),
    );
    if (volunteerStreet !== null) streets.add(volunteerStreet);
    const scope = Scope.of(actor, READ_ROLES);
    return { streets, scope };
  }

  private sees(actor: Actor, volunteerStreet: number | null, a: { streetId: number; path: string }): boolean {
    const v = this.visibility(actor, volunteerStreet);
    return v.streets.has(a.streetId) || v.scope.covers(a.path);
  }

  private async visibleIn(db: Db, ctx: RequestContext, id: number) {
    const a = await repo.findActivity(db, id);
    const me = await volunteersRepo.volunteerOfUser(db, ctx.actor.userId);
    if (!a || !this.sees(ctx.actor, me?.streetId ?? null, a)) throw notFound();
    return { a, me };
  }

  /** What the caller sees and the filter the query asks for (a unit outside their jurisdiction is not found). */
  private async activityFilterOf(ctx: RequestContext, q: ActivityExportQuery) {
    const me = await volunteersRepo.volunteerOfUser(this.db, ctx.actor.userId);
    const { streets, scope } = this.visibility(ctx.actor, me?.streetId ?? null);
    let underPath: string | undefined;
    if (q.orgUnitId !== undefined) {
      const unit = await volunteersRepo.findUnit(this.db, q.orgUnitId);
      if (!unit || !(scope.covers(unit.path) || (unit.streetId !== null && streets.has(unit.streetId)))) {
        throw notFound();
      }
      underPath = unit.path;
    }
    const filter: repo.ActivityFilter = {
      status: q.status,
      period: q.period,
      underPath,
      text: q.q || undefined,
      now: this.clock.now(),
    };
    return { streets: [...streets], scope, filter };
  }

  /**
   * The activities the caller sees (志愿活动): searched, filtered by status, period and unit, sorted, in keyset
   * pages, counted on the first page.
   */
  async list(
    ctx: RequestContext,
    q: ActivityListQuery,
  ): Promise<{ items: ActivityView[]; nextCursor: string | null } & ListTotal> {
    const { streets, scope, filter } = await this.activityFilterOf(ctx, q);
    const after = q.cursor ? Number(decodeKeyCursor(q.cursor, q.sort, ['number'])[0]) : undefined;
    const found = await repo.activitiesPage(this.db, streets, scope, filter, q.sort, after, q.limit + 1);
    // Counted once, for the first page; later pages keep the first page's figure.
    const counted = q.cursor ? null : await repo.countActivities(this.db, streets, scope, filter, COUNT_CAP);
    const page = found.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: await this.present(this.db, ctx.actor, page),
      nextCursor: found.length > q.limit && last ? encodeKeyCursor(q.sort, [last.id]) : null,
      total: counted === null ? null : Math.min(counted, COUNT_CAP),
      totalCapped: counted !== null && counted > COUNT_CAP,
    };
  }

  /** Everything the list's filters show, in its order, for an export: audited before the first row. */
  async exportActivities(
    ctx: RequestContext,
    q: ActivityExportQuery,
  ): Promise<{ total: number; rows: AsyncIterable<ActivityView> }> {
    const { streets, scope, filter } = await this.activityFilterOf(ctx, q);
    const total = await repo.countActivities(this.db, streets, scope, filter, COUNT_CAP);
    if (total > COUNT_CAP) throw new AppError('EXPORT_TOO_LARGE');
    await transaction(this.db, (tx) =>
      recordAudit(tx, this.clock, ctx, {
        action: 'activity.export',
        objectType: 'volunteer_activity',
        detail: { rows: total, filters: { ...q } },
      }),
    );
    const self = this;
    async function* rows(): AsyncIterable<ActivityView> {
      let after: number | undefined;
      for (;;) {
        const found = await repo.activitiesPage(self.db, streets, scope, filter, q.sort, after, EXPORT_PAGE + 1);
        const page = found.slice(0, EXPORT_PAGE);
        yield* await self.present(self.db, ctx.actor, page);
        const last = page.at(-1);
        if (found.length <= EXPORT_PAGE || !last) return;
        after = last.id;
      }
    }
    return { total, rows: rows() };
  }

  async get(ctx: RequestContext, id: number): Promise<ActivityView> {
    const { a } = await this.visibleIn(this.db, ctx, id);
    return (await this.present(this.db, ctx.actor, [a]))[0]!;
  }

  private async present(db: Db, actor: Actor, items: repo.ActivityListed[]): Promise<ActivityView[]> {
    const me = await volunteersRepo.volunteerOfUser(db, actor.userId);
    const mine = me ? await repo.signupsOf(db, me.id) : [];
    return items.map((a) => ({
      id: a.id,
      orgUnitId: a.orgUnitId,
      orgUnitName: a.orgUnitName,
      teamId: a.teamId,
      teamName: a.teamName,
      partnerOrgId: a.partnerOrgId,
      partnerName: a.partnerName,
      kind: a.kind as ActivityKind,
      title: a.title,
      place: a.place,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
      capacity: a.capacity,
      roles: a.roles,
      points: a.points,
      description: a.description,
      status: a.status,
      confirmed: a.confirmed,
      waitlisted: a.waitlisted,
      servedCount: a.servedCount,
      mySignup: ((s) => (s ? presentSignup(s) : null))(mine.find((s) => s.activityId === a.id)),
      canManage: mayOrganise(actor, a),
    }));
  }

  /** Signs the caller up: confirmed while places remain, else on the waiting list; never twice. */
  async signUp(ctx: RequestContext, activityId: number, role: string | undefined): Promise<SignupView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const { a, me } = await this.visibleIn(tx, ctx, activityId);
      if (!me) throw new AppError('NOT_A_VOLUNTEER');
      if (a.status !== 'published' || this.clock.now() >= a.startsAt) throw new AppError('ACTIVITY_CLOSED');
      if (role !== undefined && !a.roles.includes(role)) throw new AppError('ACTIVITY_ROLE_INVALID');
      const locked = await repo.lockActivity(tx, a.id);
      if (locked.status !== 'published') throw new AppError('ACTIVITY_CLOSED');
      if (await repo.liveSignup(tx, a.id, me.id)) throw new AppError('ALREADY_SIGNED_UP');
      const status = (await repo.countConfirmed(tx, a.id)) < locked.capacity ? 'confirmed' : 'waitlisted';
      const id = await repo.insertSignup(tx, {
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
      return presentSignup((await repo.findSignup(tx, id))!);
    });
    return value;
  }

  /** Cancels the caller's sign-up (not once checked in); a freed place goes to the first on the waiting list. */
  async cancel(ctx: RequestContext, activityId: number) {
    return transaction(this.db, async (tx) => {
      const { a, me } = await this.visibleIn(tx, ctx, activityId);
      if (!me) throw new AppError('NOT_SIGNED_UP');
      await repo.lockActivity(tx, a.id);
      const s = await repo.liveSignup(tx, a.id, me.id);
      if (!s) throw new AppError('NOT_SIGNED_UP');
      if (s.checkedInAt) throw new AppError('ALREADY_CHECKED_IN');
      const was = await repo.cancelSignup(tx, s.id);
      const promoted =
        was === 'confirmed' && this.clock.now() < a.endsAt ? ((await repo.promoteFirst(tx, a.id)) ?? null) : null;
      if (promoted !== null) {
        const p = (await repo.findSignup(tx, promoted))!;
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

  /** What the venue's QR link opens: the activity and the caller's sign-up. */
  async byToken(ctx: RequestContext, token: string): Promise<ActivityView> {
    const a = await repo.activityByToken(this.db, token);
    const me = await volunteersRepo.volunteerOfUser(this.db, ctx.actor.userId);
    if (!a || !this.sees(ctx.actor, me?.streetId ?? null, a)) throw notFound();
    return (await this.present(this.db, ctx.actor, [a]))[0]!;
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
      const s = me && (await repo.liveSignup(tx, a.id, me.id));
      // Outside where the caller volunteers or works, the activity is not found, signed up or not.
      if (!s && !this.sees(ctx.actor, me?.streetId ?? null, a)) throw notFound();
      if (s?.status !== 'confirmed') throw new AppError('NOT_SIGNED_UP');
      const now = this.clock.now();
      if (action === 'in') {
        if (now.getTime() < a.startsAt.getTime() - CHECKIN_OPENS_MINUTES * MINUTE || now > a.endsAt) {
          throw new AppError('CHECKIN_OUTSIDE_TIME');
        }
        if (!(await repo.checkIn(tx, s.id, now, 'qr'))) throw new AppError('ALREADY_CHECKED_IN');
      } else {
        if (!s.checkedInAt) throw new AppError('NOT_CHECKED_IN');
        if (now.getTime() > a.endsAt.getTime() + CHECKOUT_GRACE_MINUTES * MINUTE) {
          throw new AppError('CHECKIN_OUTSIDE_TIME');
        }
        if (!(await repo.checkOut(tx, s.id, now))) throw new AppError('ALREADY_CHECKED_OUT');
      }
      await recordAudit(tx, this.clock, ctx, {
        action: action === 'in' ? 'activity.check_in' : 'activity.check_out',
        objectType: 'activity_signup',
        objectId: s.id,
        streetId: a.streetId,
        detail: { by: 'qr' },
      });
      return presentSignup((await repo.findSignup(tx, s.id))!);
    });
  }

  private async organised(db: Db, ctx: RequestContext, activityId: number) {
    const { a } = await this.visibleIn(db, ctx, activityId);
    if (!mayOrganise(ctx.actor, a)) throw new AppError('FORBIDDEN');
    return a;
  }

  /**
   * The organiser changes an activity before it starts: the capacity never below the confirmed sign-ups
   * (ACTIVITY_CAPACITY_BELOW_SIGNUPS); a larger one moves the first on the waiting list up; a new time or place is
   * sent to everyone signed up. Judged under the activity's row lock, as sign-ups are.
   */
  async update(ctx: RequestContext, activityId: number, input: UpdateActivityRequest): Promise<ActivityView> {
    return transaction(this.db, async (tx) => {
      const a = await this.organised(tx, ctx, activityId);
      const locked = await repo.lockActivity(tx, a.id);
      if (locked.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
      const now = this.clock.now();
      if (now >= a.startsAt) throw new AppError('ACTIVITY_CLOSED');
      const startsAt = input.startsAt ? new Date(input.startsAt) : a.startsAt;
      const endsAt = input.endsAt ? new Date(input.endsAt) : a.endsAt;
      if (endsAt <= startsAt) throw new AppError('ACTIVITY_TIME_INVALID');
      if (endsAt.getTime() - startsAt.getTime() > 24 * 60 * MINUTE) throw new AppError('ACTIVITY_TOO_LONG');
      const confirmed = await repo.countConfirmed(tx, a.id);
      const capacity = input.capacity ?? locked.capacity;
      if (capacity < confirmed) throw new AppError('ACTIVITY_CAPACITY_BELOW_SIGNUPS');
      await repo.updateActivity(tx, a.id, {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.place !== undefined ? { place: input.place } : {}),
        ...(input.startsAt !== undefined ? { startsAt } : {}),
        ...(input.endsAt !== undefined ? { endsAt } : {}),
        ...(input.capacity !== undefined ? { capacity } : {}),
        ...(input.description !== undefined ? { description: input.description || null } : {}),
      });
      const promoted: number[] = [];
      for (let n = confirmed; n < capacity; n++) {
        const id = await repo.promoteFirst(tx, a.id);
        if (id === undefined) break;
        promoted.push(id);
      }
      for (const id of promoted) {
        const p = (await repo.findSignup(tx, id))!;
        await this.notifications.notify(tx, [p.userId], {
          streetId: a.streetId,
          kind: 'activity_promoted',
          titleZh: `【志愿活动】候补转正：${input.title ?? a.title}`,
          titleEn: `[Volunteering] Off the waiting list: ${input.title ?? a.title}`,
          body: input.place ?? a.place,
          objectType: 'volunteer_activity',
          objectId: a.id,
          sourceKey: `activity_signup:${id}:promoted`,
        });
      }
      const moved =
        startsAt.getTime() !== a.startsAt.getTime() ||
        endsAt.getTime() !== a.endsAt.getTime() ||
        (input.place !== undefined && input.place !== a.place);
      if (moved) {
        await this.notifications.notify(tx, await repo.signedUpUsers(tx, a.id), {
          streetId: a.streetId,
          kind: 'activity_changed',
          titleZh: `【志愿活动】时间或地点有变：${input.title ?? a.title}`,
          titleEn: `[Volunteering] New time or place: ${input.title ?? a.title}`,
          body: `${formatShanghaiDateTime(startsAt)} ${input.place ?? a.place}`,
          objectType: 'volunteer_activity',
          objectId: a.id,
          sourceKey: `volunteer_activity:${a.id}:changed:${now.getTime()}`,
        });
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.update',
        objectType: 'volunteer_activity',
        objectId: a.id,
        streetId: a.streetId,
        detail: { changes: input, promoted, notified: moved },
      });
      return (await this.present(tx, ctx.actor, [(await repo.findActivity(tx, a.id))!]))[0]!;
    });
  }

  /**
   * The organiser cancels an activity before it starts: nobody can sign up, check in or be credited any more, and
   * everyone signed up (confirmed or waiting) is told why, once.
   */
  async cancelActivity(ctx: RequestContext, activityId: number, reason: string): Promise<ActivityView> {
    return transaction(this.db, async (tx) => {
      const a = await this.organised(tx, ctx, activityId);
      const locked = await repo.lockActivity(tx, a.id);
      if (locked.status === 'cancelled') throw new AppError('ACTIVITY_CANCELLED');
      if (this.clock.now() >= a.startsAt) throw new AppError('ACTIVITY_CLOSED');
      if (!(await repo.cancelActivity(tx, a.id))) throw new AppError('ACTIVITY_CANCELLED');
      const users = await repo.signedUpUsers(tx, a.id);
      await this.notifications.notify(tx, users, {
        streetId: a.streetId,
        kind: 'activity_cancelled',
        titleZh: `【志愿活动】活动取消：${a.title}`,
        titleEn: `[Volunteering] Cancelled: ${a.title}`,
        body: reason,
        objectType: 'volunteer_activity',
        objectId: a.id,
        sourceKey: `volunteer_activity:${a.id}:cancelled`,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.cancel',
        objectType: 'volunteer_activity',
        objectId: a.id,
        streetId: a.streetId,
        detail: { reason, notified: users.length },
      });
      return (await this.present(tx, ctx.actor, [(await repo.findActivity(tx, a.id))!]))[0]!;
    });
  }

  /** The venue's QR link, for the organiser to show or print. */
  async checkinQr(ctx: RequestContext, activityId: number) {
    const a = await this.organised(this.db, ctx, activityId);
    return { activityId: a.id, token: a.checkinToken, url: `/m/checkin?t=${a.checkinToken}` };
  }

  /** The sign-ups with attendance and hours, for the organiser. */
  /** A mobile number is looked up by its blind index (phones are encrypted at rest); other text by name. */
  private signupFilterOf(q: SignupExportQuery): repo.SignupFilter {
    let search: repo.SignupFilter['search'];
    if (q.q) {
      const phone = normalisePhone(q.q);
      search = /^1\d{10}$/.test(phone) ? { phoneHash: this.cipher.blindIndex('phone', phone) } : { text: q.q.trim() };
    }
    return { status: q.status, attendance: q.attendance, search };
  }

  private presentRow(s: repo.SignupListed): SignupRowView {
    return { ...presentSignup(s), phoneMasked: maskPhone(this.cipher.decrypt(s.phoneEnc)) };
  }

  /** One activity's 报名/签到 list for its organisers: searched, filtered, sorted, in keyset pages, counted. */
  async signups(
    ctx: RequestContext,
    activityId: number,
    q: SignupListQuery,
  ): Promise<{ items: SignupRowView[]; nextCursor: string | null } & ListTotal> {
    await this.organised(this.db, ctx, activityId);
    const filter = this.signupFilterOf(q);
    const after = q.cursor ? Number(decodeKeyCursor(q.cursor, q.sort, ['number'])[0]) : undefined;
    const found = await repo.signupsPage(this.db, activityId, filter, q.sort, after, q.limit + 1);
    const counted = q.cursor ? null : await repo.countSignups(this.db, activityId, filter, COUNT_CAP);
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
    const a = await this.organised(this.db, ctx, activityId);
    const filter = this.signupFilterOf(q);
    const total = await repo.countSignups(this.db, activityId, filter, COUNT_CAP);
    if (total > COUNT_CAP) throw new AppError('EXPORT_TOO_LARGE');
    await transaction(this.db, (tx) =>
      recordAudit(tx, this.clock, ctx, {
        action: 'activity.signups_export',
        objectType: 'volunteer_activity',
        objectId: activityId,
        streetId: a.streetId,
        // A phone typed into the search box is kept masked here, as everywhere outside its encrypted column.
        detail: {
          rows: total,
          filters: {
            ...q,
            q: q.q && filter.search && 'phoneHash' in filter.search ? maskPhone(normalisePhone(q.q)) : q.q,
          },
        },
      }),
    );
    const self = this;
    async function* rows(): AsyncIterable<SignupRowView> {
      let after: number | undefined;
      for (;;) {
        const found = await repo.signupsPage(self.db, activityId, filter, q.sort, after, EXPORT_PAGE + 1);
        const page = found.slice(0, EXPORT_PAGE);
        yield* page.map((s) => self.presentRow(s));
        const last = page.at(-1);
        if (found.length <= EXPORT_PAGE || !last) return;
        after = last.id;
      }
    }
    return { total, title: a.title, rows: rows() };
  }

  private async organisedSignup(tx: Db, ctx: RequestContext, signupId: number) {
    const s = await repo.findSignup(tx, signupId);
    if (!s || s.status === 'cancelled') throw notFound();
    const a = await this.organised(tx, ctx, s.activityId);
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
      if (!(await repo.checkIn(tx, s.id, at, 'organiser'))) throw new AppError('ALREADY_CHECKED_IN');
      if (checkedOut) await repo.checkOut(tx, s.id, new Date(Math.min(now.getTime(), a.endsAt.getTime())));
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.mark_attendance',
        objectType: 'activity_signup',
        objectId: s.id,
        streetId: a.streetId,
      });
      return presentSignup((await repo.findSignup(tx, s.id))!);
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
      if (!(await repo.confirmHours(tx, s.id, h, ctx.actor.userId, now))) throw new AppError('HOURS_ALREADY_CONFIRMED');
      if (a.points > 0) {
        const { entryId } = await this.ledger.creditVolunteerService(tx, {
          streetId: a.streetId,
          userId: s.userId,
          points: a.points,
          causeKey: `activity_signup:${s.id}`,
          memo: `志愿服务 · ${a.title}`,
          actorUserId: ctx.actor.userId,
        });
        await repo.setPointsEntry(tx, s.id, entryId);
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.confirm_hours',
        objectType: 'activity_signup',
        objectId: s.id,
        streetId: a.streetId,
        detail: { hours: h, points: a.points },
      });
      return presentSignup((await repo.findSignup(tx, s.id))!);
    });
  }

  /** The organiser records how many people the activity served. */
  async recordServed(ctx: RequestContext, activityId: number, servedCount: number): Promise<ActivityView> {
    return transaction(this.db, async (tx) => {
      const a = await this.organised(tx, ctx, activityId);
      await repo.setServed(tx, a.id, servedCount);
      await recordAudit(tx, this.clock, ctx, {
        action: 'activity.served',
        objectType: 'volunteer_activity',
        objectId: a.id,
        streetId: a.streetId,
        detail: { servedCount },
      });
      return (await this.present(tx, ctx.actor, [(await repo.findActivity(tx, a.id))!]))[0]!;
    });
  }

  /** 我的服务时长: my record, confirmed hours, sessions attended, points from activities, my sign-ups. */
  async mine(ctx: RequestContext): Promise<MyVolunteering> {
    const me = await volunteersRepo.volunteerOfUser(this.db, ctx.actor.userId);
    if (!me) return { volunteer: null, confirmedHours: 0, sessions: 0, points: 0, signups: [] };
    const totals = await repo.totalsOf(this.db, me.id);
    const signups = await repo.signupsOf(this.db, me.id);
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
