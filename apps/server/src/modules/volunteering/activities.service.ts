import { randomBytes } from 'node:crypto';
import {
  type ActivityExportQuery,
  type ActivityKind,
  type ActivityListQuery,
  type ActivityView,
  COUNT_CAP,
  type CreateActivityRequest,
  formatShanghaiDateTime,
  type ListTotal,
  type UpdateActivityRequest,
} from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditPagedExport, keysetRows } from '../../platform/list-export';
import { decodeKeyCursor, encodeKeyCursor } from '../../platform/pagination';
import { Scope, streetsOf } from '../../platform/scope';
import type { Notifier } from '../notifications/notifications.service';
import { presentSignup } from './activities.presenter';
import * as repo from './activities.repository';
import * as signupsRepo from './activity-signups.repository';
import { MANAGER_ROLES, mayOrganise, OWNER_KINDS, partnerOrgsOf, READ_ROLES } from './volunteering.policy';
import * as volunteersRepo from './volunteers.repository';

const MINUTE = 60_000;
/**
 * Activities (docs/rules.md#volunteering): published by a community or street, one of its teams or a partner
 * unit, listed and exported to whoever sees them, changed or cancelled by the organiser before the start (under
 * the activity's row lock, as sign-ups are, so it is never overbooked), the people served recorded. Sign-ups are
 * ActivitySignupsService's; check-in, attendance and hours ActivityAttendanceService's.
 */
export class ActivitiesService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly notifications: Notifier,
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

  sees(actor: Actor, volunteerStreet: number | null, a: { streetId: number; path: string }): boolean {
    const v = this.visibility(actor, volunteerStreet);
    return v.streets.has(a.streetId) || v.scope.covers(a.path);
  }

  async visibleIn(db: Db, ctx: RequestContext, id: number) {
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
    const entry = { action: 'activity.export', objectType: 'volunteer_activity' };
    await auditPagedExport(this.db, this.clock, ctx, entry, total, q);
    const rows = keysetRows({
      read: (after: number | undefined, limit) =>
        repo.activitiesPage(this.db, streets, scope, filter, q.sort, after, limit),
      keyOf: (last) => last.id,
      present: (page) => this.present(this.db, ctx.actor, page),
    });
    return { total, rows };
  }

  async get(ctx: RequestContext, id: number): Promise<ActivityView> {
    const { a } = await this.visibleIn(this.db, ctx, id);
    return (await this.present(this.db, ctx.actor, [a]))[0]!;
  }

  /** The activities as the caller sees them, with the caller's own sign-up to each. */
  async present(db: Db, actor: Actor, items: repo.ActivityListed[]): Promise<ActivityView[]> {
    const me = await volunteersRepo.volunteerOfUser(db, actor.userId);
    const mine = me ? await signupsRepo.signupsOf(db, me.id) : [];
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

  /** The activity, if the caller sees it and may organise it (else not found, or FORBIDDEN). */
  async organised(db: Db, ctx: RequestContext, activityId: number) {
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
      const confirmed = await signupsRepo.countConfirmed(tx, a.id);
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
        const id = await signupsRepo.promoteFirst(tx, a.id);
        if (id === undefined) break;
        promoted.push(id);
      }
      for (const id of promoted) {
        const p = (await signupsRepo.findSignup(tx, id))!;
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
        await this.notifications.notify(tx, await signupsRepo.signedUpUsers(tx, a.id), {
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
      const users = await signupsRepo.signedUpUsers(tx, a.id);
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
}
