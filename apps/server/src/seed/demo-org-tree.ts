/**
 * The demo org tree (demo-data.ts): 江门市 and 开平市 with its departments, 三埠街道 and 长沙街道 with their partner
 * units, communities, grids, estates, about 200 buildings and their units, and the shape of every building.
 */
import type { EstateManagement } from '../../../../packages/contracts/src/enums';
import { type DemoOrgUnit, pad } from './demo-model';
import {
  COMMUNITIES,
  GRID_NAMES,
  MANAGED_STEMS,
  MANAGED_SUFFIXES,
  OLD_STEMS,
  OLD_SUFFIXES,
  SELF_MANAGED_NAMES,
} from './demo-names';
import type { Rng } from './rng';

/** Old blocks are 3–7 storeys, mostly 5–7. */
const OLD_BLOCK_FLOORS = [3, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7];
export interface BuildingSpec {
  key: string;
  management: EstateManagement;
  floors: number;
  roomsPerFloor: number;
  units: number;
  areas: number[];
  minHouseholds: number;
}
interface EstatePlan {
  management: EstateManagement;
  name: string;
  address: string;
  buildings: { name: string; address?: string }[];
}
const round2 = (x: number) => Math.round(x * 100) / 100;
export interface Anchors {
  /** 新兴社区 第一网格: the grid worker's grid. */
  xinxingGrid: string;
  /** 福宁街5号: the first captain's and the resident's building. */
  captainBuilding: string;
  /** 江滨新村10栋 (幕沙社区): the second captain's building. */
  captain2Building: string;
  /** The managed estate of 新兴社区 第一网格, served by the property window. */
  propertyEstate: string;
  partner: string;
}
type Community = (typeof COMMUNITIES)[keyof typeof COMMUNITIES][number];
type Street = { key: string; slug: keyof typeof COMMUNITIES; name: string };

