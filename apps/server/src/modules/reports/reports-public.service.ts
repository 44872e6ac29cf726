import { randomBytes } from 'node:crypto';
import { REPORT_LEVELS } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { Scope } from '../../platform/scope';
import * as intakeRepo from './report-intake.repository';
import * as listsRepo from './report-lists.repository';
import { READ_ROLES } from './reports.policy';
import * as repo from './reports.repository';

/** A report without anybody's identity, for other systems (Open311) and public pages. */
export interface PublicReport {
  id: number;
  status: string;
  level: string;
  categoryId: number;
  categoryCode: string;
  categoryName: string;
  description: string;
  location: string | null;
  buildingId: number;
  buildingName: string;
  streetId: number;
  handlerName: string;
  /** True when the building itself (its captain) handles it, false for a property window, grid, community … */
  handledByBuilding: boolean;
  /** The running SLA deadline (Open311 expected_datetime), if a clock runs. */
  dueAt: string | null;
  lastNote: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the reports module shows outside the signed-in workflow: reports without anybody's identity (for
 * Open311 and public pages) and the buildings' QR tokens and landing page (有事找楼长). The caller decides
 * who may ask; nothing here changes a report.
 */
export class ReportsPublicService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Reports without anybody's identity, for Open311 and public boards (the caller decides who may ask). */
  async getPublic(ids: number[], lang: 'zh' | 'en' = 'zh'): Promise<PublicReport[]> {
    if (ids.length === 0) return [];
    const found = await listsRepo.listVisible(this.db, null, { ids, limit: ids.length });
    const at = new Map<number, number>();
    for (const [i, id] of ids.entries()) if (!at.has(id)) at.set(id, i);
    found.sort((x, y) => (at.get(x.report.id) ?? 0) - (at.get(y.report.id) ?? 0));
    return this.toPublic(found, lang);
  }

  /** Listed rows as public reports, with the last note of each (one statement for all of them). */
  private async toPublic(found: listsRepo.ReportListed[], lang: 'zh' | 'en'): Promise<PublicReport[]> {
    const notes = await repo.lastNotes(
      this.db,
      found.map((l) => l.report.id),
    );
    return found.map((l) => {
      const r = l.report;
      return {
        id: r.id,
        status: r.status,
        level: REPORT_LEVELS[r.level - 1] as string,
        categoryId: r.categoryId,
        categoryCode: l.categoryCode,
        categoryName: lang === 'en' ? l.categoryNameEn : l.categoryNameZh,
        description: r.description,
        location: r.location,
        buildingId: r.buildingId,
        buildingName: l.buildingName,
        streetId: r.streetId,
        handlerName: l.handlerName,
        handledByBuilding: r.handlerOrgUnitId === r.buildingId,
        dueAt: r.dueAt ? r.dueAt.toISOString() : null,
        lastNote: notes.get(r.id) ?? null,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }

  /**
   * Reports of one street for other systems (Open311 GET requests), newest first, without identities.
   * Filters: categories (with their children), statuses, received in [from, to).
   */
  async listPublic(
    f: { streetId?: number; categoryIds?: number[]; statuses?: string[]; from?: Date; to?: Date; limit?: number },
    lang: 'zh' | 'en' = 'zh',
  ): Promise<PublicReport[]> {
    const found = await listsRepo.listVisible(this.db, null, {
      streetId: f.streetId,
      categoryTree: f.categoryIds,
      statusIn: f.statuses,
      from: f.from,
      to: f.to,
      limit: Math.min(f.limit ?? 100, 1000),
    });
    return this.toPublic(found, lang);
  }

  // ---------------------------------------------------------------- buildings' QR tokens

  /** The building's stable QR token (created on first ask), for staff whose jurisdiction covers it. */
  async tokenFor(ctx: RequestContext, buildingId: number): Promise<{ buildingId: number; token: string; url: string }> {
    const b = await repo.findOrgUnit(this.db, buildingId);
    if (b?.kind !== 'building' || b.streetId === null || !Scope.of(ctx.actor, READ_ROLES).covers(b.path)) {
      throw notFound();
    }
    const row = await intakeRepo.ensureToken(
      this.db,
      { id: b.id, streetId: b.streetId },
      randomBytes(18).toString('base64url'),
      this.clock.now(),
    );
    return { buildingId: b.id, token: row.token, url: `/m/report?b=${row.token}` };
  }

  /** What the QR page shows before sign-in: the building, its estate and community, and whom to ask (有事找楼长). */
  async buildingByToken(token: string) {
    const t = await intakeRepo.findToken(this.db, token);
    const b = t && (await repo.findOrgUnit(this.db, t.buildingId));
    if (!b) throw notFound();
    const units = await intakeRepo.unitsOnPath(this.db, b.path);
    const estate = units.filter((u) => u.kind === 'estate').at(-1);
    const community = units.filter((u) => u.kind === 'community').at(-1);
    const captain = (await repo.usersBoundAt(this.db, ['captain'], [b.id]))[0];
    const window =
      estate?.management === 'managed'
        ? (await repo.usersBoundAt(this.db, ['property_window'], [estate.id]))[0]
        : undefined;
    return {
      buildingId: b.id,
      buildingName: b.name,
      estateName: estate?.name ?? null,
      communityName: community?.name ?? null,
      captainName: captain?.name ?? window?.name ?? null,
    };
  }
}
