import { sql } from 'drizzle-orm';
import { type Db, rows } from '../platform/db';
import type { Rng } from './rng';

/**
 * What the demo reports are laid on (demo-reports.ts): the seeded buildings with their grid, community, estate
 * window and residents, who is bound where, the categories with their SLAs and default departments, and which
 * units get open reports so every demo inbox has work.
 */
export interface BuildingCtx {
  id: number;
  path: string;
  streetId: number;
  gridId: number;
  communityId: number;
  windowEstateId: number | null;
  weight: number;
  residents: { name: string; phoneEnc: string | null; phoneHash: string | null }[];
  accountResidents: { userId: number; name: string; phoneEnc: string | null; phoneHash: string | null }[];
}

export async function reportContext(tx: Db) {
  const buildings = await rows<{
    id: number;
    path: string;
    street_id: number;
    estate_id: number | null;
    management: string | null;
    grid_id: number;
    community_id: number;
  }>(
    tx,
    sql`select b.id, b.path, b.street_id, e.id as estate_id, e.management,
               (select g.id from org_units g where g.kind = 'grid' and b.path like g.path || '%' limit 1) as grid_id,
               (select c.id from org_units c where c.kind = 'community' and b.path like c.path || '%' limit 1) as community_id
          from org_units b left join org_units e on e.id = b.parent_id and e.kind = 'estate'
         where b.kind = 'building' and b.street_id is not null order by b.id`,
  );
  const people = await rows<{
    building_id: number;
    name: string;
    phone_enc: string | null;
    phone_hash: string | null;
    user_id: number | null;
  }>(
    tx,
    sql`select h.building_id, r.name, r.phone_enc, r.phone_hash, r.user_id from residents r join households h on h.id = r.household_id
         where r.relation in ('户主','配偶') and r.phone_enc is not null order by r.id`,
  );
  const bindings = await rows<{ user_id: number; role: string; org_unit_id: number }>(
    tx,
    sql`select user_id, role, org_unit_id from role_bindings order by id`,
  );
  const boundAt = new Map<number, number[]>();
  for (const bd of bindings) {
    if (['resident', 'admin', 'partner'].includes(bd.role)) continue;
    boundAt.set(bd.org_unit_id, [...(boundAt.get(bd.org_unit_id) ?? []), bd.user_id]);
  }
  const staffRoles = new Map<number, Set<string>>();
  for (const bd of bindings) staffRoles.set(bd.org_unit_id, (staffRoles.get(bd.org_unit_id) ?? new Set()).add(bd.role));
  const hasRole = (role: string, unit: number | null) =>
    bindings.some((x) => x.role === role && x.org_unit_id === unit);
  const staffUnits = new Set(bindings.filter((x) => x.role !== 'resident').map((x) => x.org_unit_id));
  const byBuilding = new Map<number, typeof people>();
  for (const p of people) byBuilding.set(p.building_id, [...(byBuilding.get(p.building_id) ?? []), p]);
  const ctxBuildings: BuildingCtx[] = buildings.map((b) => {
    const ps = byBuilding.get(b.id) ?? [];
    // Demo staff see their own patch busy: more reports where a demo account works.
    const weight = staffUnits.has(b.id) ? 12 : staffUnits.has(b.grid_id) ? 4 : staffUnits.has(b.community_id) ? 2 : 1;
    return {
      id: b.id,
      path: b.path,
      streetId: b.street_id,
      gridId: b.grid_id,
      communityId: b.community_id,
      windowEstateId: b.management === 'managed' && hasRole('property_window', b.estate_id) ? b.estate_id : null,
      weight: b.management === 'managed' && hasRole('property_window', b.estate_id) ? 6 : weight,
      residents: ps.map((p) => ({ name: p.name, phoneEnc: p.phone_enc, phoneHash: p.phone_hash })),
      accountResidents: ps
        .filter((p) => p.user_id !== null)
        .map((p) => ({ userId: p.user_id as number, name: p.name, phoneEnc: p.phone_enc, phoneHash: p.phone_hash })),
    };
  });
  const cats = await rows<{ id: number; code: string }>(tx, sql`select id, code from report_categories`);
  const slaRows = await rows<{ category_id: number; level: number; ack_hours: number; resolve_hours: number }>(
    tx,
    sql`select category_id, level, ack_hours, resolve_hours from report_category_slas`,
  );
  const depts = await rows<{ id: number; name: string }>(
    tx,
    sql`select id, name from org_units where kind = 'department'`,
  );
  const departments = new Map(depts.map((d) => [d.name, d.id]));
  const defaultDept = new Map<string, number>();
  for (const [code, name] of DEFAULT_DEPARTMENTS) {
    const id = departments.get(name);
    if (id !== undefined) defaultDept.set(code, id);
  }
  for (const code of cats.map((c) => c.code)) {
    const parent = defaultDept.get(code.split('.')[0] as string);
    if (!defaultDept.has(code) && parent !== undefined) defaultDept.set(code, parent);
  }
  return {
    buildings: ctxBuildings,
    boundAt,
    staffRoles,
    categories: new Map(cats.map((c) => [c.code, c.id])),
    slas: new Map(
      slaRows.map((s) => [
        `${s.category_id}:${s.level}`,
        { ack: Number(s.ack_hours), resolve: Number(s.resolve_hours) },
      ]),
    ),
    departments,
    defaultDept,
  };
}

