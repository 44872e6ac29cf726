import type { CreateOrgUnitRequest, OrgKind, OrgUnitFound, OrgUnitView } from '@louzhang/contracts';
import type { RequestContext } from '../../platform/actor';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import type { Db } from '../../platform/db';
import { AppError, notFound } from '../../platform/errors';
import { once } from '../../platform/idempotency';
import { Scope, unitIdsOnPath } from '../../platform/scope';
import { DISPATCH_ROLES, mayContain, ORG_READ_ROLES, ORG_WRITE_ROLES } from './org.policy';
import * as repo from './org.repository';

/** At most this many units answer a search: enough to pick from; typing more narrows it. */
const SEARCH_LIMIT = 20;

type Listed = Awaited<ReturnType<typeof repo.findInScope>> & {};

export function presentOrgUnit(u: Listed): OrgUnitView {
  return {
    id: u.id,
    parentId: u.parentId,
    kind: u.kind as OrgKind,
    name: u.name,
    path: u.path,
    management: (u.management as OrgUnitView['management']) ?? null,
    address: u.address,
    hasChildren: Boolean(u.hasChildren),
  };
}

export class OrgService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The caller's top units (their bindings), or the children of `parentId` within their jurisdiction. */
  async list(ctx: RequestContext, parentId?: number): Promise<OrgUnitView[]> {
    const scope = Scope.of(ctx.actor, ORG_READ_ROLES);
    if (parentId === undefined) return (await repo.byPaths(this.db, scope.paths)).map(presentOrgUnit);
    if (!(await repo.findInScope(this.db, scope, parentId))) throw notFound();
    return (await repo.childrenInScope(this.db, scope, parentId)).map(presentOrgUnit);
  }

  /**
   * Units named like `q` within the caller's jurisdiction, with the names above each (down from the top of
   * their jurisdiction), so the scope picker finds 新兴社区 by typing 新兴 before its branch is loaded.
   */
  async search(ctx: RequestContext, q: string): Promise<OrgUnitFound[]> {
    const scope = Scope.of(ctx.actor, ORG_READ_ROLES);
    if (scope.isEmpty) throw new AppError('FORBIDDEN');
    const found = await repo.searchInScope(this.db, scope, q, SEARCH_LIMIT);
    // Only the ancestors inside the caller's jurisdiction: the trail starts at their own root.
    const above = (path: string) => unitIdsOnPath(path).filter((_, i, all) => i < all.length - 1);
    const inScope = (path: string) => (id: number) => {
      const prefix = path.slice(0, path.indexOf(`/${id}/`) + `/${id}/`.length);
      return scope.covers(prefix);
    };
    const ids = [...new Set(found.flatMap((u) => above(u.path).filter(inScope(u.path))))];
    const names = await repo.namesOf(this.db, ids);
    return found.map((u) => ({
      ...presentOrgUnit(u),
      trail: above(u.path)
        .filter(inScope(u.path))
        .map((id) => names.get(id) ?? ''),
    }));
  }

  /**
   * The departments a street or community may call on (社区吹哨、部门报到): those serving the caller's
   * jurisdiction. Other roles dispatch nothing and get an empty list.
   */
  async departments(ctx: RequestContext): Promise<OrgUnitView[]> {
    const scope = Scope.of(ctx.actor, DISPATCH_ROLES);
    return (await repo.departmentsServing(this.db, scope)).map(presentOrgUnit);
  }

  /** Where a unit sits (kind, path, street), unscoped: for policies that decide scope themselves. */
  async placeOf(
    db: Db | undefined,
    id: number,
  ): Promise<{ id: number; kind: OrgKind; path: string; streetId: number | null; name: string } | undefined> {
    const u = await repo.findById(db ?? this.db, id);
    return u && { id: u.id, kind: u.kind as OrgKind, path: u.path, streetId: u.streetId, name: u.name };
  }

  async get(ctx: RequestContext, id: number): Promise<OrgUnitView> {
    const u = await repo.findInScope(this.db, Scope.of(ctx.actor, ORG_READ_ROLES), id);
    if (!u) throw notFound();
    return presentOrgUnit(u);
  }

  /** Adds a unit to the tree under a parent the admin governs. */
  async create(ctx: RequestContext, input: CreateOrgUnitRequest): Promise<OrgUnitView> {
    const { value } = await once(this.db, this.clock, ctx, async (tx) => {
      const parent = await repo.findInScope(tx, Scope.of(ctx.actor, ORG_WRITE_ROLES), input.parentId);
      if (!parent) {
        if (await repo.findInScope(tx, Scope.of(ctx.actor, ORG_READ_ROLES), input.parentId))
          throw new AppError('FORBIDDEN');
        throw notFound();
      }
      if (!mayContain(parent.kind as OrgKind, input.kind)) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ path: 'kind', message: `a ${input.kind} cannot sit under a ${parent.kind}` }],
        });
      }
      if ((input.management !== undefined) !== (input.kind === 'estate')) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ path: 'management', message: 'required for an estate, and only for an estate' }],
        });
      }
      const row = await repo.insertChild(tx, parent, {
        kind: input.kind,
        name: input.name,
        management: input.management ?? null,
        address: input.address ?? null,
      });
      await recordAudit(tx, this.clock, ctx, {
        action: 'org_unit.create',
        objectType: 'org_unit',
        objectId: row.id,
        streetId: row.streetId,
        detail: { kind: row.kind, name: row.name, parentId: parent.id },
      });
      return presentOrgUnit({ ...row, hasChildren: false });
    });
    return value;
  }
}