const STREETS: Street[] = [
  { key: 'street:sanbu', slug: 'sanbu', name: '三埠街道' },
  { key: 'street:changsha', slug: 'changsha', name: '长沙街道' },
];
const DEPARTMENTS: [string, string][] = [
  ['dept:chengguan', '开平市城市管理和综合执法局'],
  ['dept:police-sanbu', '开平市公安局三埠派出所'],
  ['dept:police-changsha', '开平市公安局长沙派出所'],
  ['dept:samr', '开平市市场监督管理局'],
  ['dept:fire', '开平市消防救援大队'],
  ['dept:housing', '开平市住房和城乡建设局'],
];
const PARTNERS: Record<Street['slug'], [string, string][]> = {
  sanbu: [
    ['partner:power-sanbu', '开平市供电局三埠供电所'],
    ['partner:huimin-market', '三埠惠民超市'],
    ['partner:qiaoxiang-aixin', '开平市侨乡爱心实业有限公司'],
  ],
  changsha: [['partner:post-changsha', '开平市邮政分公司长沙支局']],
};
const AREA_RANGE: Record<EstateManagement, [number, number]> = {
  managed: [70, 140],
  self_managed: [50, 95],
  unmanaged: [45, 95],
  standalone: [45, 110],
};
const TARGET_BUILDINGS = 200;
/** The org tree, parents before children, and the shape of every building. */
export function buildOrgTree(rng: Rng): { orgUnits: DemoOrgUnit[]; buildings: BuildingSpec[]; anchors: Anchors } {
  const orgUnits: DemoOrgUnit[] = [];
  const add = (u: DemoOrgUnit): string => {
    orgUnits.push(u);
    return u.key;
  };
  const buildings: BuildingSpec[] = [];
  const anchors: Anchors = {
    captainBuilding: '',
    captain2Building: '',
    propertyEstate: '',
    xinxingGrid: '',
    partner: '',
  };

  add({ key: 'city:jiangmen', parentKey: null, kind: 'city', name: '江门市' });
  add({ key: 'district:kaiping', parentKey: 'city:jiangmen', kind: 'district', name: '开平市' });
  for (const [key, name] of DEPARTMENTS) add({ key, parentKey: 'district:kaiping', kind: 'department', name });

  // Estate names are drawn without replacement so they stay unique.
  const pools = {
    managed: rng.shuffle(MANAGED_STEMS).map((s) => s + rng.pick(MANAGED_SUFFIXES)),
    self_managed: rng.shuffle(SELF_MANAGED_NAMES),
    unmanaged: rng.shuffle(OLD_STEMS.flatMap((s) => OLD_SUFFIXES.map((x) => s + x))),
  };
  const fallback = { managed: '锦绣花园', self_managed: '机关宿舍', unmanaged: '建设新村' };
  let fallbacks = 0;
  const take = (kind: keyof typeof pools) => pools[kind].shift() ?? `${fallback[kind]}${++fallbacks}区`;

  const planned = STREETS.flatMap((street) =>
    COMMUNITIES[street.slug].map((community) => ({ street, community, grids: rng.int(2, 4) })),
  );
  const gridTotal = planned.reduce((n, p) => n + p.grids, 0);
  const perGrid = Math.floor(TARGET_BUILDINGS / gridTotal);
  let extra = TARGET_BUILDINGS - perGrid * gridTotal;
  let estateSeq = 0;
  let buildingSeq = 0;

  for (const street of STREETS) {
    add({ key: street.key, parentKey: 'district:kaiping', kind: 'street', name: street.name });
    for (const [key, name] of PARTNERS[street.slug]) add({ key, parentKey: street.key, kind: 'partner_org', name });
    anchors.partner ||= PARTNERS[street.slug][0]?.[0] ?? '';

    for (const { community: c, grids } of planned.filter((p) => p.street === street)) {
      const communityKey = add({ key: `comm:${c.slug}`, parentKey: street.key, kind: 'community', name: c.name });
      const freeRoads = rng.shuffle(c.roads.filter((r) => r !== '福宁街'));
      for (let g = 0; g < grids; g++) {
        const gridKey = add({
          key: `grid:${c.slug}:${g + 1}`,
          parentKey: communityKey,
          kind: 'grid',
          name: GRID_NAMES[g] as string,
        });
        if (g === 0 && c.slug === 'xinxing') anchors.xinxingGrid = gridKey;
        const target = perGrid + (extra-- > 0 ? 1 : 0);
        for (const e of planEstates(rng, street, c, g, target, freeRoads, take)) {
          const estateKey = add({
            key: `estate:${pad(++estateSeq, 3)}`,
            parentKey: gridKey,
            kind: 'estate',
            name: e.name,
            management: e.management,
            address: e.address,
          });
          if (gridKey === anchors.xinxingGrid && e.management === 'managed') anchors.propertyEstate = estateKey;
          for (const b of e.buildings) {
            const key = `bld:${pad(++buildingSeq, 4)}`;
            add({
              key,
              parentKey: estateKey,
              kind: 'building',
              name: b.name,
              ...(b.address ? { address: b.address } : {}),
            });
            const spec = buildingSpec(rng, key, e.management, b.name);
            if (b.name === '福宁街5号') anchors.captainBuilding = key;
            if (b.name === '江滨新村10栋') anchors.captain2Building = key;
            for (let u = 1; spec.units > 1 && u <= spec.units; u++) {
              add({ key: `unit:${key.slice(4)}:${u}`, parentKey: key, kind: 'unit', name: `${u}单元` });
            }
            buildings.push(spec);
          }
        }
      }
    }
  }
  return { orgUnits, buildings, anchors };
}

/**
 * Estates of one grid adding up to about `target` buildings. A few real places from the reference
 * articles are pinned: 福宁街5号 (新兴社区), 江滨新村10栋 (幕沙社区), 侨园小区 (侨园社区).
 */
