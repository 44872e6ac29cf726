import type { ApplicationView, CreateDriveRequest, DriveView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { auditListExport } from '../../platform/list-export';
import { Scope } from '../../platform/scope';
import { shanghaiDay } from '../chores/chore-occurrence';
import type { CaptainRegistrationService } from './captain-registration.service';
import { RECRUITERS } from './captains.policy';
import * as repo from './recruitment.repository';

const DRIVE_UNIT_KINDS = ['street', 'community', 'micro_community'];

/**
 * Recruitment (招募, docs/rules.md#captains): a street or community publishes a drive; anyone reads it
 * without an account; people apply after signing in by SMS code (自荐), or are nominated (推选) and
 * consent after signing in with the nominated phone; staff vet (note, interview, score), choose at most
 * the drive's places, and register a chosen applicant as captain of buildings in one step.
 */
export class RecruitmentService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly registration: CaptainRegistrationService,
  ) {}

  /** Publishes a drive at a street or community in the caller's jurisdiction. */
  async createDrive(ctx: RequestContext, input: CreateDriveRequest): Promise<DriveView> {
    const scope = this.recruiterScope(ctx);
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const unit = await repo.unitById(tx, input.orgUnitId);
      if (!unit || unit.streetId === null || !scope.covers(unit.path)) throw notFound();
      if (!DRIVE_UNIT_KINDS.includes(unit.kind)) throw new AppError('DRIVE_UNIT_KIND');
      const ids = [...new Set(input.buildingIds)];
      const buildings = await repo.unitsByIds(tx, ids);
      if (
        buildings.length !== ids.length ||
        buildings.some((b) => b.kind !== 'building' || !b.path.startsWith(unit.path))
      ) {
        throw new AppError('DRIVE_BUILDING_INVALID');
      }
      const id = await repo.insertDrive(tx, {
        streetId: unit.streetId,
        orgUnitId: unit.id,
        path: unit.path,
        title: input.title,
        area: input.area || null,
        buildingIds: ids,
        requirements: input.requirements,
        places: input.places,
        deadline: input.deadline,
        createdBy: ctx.actor.userId,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'recruitment.drive',
        objectType: 'recruitment_drive',
        objectId: id,
        streetId: unit.streetId,
        detail: { places: input.places, deadline: input.deadline },
      });
      return this.presentDrive(tx, (await repo.findDrive(tx, id)) as repo.DriveRow);
    });
    return value;
  }

  /** Drives in the staff member's jurisdiction, with their counts. */
  async listDrives(ctx: RequestContext) {
    const rows = await repo.drivesIn(this.db, this.recruiterScope(ctx), 200);
    return { items: await Promise.all(rows.map((d) => this.presentDrive(this.db, d))) };
  }

  /** The drives the list shows; audited (`recruitment.drives_export`) before the first byte. */
  async exportDrives(ctx: RequestContext): Promise<readonly DriveView[]> {
    const { items } = await this.listDrives(ctx);
    const entry = { action: 'recruitment.drives_export', objectType: 'recruitment_drive' };
    return auditListExport(this.db, this.clock, ctx, entry, {}, items);
  }

  /** Open drives (under a unit, when named), for the public page (no account needed; no personal data in a drive). */
  async publicDrives(orgUnitId?: number) {
    let under: string | undefined;
    if (orgUnitId !== undefined) {
      const u = await repo.unitById(this.db, orgUnitId);
      if (!u) throw notFound();
      under = u.path;
    }
    const rows = await repo.openDrives(this.db, shanghaiDay(this.clock.now()), 100, under);
    return { items: await Promise.all(rows.map((d) => this.presentDrive(this.db, d))) };
  }

  /** One drive for the public page: open or closed, anyone may read it. */
  async publicDrive(id: number): Promise<DriveView> {
    const d = await repo.findDrive(this.db, id);
    if (!d) throw notFound();
    return this.presentDrive(this.db, d);
  }

  /** Self-nomination (自荐) by the signed-in person, once per drive. */
  async apply(
    ctx: RequestContext,
    driveId: number,
    input: { statement: string; buildingId?: number | undefined; name?: string | undefined },
  ): Promise<ApplicationView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const d = await this.openDrive(tx, driveId);
      const me = await repo.userPhone(tx, ctx.actor.userId);
      if (!me) throw notFound();
      const now = this.clock.now();
      const id = await repo.insertApplication(tx, {
        driveId: d.id,
        streetId: d.streetId,
        kind: 'self',
        name: input.name ?? me.name,
        phoneEnc: me.phoneEnc,
        phoneHash: me.phoneHash,
        applicantUserId: ctx.actor.userId,
        statement: input.statement,
        buildingId: this.wantedBuilding(d, input.buildingId),
        status: 'applied',
        consentedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      if (!id) throw new AppError('APPLICATION_EXISTS');
      await this.audit(tx, ctx, 'recruitment.apply', id, d.streetId);
      return this.presentApplication((await repo.findApplication(tx, id)) as repo.ApplicationRow);
    });
    return value;
  }

  /** Nomination (推选) of a phone by a resident or staff; it counts once the nominee consents. */
  async nominate(
    ctx: RequestContext,
    driveId: number,
    input: { name: string; phone: string; statement: string; buildingId?: number | undefined },
  ): Promise<ApplicationView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const d = await this.openDrive(tx, driveId);
      const now = this.clock.now();
      const id = await repo.insertApplication(tx, {
        driveId: d.id,
        streetId: d.streetId,
        kind: 'nominated',
        name: input.name,
        phoneEnc: this.cipher.encrypt(input.phone),
        phoneHash: this.cipher.blindIndex('phone', input.phone),
        nominatorUserId: ctx.actor.userId,
        statement: input.statement,
        buildingId: this.wantedBuilding(d, input.buildingId),
        status: 'awaiting_consent',
        createdAt: now,
        updatedAt: now,
      });
      if (!id) throw new AppError('APPLICATION_EXISTS');
      await this.audit(tx, ctx, 'recruitment.nominate', id, d.streetId);
      return this.presentApplication((await repo.findApplication(tx, id)) as repo.ApplicationRow);
    });
    return value;
  }

  /** The nominee, signed in with the nominated phone, agrees to stand. */
  async consent(ctx: RequestContext, applicationId: number): Promise<ApplicationView> {
    return transaction(this.db, async (tx) => {
      const a = await repo.findApplication(tx, applicationId, true);
      const me = await repo.userPhone(tx, ctx.actor.userId);
      if (!a || !me) throw notFound();
      if (a.phoneHash !== me.phoneHash) throw new AppError('APPLICATION_NOT_NOMINEE');
      if (a.status !== 'awaiting_consent') throw new AppError('APPLICATION_STATE');
      await this.openDrive(tx, a.driveId);
      const now = this.clock.now();
      await repo.setApplication(tx, a.id, {
        status: 'applied',
        applicantUserId: ctx.actor.userId,
        consentedAt: now,
        updatedAt: now,
      });
      await this.audit(tx, ctx, 'recruitment.consent', a.id, a.streetId);
      return this.presentApplication((await repo.findApplication(tx, a.id)) as repo.ApplicationRow);
    });
  }

  /** My applications, and nominations of my phone waiting for my consent. */
  async mine(ctx: RequestContext) {
    const me = await repo.userPhone(this.db, ctx.actor.userId);
    if (!me) throw notFound();
    const rows = await repo.applicationsOfPerson(this.db, ctx.actor.userId, me.phoneHash);
    return { items: rows.map((a) => this.presentApplication(a)) };
  }

  /** A drive's applications with its counts, for staff over the drive. */
  async applications(ctx: RequestContext, driveId: number) {
    const d = await this.staffDrive(this.db, ctx, driveId);
    const rows = await repo.applicationsOfDrive(this.db, d.id);
    return {
      items: rows.map((a) => this.presentApplication(a)),
      counts: { applied: d.applied, vetted: d.vetted, chosen: d.chosen, registered: d.registered },
    };
  }

  /** A drive's applications as its page lists them (phones masked); audited (`recruitment.applications_export`). */
  async exportApplications(ctx: RequestContext, driveId: number): Promise<readonly ApplicationView[]> {
    const { items } = await this.applications(ctx, driveId);
    const entry = { action: 'recruitment.applications_export', objectType: 'recruitment_drive', objectId: driveId };
    return auditListExport(this.db, this.clock, ctx, entry, {}, items);
  }

  /** Vets an application: note, interview day, score (0–100). Re-vetting changes the score. */
  async vet(
    ctx: RequestContext,
    applicationId: number,
    input: { vetNote?: string | undefined; interviewedOn?: string | undefined; score: number },
  ): Promise<ApplicationView> {
    return transaction(this.db, async (tx) => {
      const a = await this.staffApplication(tx, ctx, applicationId);
      if (a.status !== 'applied' && a.status !== 'vetted') throw new AppError('APPLICATION_STATE');
      await repo.setApplication(tx, a.id, {
        status: 'vetted',
        vetNote: input.vetNote || null,
        interviewedOn: input.interviewedOn ?? null,
        score: input.score,
        decidedBy: ctx.actor.userId,
        updatedAt: this.clock.now(),
      });
      await this.audit(tx, ctx, 'recruitment.vet', a.id, a.streetId, { score: input.score });
      return this.presentApplication((await repo.findApplication(tx, a.id)) as repo.ApplicationRow);
    });
  }

  /**
   * Chooses vetted applicants. The drive row is locked, so concurrent choices are judged one after
   * the other: those chosen before plus these may not exceed the drive's places (DRIVE_PLACES_EXCEEDED,
   * nothing changed).
   */
  async choose(ctx: RequestContext, driveId: number, applicationIds: readonly number[]) {
    await transaction(this.db, async (tx) => {
      const d = await this.staffDrive(tx, ctx, driveId, true);
      const ids = [...new Set(applicationIds)];
      const apps = await repo.applicationsOfDrive(tx, d.id);
      const byId = new Map(apps.map((a) => [a.id, a]));
      for (const id of ids) {
        const a = byId.get(id);
        if (!a) throw notFound();
        if (a.status !== 'vetted') throw new AppError('APPLICATION_STATE');
      }
      if (d.chosen + ids.length > d.places) throw new AppError('DRIVE_PLACES_EXCEEDED');
      const now = this.clock.now();
      for (const id of ids) {
        await repo.setApplication(tx, id, { status: 'chosen', decidedBy: ctx.actor.userId, updatedAt: now });
      }
      await this.audit(tx, ctx, 'recruitment.choose', d.id, d.streetId, { applicationIds: ids });
    });
    return this.applications(ctx, driveId);
  }

  /** Turns an application down, with a reason (before registration). */
  async reject(ctx: RequestContext, applicationId: number, reason: string): Promise<ApplicationView> {
    return transaction(this.db, async (tx) => {
      const a = await this.staffApplication(tx, ctx, applicationId);
      if (a.status === 'registered' || a.status === 'rejected') throw new AppError('APPLICATION_STATE');
      await repo.setApplication(tx, a.id, {
        status: 'rejected',
        decidedBy: ctx.actor.userId,
        updatedAt: this.clock.now(),
      });
      await this.audit(tx, ctx, 'recruitment.reject', a.id, a.streetId, { reason });
      return this.presentApplication((await repo.findApplication(tx, a.id)) as repo.ApplicationRow);
    });
  }

  /**
   * Registers a chosen applicant as captain of the buildings in one step (the captain role binding at
   * each, the registration history, the captain's record — made active again if they had exited).
   */
  async register(ctx: RequestContext, applicationId: number, buildingIds: readonly number[]): Promise<ApplicationView> {
    return transaction(this.db, async (tx) => {
      const a = await this.staffApplication(tx, ctx, applicationId);
      if (a.status !== 'chosen' || a.applicantUserId === null) throw new AppError('APPLICATION_STATE');
      const units = await repo.unitsByIds(tx, [...new Set(buildingIds)]);
      if (
        units.length !== new Set(buildingIds).size ||
        units.some((u) => u.kind !== 'building' || !u.path.startsWith(a.drivePath))
      ) {
        throw new AppError('DRIVE_BUILDING_INVALID');
      }
      await this.registration.registerIn(tx, ctx, {
        userId: a.applicantUserId,
        buildingIds: [...new Set(buildingIds)],
        reason: `招募入选：${a.driveTitle}`,
        viaApplication: true,
      });
      const now = this.clock.now();
      await repo.setApplication(tx, a.id, { status: 'registered', registeredAt: now, updatedAt: now });
      await this.audit(tx, ctx, 'recruitment.register', a.id, a.streetId, { buildingIds });
      return this.presentApplication((await repo.findApplication(tx, a.id)) as repo.ApplicationRow);
    });
  }

  private recruiterScope(ctx: RequestContext): Scope {
    const scope = Scope.of(ctx.actor, RECRUITERS);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    return scope;
  }

  private async staffDrive(db: Db, ctx: RequestContext, driveId: number, forUpdate = false) {
    const scope = this.recruiterScope(ctx);
    const d = await repo.findDrive(db, driveId, forUpdate);
    if (!d || !scope.covers(d.path)) throw notFound();
    return d;
  }

  private async staffApplication(tx: Db, ctx: RequestContext, applicationId: number) {
    const scope = this.recruiterScope(ctx);
    const a = await repo.findApplication(tx, applicationId, true);
    if (!a || !scope.covers(a.drivePath)) throw notFound();
    return a;
  }

  private async openDrive(db: Db, driveId: number) {
    const d = await repo.findDrive(db, driveId);
    if (!d) throw notFound();
    if (d.deadline < shanghaiDay(this.clock.now())) throw new AppError('DRIVE_CLOSED');
    return d;
  }

  /** A building the applicant offers to serve must be one the drive wants (when it names any). */
  private wantedBuilding(d: repo.DriveRow, buildingId: number | undefined): number | null {
    if (buildingId === undefined) return null;
    if (d.buildingIds.length > 0 && !d.buildingIds.map(Number).includes(buildingId)) {
      throw new AppError('DRIVE_BUILDING_INVALID');
    }
    if (d.buildingIds.length === 0) throw new AppError('DRIVE_BUILDING_INVALID');
    return buildingId;
  }

  private async audit(
    tx: Db,
    ctx: RequestContext,
    action: string,
    id: number,
    streetId: number,
    detail?: Record<string, unknown>,
  ) {
    await recordAudit(tx, this.clock, ctx, {
      action,
      objectType: action === 'recruitment.choose' ? 'recruitment_drive' : 'recruitment_application',
      objectId: id,
      streetId,
      ...(detail ? { detail } : {}),
    });
  }

  private async presentDrive(db: Db, d: repo.DriveRow): Promise<DriveView> {
    const buildings = await repo.unitsByIds(db, d.buildingIds.map(Number));
    return {
      id: d.id,
      orgUnitId: d.orgUnitId,
      orgUnitName: d.orgUnitName,
      title: d.title,
      area: d.area,
      buildings: buildings.map((b) => ({ id: b.id, name: b.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
      requirements: d.requirements,
      places: d.places,
      deadline: d.deadline,
      isOpen: d.deadline >= shanghaiDay(this.clock.now()),
      counts: { applied: d.applied, vetted: d.vetted, chosen: d.chosen, registered: d.registered },
      createdAt: new Date(d.createdAt).toISOString(),
    };
  }

  private presentApplication(a: repo.ApplicationRow): ApplicationView {
    return {
      id: a.id,
      driveId: a.driveId,
      driveTitle: a.driveTitle,
      kind: a.kind,
      name: a.name,
      phoneMasked: this.cipher.maskedPhone(a.phoneEnc),
      applicantUserId: a.applicantUserId,
      nominatorName: a.nominatorName,
      statement: a.statement,
      buildingId: a.buildingId,
      status: a.status,
      vetNote: a.vetNote,
      interviewedOn: a.interviewedOn,
      score: a.score,
      createdAt: new Date(a.createdAt).toISOString(),
    };
  }
}