/** Where a street's escalation goes by default, per category (the demo district's departments). */
export async function setDefaultDepartments(tx: Db, departments: Map<string, number>) {
  for (const [code, name] of DEFAULT_DEPARTMENTS) {
    const id = departments.get(name);
    if (id !== undefined)
      await tx.execute(sql`update report_categories set default_department_id = ${id} where code = ${code}`);
  }
}

/** Three open reports at the level of each unit where a demo account handles reports. */
export function forcedReports(ctx: Awaited<ReturnType<typeof reportContext>>, rng: Rng) {
  const out: { b: BuildingCtx; level: number; dept?: number }[] = [];
  const add = (level: number, candidates: BuildingCtx[], dept?: number) => {
    if (candidates.length === 0) return;
    for (let k = 0; k < 3; k++) out.push({ b: rng.pick(candidates), level, ...(dept ? { dept } : {}) });
  };
  for (const [unit, roles] of ctx.staffRoles) {
    if (roles.has('captain'))
      add(
        1,
        ctx.buildings.filter((b) => b.id === unit && b.windowEstateId === null),
      );
    if (roles.has('property_window'))
      add(
        1,
        ctx.buildings.filter((b) => b.windowEstateId === unit),
      );
    if (roles.has('grid_worker'))
      add(
        2,
        ctx.buildings.filter((b) => b.gridId === unit),
      );
    if (roles.has('community_staff'))
      add(
        3,
        ctx.buildings.filter((b) => b.communityId === unit),
      );
    if (roles.has('street_staff'))
      add(
        4,
        ctx.buildings.filter((b) => b.streetId === unit),
      );
    if (roles.has('department_staff')) add(5, ctx.buildings, unit);
  }
  return out;
}

export function weightedBuildings(ctx: { buildings: BuildingCtx[] }) {
  const list = ctx.buildings.map((b) => [b, b.weight] as const);
  return (rng: Rng) => rng.weighted(list);
}

const DEFAULT_DEPARTMENTS: [string, string][] = [
  ['street_vending', '开平市城市管理和综合执法局'],
  ['illegal_building', '开平市城市管理和综合执法局'],
  ['green_damage', '开平市城市管理和综合执法局'],
  ['clutter', '开平市城市管理和综合执法局'],
  ['sanitation', '开平市城市管理和综合执法局'],
  ['safety', '开平市消防救援大队'],
  ['repair', '开平市住房和城乡建设局'],
  ['property', '开平市住房和城乡建设局'],
];
