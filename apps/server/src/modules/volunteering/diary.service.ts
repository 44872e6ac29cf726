import { type CreateDiaryRequest, type DiaryEntryView, maskPhone } from '@louzhang/contracts';
import type { Actor, RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import { type Db, transaction } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope } from '../../platform/scope';
import type { PhotosService } from '../photos/photos.service';
import * as repo from './diary.repository';
import { MANAGER_ROLES } from './volunteering.policy';
import * as volunteersRepo from './volunteers.repository';

type Party = { name: string; phone: string | null; role: string | null };
const maskName = (n: string) =>
  n.length <= 1 ? '*' : n.length === 2 ? `${n[0]}*` : `${n[0]}${'*'.repeat(n.length - 2)}${n.at(-1)}`;

/**
 * The volunteer diary (docs/rules.md#volunteering): entries with text and photos (和事佬 mediation records),
 * seen by their author, their team and community staff over them. The parties' names and phones are
 * encrypted at rest and shown masked; the author or community staff over the entry open them for a stated
 * purpose, and every such reveal, allowed or refused, is audited.
 */
export class DiaryService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly photos: PhotosService,
  ) {}

  async create(ctx: RequestContext, input: CreateDiaryRequest): Promise<DiaryEntryView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const me = await volunteersRepo.volunteerOfUser(tx, ctx.actor.userId);
      if (!me) throw new AppError('NOT_A_VOLUNTEER');
      if (input.teamId !== undefined) {
        const team = await volunteersRepo.findTeam(tx, input.teamId);
        const mine = await volunteersRepo.teamIdsOf(tx, me.id);
        if (!team || !(mine.includes(team.id) || team.leaderVolunteerId === me.id)) {
          throw new AppError('TEAM_MEMBER_INVALID');
        }
      }
      await this.photos.requireOwn(tx, ctx.actor.userId, input.photoIds);
      const parties: Party[] = input.parties.map((p) => ({
        name: p.name,
        phone: p.phone ?? null,
        role: p.role ?? null,
      }));
      const id = await repo.insertEntry(tx, {
        volunteerId: me.id,
        teamId: input.teamId ?? null,
        streetId: me.streetId,
        path: me.path,
        kind: input.kind,
        title: input.title,
        body: input.body,
        photoIds: input.photoIds,
        partiesEnc: parties.length ? this.cipher.encrypt(JSON.stringify(parties)) : null,
        occurredOn: input.occurredOn,
        createdAt: this.clock.now(),
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'volunteer_diary.create',
        objectType: 'volunteer_diary',
        objectId: id,
        streetId: me.streetId,
      });
      return this.present((await repo.findEntry(tx, id))!);
    });
    return value;
  }

  private async viewer(db: Db, actor: Actor) {
    const me = await volunteersRepo.volunteerOfUser(db, actor.userId);
    const teams = me ? await volunteersRepo.teamIdsOf(db, me.id) : [];
    return { scope: Scope.of(actor, MANAGER_ROLES), me, teams };
  }

  /** My entries, my teams' entries, and those under my jurisdiction as staff. */
  async list(ctx: RequestContext): Promise<{ items: DiaryEntryView[] }> {
    const v = await this.viewer(this.db, ctx.actor);
    if (v.scope.isEmpty && !v.me) throw new AppError('FORBIDDEN');
    const items = await repo.listEntries(this.db, v.scope, v.me?.id ?? null, v.teams);
    return { items: items.map((e) => this.present(e)) };
  }

  private sees(v: Awaited<ReturnType<DiaryService['viewer']>>, e: repo.DiaryListed): boolean {
    return v.scope.covers(e.path) || v.me?.id === e.volunteerId || (e.teamId !== null && v.teams.includes(e.teamId));
  }

  /** The parties in full, for the author or community staff over the entry, for a purpose; always audited. */
  async revealParties(ctx: RequestContext, id: number, purpose: string): Promise<{ parties: Party[] }> {
    const r = await transaction(this.db, async (tx) => {
      const e = await repo.findEntry(tx, id);
      const v = await this.viewer(tx, ctx.actor);
      const visible = !!e && this.sees(v, e);
      const allowed = !!e && (e.authorUserId === ctx.actor.userId || v.scope.covers(e.path));
      await recordAudit(tx, this.clock, ctx, {
        action: 'volunteer_diary.reveal',
        objectType: 'volunteer_diary',
        objectId: id,
        streetId: e?.streetId ?? null,
        result: allowed ? 'ok' : 'denied',
        detail: visible ? { purpose } : { purpose, outsideScope: true },
      });
      if (!allowed) return { denied: visible ? new AppError('FORBIDDEN') : notFound() };
      return { denied: null, parties: this.parties(e.partiesEnc) };
    });
    if (r.denied) throw r.denied;
    return { parties: r.parties ?? [] };
  }

  private parties(enc: string | null): Party[] {
    return enc ? (JSON.parse(this.cipher.decrypt(enc)) as Party[]) : [];
  }

  private present(e: repo.DiaryListed): DiaryEntryView {
    return {
      id: e.id,
      volunteerName: e.volunteerName,
      teamId: e.teamId,
      teamName: e.teamName,
      kind: e.kind,
      title: e.title,
      body: e.body,
      occurredOn: e.occurredOn,
      photoIds: e.photoIds,
      parties: this.parties(e.partiesEnc).map((p) => ({
        name: maskName(p.name),
        phone: p.phone ? maskPhone(p.phone) : null,
        role: p.role,
      })),
      createdAt: e.createdAt.toISOString(),
    };
  }

  /** Whoever sees an entry sees its photos. */
  readonly seesPhoto = async (db: Db, actor: Actor, photoId: number): Promise<boolean> => {
    const v = await this.viewer(db, actor);
    for (const id of await repo.entriesHoldingPhoto(db, photoId)) {
      const e = await repo.findEntry(db, id);
      if (e && this.sees(v, e)) return true;
    }
    return false;
  };
}
