import type { BoardBuildingList, OrgKind } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { Scope, unitIdsOnPath } from '../../platform/scope';
import { type BoardView, renderBoards } from './board-pdf';
import { BATCH_KINDS, BOARD_ROLES, MAX_BOARDS_PER_PDF } from './boards.policy';
import * as repo from './boards.repository';

/** Where a building's stable report token comes from (the reports module owns the tokens). */
export interface BuildingTokens {
  tokenFor(ctx: RequestContext, buildingId: number): Promise<{ token: string }>;
}

/** The current notices of buildings, for their boards (the notices module owns them). */
export interface CurrentNotices {
  currentFor(
    buildingPaths: readonly string[],
  ): Promise<Map<string, { kindLabel: string; title: string; publishedOn: string }[]>>;
}

/** The honour roll of buildings' captains, for their boards (the honours module owns it). */
export interface HonourRoll {
  rollFor(buildingIds: readonly number[]): Promise<Map<number, string[]>>;
}

/**
 * Printable boards for the stairwell (docs/rules.md#notices-and-boards, 公示牌): who the captain and grid worker are, how to
 * reach them, and the building's QR code that opens a report pre-filled with the building (docs/rules.md#reports).
 * The board hangs in a public stairwell, so phones are masked like in any list (docs/rules.md#personal-data): the QR code,
 * which reaches the captain first, is the contact that works for everyone.
 */
/** Captains' portraits (modules/captains CaptainPortraitsService.imagesOf). */
export interface Portraits {
  imagesOf(userIds: readonly number[]): Promise<Map<number, Buffer>>;
}

export class BoardsService {
  constructor(
    private readonly db: Db,
    private readonly cipher: PiiCipher,
    private readonly tokens: BuildingTokens,
    private readonly publicUrl: string,
    private readonly notices?: CurrentNotices,
    private readonly portraits?: Portraits,
    private readonly honours?: HonourRoll,
  ) {}

  /** The link a building's QR code carries: the phone app's report page for that building. */
  reportUrl(token: string): string {
    return `${this.publicUrl}/m/r/${token}`;
  }

  /** One building's board as an A4 PDF. */
  async building(ctx: RequestContext, buildingId: number): Promise<{ pdf: Buffer; filename: string }> {
    const b = await repo.findUnitInScope(this.db, Scope.of(ctx.actor, BOARD_ROLES), buildingId);
    if (b?.kind !== 'building') throw notFound();
    const [view] = await this.views(ctx, [b]);
    return { pdf: await renderBoards(view ? [view] : [], { title: b.name }), filename: `${b.name}-公示牌.pdf` };
  }

  /** The boards of every building under a community (or grid, estate), one page each, for one print run. */
  async under(ctx: RequestContext, unitId: number): Promise<{ pdf: Buffer; filename: string }> {
    const unit = await repo.findUnitInScope(this.db, Scope.of(ctx.actor, BOARD_ROLES), unitId);
    if (!unit) throw notFound();
    if (!(BATCH_KINDS as readonly string[]).includes(unit.kind)) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'id', message: `boards are printed per community, grid or estate, not per ${unit.kind}` }],
      });
    }
    const buildings = await repo.buildingsUnder(this.db, unit, MAX_BOARDS_PER_PDF);
    if (buildings.length > MAX_BOARDS_PER_PDF) throw new AppError('TOO_MANY_BOARDS');
    if (buildings.length === 0) throw new AppError('NO_BUILDINGS');
    const views = await this.views(ctx, buildings);
    return { pdf: await renderBoards(views, { title: unit.name }), filename: `${unit.name}-公示牌.pdf` };
  }

  /** The buildings whose boards a batch for `unitId` would print, in the same order, with their captains' names. */
  async buildingsOf(ctx: RequestContext, unitId: number): Promise<BoardBuildingList> {
    const unit = await repo.findUnitInScope(this.db, Scope.of(ctx.actor, BOARD_ROLES), unitId);
    if (!unit) throw notFound();
    if (!(BATCH_KINDS as readonly string[]).includes(unit.kind)) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ path: 'id', message: `boards are printed per community, grid or estate, not per ${unit.kind}` }],
      });
    }
    const found = await repo.buildingsUnder(this.db, unit, MAX_BOARDS_PER_PDF);
    const buildings = found.slice(0, MAX_BOARDS_PER_PDF);
    const captains = await repo.peopleBoundAt(
      this.db,
      'captain',
      buildings.map((b) => b.id),
    );
    return {
      unit: { id: unit.id, name: unit.name, kind: unit.kind as OrgKind },
      items: buildings.map((b) => ({
        id: b.id,
        name: b.name,
        address: b.address,
        captains: captains.filter((c) => c.orgUnitId === b.id).map((c) => c.name),
      })),
      truncated: found.length > MAX_BOARDS_PER_PDF,
    };
  }

  private async views(ctx: RequestContext, buildings: repo.OrgRow[]): Promise<BoardView[]> {
    const units = await repo.unitsOnPaths(
      this.db,
      buildings.map((b) => b.path),
    );
    const ancestors = (b: repo.OrgRow) =>
      unitIdsOnPath(b.path)
        .map((id) => units.get(id))
        .filter((u): u is repo.OrgRow => u !== undefined);
    const gridOf = (b: repo.OrgRow) => ancestors(b).find((u) => u.kind === 'grid');
    const captains = await repo.peopleBoundAt(
      this.db,
      'captain',
      buildings.map((b) => b.id),
    );
    const gridIds = [...new Set(buildings.map((b) => gridOf(b)?.id).filter((id): id is number => id !== undefined))];
    const gridWorkers = await repo.peopleBoundAt(this.db, 'grid_worker', gridIds);
    const masked = (enc: string) => {
      try {
        return this.cipher.maskedPhone(enc);
      } catch {
        return null;
      }
    };

    const notices = (await this.notices?.currentFor(buildings.map((b) => b.path))) ?? new Map();
    const portraits = (await this.portraits?.imagesOf(captains.map((c) => c.userId))) ?? new Map<number, Buffer>();
    const honours = (await this.honours?.rollFor(buildings.map((b) => b.id))) ?? new Map<number, string[]>();
    const views: BoardView[] = [];
    for (const b of buildings) {
      const line = ancestors(b);
      const estate = line.find((u) => u.kind === 'estate');
      const community = line.find((u) => u.kind === 'community');
      const street = line.find((u) => u.kind === 'street');
      const grid = gridOf(b);
      const { token } = await this.tokens.tokenFor(ctx, b.id);
      views.push({
        buildingName: b.name,
        address: b.address ?? estate?.address ?? null,
        communityLine:
          [estate && !b.name.startsWith(estate.name) ? estate.name : null, community?.name, street?.name]
            .filter(Boolean)
            .join(' · ') || null,
        captains: captains
          .filter((c) => c.orgUnitId === b.id)
          .map((c) => ({ name: c.name, phoneMasked: masked(c.phoneEnc), portrait: portraits.get(c.userId) ?? null })),
        gridWorkers: grid
          ? gridWorkers
              .filter((g) => g.orgUnitId === grid.id)
              .map((g) => ({ name: g.name, phoneMasked: masked(g.phoneEnc), gridName: grid.name }))
          : [],
        reportUrl: this.reportUrl(token),
        notices: notices.get(b.path) ?? [],
        honours: honours.get(b.id) ?? [],
      });
    }
    return views;
  }
}
