import type { MentorshipList, MyTraining, SessionList, SessionView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { type Db, pgCode, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import * as repo from './captain-training.repository';
import { RECRUITERS } from './captains.policy';

/**
 * Training (消防, 急救, 调解 … with hours and certificates), captains' meetings (座谈会) with attendance, and
 * mentor pairing (老带新, docs/rules.md#captains). Held by a street or community for the active captains
 * under it.
 */
export class CaptainTrainingService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Records a training or meeting held by a street or community in the caller's jurisdiction. */
  async createSession(
    ctx: RequestContext,
    input: {
      orgUnitId: number;
      kind: 'training' | 'meeting';
      topic: string;
      title: string;
      heldOn: string;
      hours: number;
      certifies: boolean;
    },
  ): Promise<SessionView> {
    const scope = this.scope(ctx);
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.findUnit(tx, input.orgUnitId);
      if (!unit || unit.streetId === null || !scope.covers(unit.path)) throw notFound();
      if (!['street', 'community', 'micro_community'].includes(unit.kind)) throw new AppError('SESSION_UNIT_KIND');
      const id = await repo.insertSession(tx, {
        streetId: unit.streetId,
        orgUnitId: unit.id,
        path: unit.path,
        kind: input.kind,
        topic: input.topic,
        title: input.title,
        heldOn: input.heldOn,
        hours: input.hours,
        certifies: input.certifies,
        createdBy: ctx.actor.userId,
        at: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.session',
        objectType: 'captain_session',
        objectId: id,
        streetId: unit.streetId,
      });
      return present((await repo.findSession(tx, id)) as repo.SessionRow);
    });
    return value;
  }

  /** Sessions in the caller's jurisdiction, newest first. */
  async sessions(ctx: RequestContext): Promise<SessionList> {
    const scope = this.scope(ctx);
    const list = await repo.sessionsIn(this.db, scope);
    return { items: list.map(present) };
  }

  /**
   * Marks captains present, once each (a repeat is a no-op). Everyone must be an active captain of a
   * building under the session's unit (NOT_A_CAPTAIN_HERE, nothing recorded). A certifying training
   * numbers each new certificate `<session>-<captain>`.
   */
  async attend(ctx: RequestContext, sessionId: number, userIds: readonly number[]): Promise<SessionView> {
    const scope = this.scope(ctx);
    return transaction(this.db, async (tx) => {
      const s = await repo.findSession(tx, sessionId);
      if (!s || !scope.covers(s.path)) throw notFound();
      const ids = [...new Set(userIds)];
      const ok = await repo.activeCaptainsUnder(tx, s.path, ids);
      if (ok.length !== ids.length) throw new AppError('NOT_A_CAPTAIN_HERE');
      for (const id of ids) {
        await repo.insertAttendance(tx, {
          sessionId: s.id,
          userId: id,
          streetId: s.streetId,
          certificateNo: s.certifies ? `${s.id}-${id}` : null,
          recordedBy: ctx.actor.userId,
          at: this.clock.now(),
        });
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.attendance',
        objectType: 'captain_session',
        objectId: s.id,
        streetId: s.streetId,
        detail: { userIds: ids },
      });
      return present((await repo.findSession(tx, s.id)) as repo.SessionRow);
    });
  }

  /** My trainings and meetings, training hours, and my current mentor. */
  async mine(ctx: RequestContext): Promise<MyTraining> {
    const list = await repo.sessionsOf(this.db, ctx.actor.userId);
    const m = await repo.currentMentorOf(this.db, ctx.actor.userId);
    return {
      items: list.map((s) => ({ ...present(s), certificateNo: s.certificateNo })),
      trainingHours: list.filter((s) => s.kind === 'training').reduce((t, s) => t + Number(s.hours), 0),
      meetings: list.filter((s) => s.kind === 'meeting').length,
      mentor: m ?? null,
    };
  }

  /** Pairs an experienced captain with a new one (老带新); both active captains in the caller's jurisdiction. */
  async pair(
    ctx: RequestContext,
    input: { mentorUserId: number; menteeUserId: number; notes: string; startedOn: string },
  ): Promise<MentorshipList> {
    const scope = this.scope(ctx);
    if (input.mentorUserId === input.menteeUserId) throw new AppError('MENTOR_SELF');
    await once(this.db, this.clock, ctx, async (tx) => {
      const found = await repo.activeCaptainsIn(tx, scope, input.mentorUserId, input.menteeUserId);
      const ids = new Set(found.map((f) => Number(f.userId)));
      // A captain outside the caller's jurisdiction (or not active) is not found.
      if (!ids.has(input.mentorUserId) || !ids.has(input.menteeUserId)) throw notFound();
      try {
        await repo.insertMentorship(tx, {
          streetId: found[0]?.streetId,
          mentorUserId: input.mentorUserId,
          menteeUserId: input.menteeUserId,
          notes: input.notes,
          startedOn: input.startedOn,
          createdBy: ctx.actor.userId,
          at: this.clock.now(),
        });
      } catch (err) {
        if (pgCode(err) === '23505') throw new AppError('MENTEE_HAS_MENTOR');
        throw err;
      }
      await recordAudit(tx, this.clock, ctx, {
        action: 'captain.mentorship',
        objectType: 'captain',
        objectId: input.menteeUserId,
        streetId: found[0]?.streetId ?? null,
        detail: { mentorUserId: input.mentorUserId },
      });
      return true;
    });
    return this.mentorships(ctx);
  }

  /** Pairings whose new captain serves under the caller's jurisdiction. */
  async mentorships(ctx: RequestContext): Promise<MentorshipList> {
    const scope = this.scope(ctx);
    const list = await repo.mentorshipsIn(this.db, scope);
    return { items: list };
  }

  /** 培训与座谈会's export: the sessions the list shows; audited (`captain_session.export`) first. */
  async exportSessions(ctx: RequestContext): Promise<readonly SessionView[]> {
    const { items } = await this.sessions(ctx);
    const entry = { action: 'captain_session.export', objectType: 'captain_session' };
    return auditListExport(this.db, this.clock, ctx, entry, {}, items);
  }

  /** 老带新结对's export: the pairings the list shows; audited (`captain_mentorship.export`) first. */
  async exportMentorships(ctx: RequestContext): Promise<readonly MentorshipList['items'][number][]> {
    const { items } = await this.mentorships(ctx);
    const entry = { action: 'captain_mentorship.export', objectType: 'captain_mentorship' };
    return auditListExport(this.db, this.clock, ctx, entry, {}, items);
  }

  private scope(ctx: RequestContext): Scope {
    const scope = Scope.of(ctx.actor, RECRUITERS);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return scope;
  }
}

function present(s: repo.SessionRow): SessionView {
  return {
    id: s.id,
    orgUnitId: s.orgUnitId,
    orgUnitName: s.orgUnitName,
    kind: s.kind,
    topic: s.topic,
    title: s.title,
    heldOn: s.heldOn,
    hours: Number(s.hours),
    certifies: s.certifies === 1,
    attendees: s.attendees,
  };
}