function planEstates(
  rng: Rng,
  street: Street,
  c: Community,
  g: number,
  target: number,
  freeRoads: string[],
  take: (kind: 'managed' | 'self_managed' | 'unmanaged') => string,
): EstatePlan[] {
  const at = (road: string, no: number) => `开平市${street.name}${road}${no}号`;
  const addressOn = () => at(rng.pick(c.roads), rng.int(1, 180));
  const estates: EstatePlan[] = [];
  if (g === 0 && c.slug === 'xinxing') {
    const bs = [3, 5, 7, 9].map((n) => ({ name: `福宁街${n}号`, address: at('福宁街', n) }));
    estates.push({
      management: 'standalone',
      name: '福宁街散楼片区',
      address: `开平市${street.name}福宁街`,
      buildings: bs,
    });
    const name = take('managed');
    estates.push({ management: 'managed', name, address: addressOn(), buildings: numbered(name, 4, '座') });
  } else if (g === 0 && c.slug === 'musha') {
    estates.push({
      management: 'unmanaged',
      name: '江滨新村',
      address: `开平市${street.name}江滨路`,
      buildings: numbered('江滨新村', 10, '栋'),
    });
  } else if (g === 0 && c.slug === 'qiaoyuan') {
    estates.push({
      management: 'unmanaged',
      name: '侨园小区',
      address: at('侨园路', rng.int(1, 99)),
      buildings: numbered('侨园小区', rng.int(4, 6), '座'),
    });
  }
  let remaining = target - estates.reduce((n, e) => n + e.buildings.length, 0);
  while (remaining > 0) {
    const kind = rng.weighted<EstateManagement>([
      ['managed', 22],
      ['self_managed', 15],
      ['unmanaged', 40],
      ['standalone', freeRoads.length ? 23 : 0],
    ]);
    let e: EstatePlan;
    if (kind === 'standalone') {
      // Scattered single blocks along one road, named by their street address.
      const road = freeRoads.shift() as string;
      let no = rng.int(1, 20);
      const bs = Array.from({ length: Math.min(remaining, rng.int(2, 5)) }, () => {
        const n = no;
        no += rng.int(1, 3) * 2;
        return { name: `${road}${n}号`, address: at(road, n) };
      });
      e = { management: kind, name: `${road}散楼片区`, address: `开平市${street.name}${road}`, buildings: bs };
    } else {
      const count = Math.min(
        remaining,
        kind === 'self_managed' ? rng.int(2, 4) : rng.int(3, kind === 'managed' ? 6 : 8),
      );
      const name = take(kind);
      const suffix = kind === 'managed' ? '座' : kind === 'self_managed' ? '幢' : '栋';
      e = { management: kind, name, address: addressOn(), buildings: numbered(name, count, suffix) };
    }
    estates.push(e);
    remaining -= e.buildings.length;
  }
  return estates;
}

/** Storeys, flats per floor, units and flat sizes of one building. */
function buildingSpec(rng: Rng, key: string, management: EstateManagement, name: string): BuildingSpec {
  const managed = management === 'managed';
  const spec: BuildingSpec = {
    key,
    management,
    floors: managed ? (rng.chance(0.6) ? rng.int(11, 18) : rng.int(6, 9)) : rng.pick(OLD_BLOCK_FLOORS),
    roomsPerFloor: managed ? rng.int(2, 4) : management === 'standalone' ? rng.int(1, 2) : rng.chance(0.2) ? 3 : 2,
    units: management !== 'standalone' && rng.chance(managed ? 0.3 : 0.4) ? rng.int(2, 3) : 1,
    areas: [],
    minHouseholds: 1,
  };
  // The demo accounts live in these two; make sure they hold enough households.
  if (name === '福宁街5号') Object.assign(spec, { floors: 7, roomsPerFloor: 2, minHouseholds: 10 });
  if (name === '江滨新村10栋') spec.minHouseholds = 8;
  const [min, max] = AREA_RANGE[management];
  spec.areas = Array.from({ length: spec.roomsPerFloor }, () => round2(min + rng.next() * (max - min)));
  return spec;
}

function numbered(estate: string, count: number, suffix: string): { name: string }[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${estate}${i + 1}${suffix}` }));
}
