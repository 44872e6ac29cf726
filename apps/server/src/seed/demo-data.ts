/**
 * Deterministic demo data for 楼长通: the Kaiping (开平市) org tree with 三埠街道 and 长沙街道, about
 * 200 buildings, about 3,000 households with their members, and one demo account per role.
 * Pure: no database, no clock, no Math.random — the same seed always gives the same data.
 */
import type { BuiltInCareTag, EstateManagement, Gender, OrgKind, Role } from '../../../../packages/contracts/src/enums';
import { idCheckChar } from '../../../../packages/contracts/src/validation/china-id';
import {
  COMMUNITIES,
  GIVEN_CHARS,
  GRID_NAMES,
  MANAGED_STEMS,
  MANAGED_SUFFIXES,
  OLD_STEMS,
  OLD_SUFFIXES,
  SELF_MANAGED_NAMES,
  SURNAMES,
} from './demo-names';
import { Rng } from './rng';

export interface DemoOrgUnit {
  key: string;
  parentKey: string | null;
  kind: OrgKind;
  name: string;
  management?: EstateManagement;
  address?: string;
}
export interface DemoResident {
  name: string;
  gender: Gender;
  birthYear: number;
  phone: string | null;
  idNumber: string | null;
  /** Relation to the head of household: 户主, 配偶, 子女, 父母, 孙辈, 兄弟姐妹, 其他. */
  relation: string;
  /** Built-in care tags or custom ones. */
  careTags: string[];
}
export interface DemoHousehold {
  key: string;
  buildingKey: string;
  /** '1单元' for buildings split into units, else null. */
  unitLabel: string | null;
  floor: number;
  room: string;
  /** m², 2 decimals. */
  floorArea: number;
  isOwner: boolean;
  members: DemoResident[];
}
export interface DemoUser {
  key: string;
  name: string;
  phone: string;
  password: string;
  roles: { role: Role; orgKey: string }[];
  /** Chinese description for the README table. */
  note: string;
}
export interface DemoData {
  orgUnits: DemoOrgUnit[];
  households: DemoHousehold[];
  users: DemoUser[];
}

/** Ages and care tags are reckoned against this year. */
export const DEMO_REFERENCE_YEAR = 2026;
export const DEMO_PASSWORD = 'louzhang123';
/** Demo accounts use 1370000xxxx; residents' phones never start with this. */
export const DEMO_PHONE_PREFIX = '1370000';
export const DEFAULT_DEMO_SEED = 20231220;
const KAIPING_AREA = '440783';
const OTHER_AREAS = ['440781', '440784', '440785', '440703', '440704', '440705', '445281', '441302'];
const MOBILE_PREFIXES =
  '130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 176 177 178 180 181 182 183 185 186 187 188 189 191 198 199'.split(
    ' ',
  );

/** Old blocks are 3–7 storeys, mostly 5–7. */
const OLD_BLOCK_FLOORS = [3, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 6, 7, 7, 7, 7];

interface BuildingSpec {
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

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const round2 = (x: number) => Math.round(x * 100) / 100;

interface Anchors {
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

/** Builds the whole demo data set; the same seed gives deep-equal results. */
export function buildDemoData(seed: number = DEFAULT_DEMO_SEED): DemoData {
  const rng = new Rng(seed);
  const { orgUnits, buildings, anchors } = buildOrgTree(rng);
  const households = buildHouseholds(rng, buildings);
  const users = buildUsers(orgUnits, households, anchors);
  return { orgUnits, households, users };
}

/** The org tree, parents before children, and the shape of every building. */
function buildOrgTree(rng: Rng): { orgUnits: DemoOrgUnit[]; buildings: BuildingSpec[]; anchors: Anchors } {
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

/** Every flat is a slot, occupied with a probability that lands the total near 3,000 households. */
function buildHouseholds(rng: Rng, buildings: BuildingSpec[]): DemoHousehold[] {
  const totalSlots = buildings.reduce((n, b) => n + b.floors * b.roomsPerFloor * b.units, 0);
  const occupancy = Math.min(0.95, rng.int(2900, 3100) / totalSlots);
  const people = new People(rng);
  const households: DemoHousehold[] = [];
  for (const b of buildings) {
    const slots: { unit: number; floor: number; room: number }[] = [];
    for (let unit = 1; unit <= b.units; unit++) {
      for (let floor = 1; floor <= b.floors; floor++) {
        for (let room = 1; room <= b.roomsPerFloor; room++) slots.push({ unit, floor, room });
      }
    }
    const occupied = new Set(slots.filter(() => rng.chance(occupancy)));
    for (const s of rng.shuffle(slots)) {
      if (occupied.size >= Math.min(b.minHouseholds, slots.length)) break;
      occupied.add(s);
    }
    for (const s of slots.filter((x) => occupied.has(x))) {
      const { members, rentLikely } = people.household();
      households.push({
        key: `hh:${pad(households.length + 1, 5)}`,
        buildingKey: b.key,
        unitLabel: b.units > 1 ? `${s.unit}单元` : null,
        floor: s.floor,
        room: `${s.floor}${pad(s.room, 2)}`,
        floorArea: b.areas[s.room - 1] as number,
        isOwner: rng.chance(rentLikely ? 0.55 : b.management === 'managed' ? 0.93 : 0.86),
        members,
      });
    }
  }
  return households;
}

/**
 * One account per role (and outsiders for scope checks), phones 1370000xxxx. The captains and the
 * resident are members of households in their buildings: same name, and their phone is the account's.
 */
function buildUsers(orgUnits: DemoOrgUnit[], households: DemoHousehold[], anchors: Anchors): DemoUser[] {
  let phoneNo = 0;
  const taken = new Set<DemoResident>();
  const user = (key: string, name: string, roles: DemoUser['roles'], note: string): DemoUser => ({
    key,
    name,
    phone: `${DEMO_PHONE_PREFIX}${pad(++phoneNo, 4)}`,
    password: DEMO_PASSWORD,
    roles,
    note,
  });
  const staff = (key: string, name: string, role: Role, orgKey: string, note: string) =>
    user(key, name, [{ role, orgKey }], note);
  /** Turns a head or spouse of a not-yet-used household of the building into a demo account. */
  const resident = (key: string, buildingKey: string, roles: Role[], note: string): DemoUser => {
    const candidates = households
      .filter((h) => h.buildingKey === buildingKey && !h.members.some((m) => taken.has(m)))
      .flatMap((h) => h.members.filter((m) => m.relation === '户主' || m.relation === '配偶'));
    const member =
      candidates.find((m) => {
        const age = DEMO_REFERENCE_YEAR - m.birthYear;
        return age >= 30 && age <= 65 && m.phone !== null;
      }) ?? (candidates[0] as DemoResident);
    const u = user(
      key,
      member.name,
      roles.map((role) => ({ role, orgKey: buildingKey })),
      note,
    );
    member.phone = u.phone;
    taken.add(member);
    return u;
  };
  const estateName = orgUnits.find((u) => u.key === anchors.propertyEstate)?.name ?? '';
  return [
    staff('admin', '陈建华', 'admin', 'city:jiangmen', '江门市 系统管理员'),
    staff('street-sanbu', '关丽芳', 'street_staff', 'street:sanbu', '三埠街道 街道工作人员'),
    staff('street-changsha', '谭国强', 'street_staff', 'street:changsha', '长沙街道 街道工作人员（范围外对照）'),
    staff('community-xinxing', '梁嘉欣', 'community_staff', 'comm:xinxing', '新兴社区 社区工作者'),
    staff('community-xianglong', '吴永健', 'community_staff', 'comm:xianglong', '祥龙社区 社区工作者（范围外对照）'),
    staff('grid-xinxing', '司徒文杰', 'grid_worker', anchors.xinxingGrid, '新兴社区 第一网格 网格员'),
    resident('captain', anchors.captainBuilding, ['captain', 'resident'], '新兴社区 福宁街5号 楼长（本楼居民）'),
    resident('captain-2', anchors.captain2Building, ['captain', 'resident'], '幕沙社区 江滨新村10栋 楼长（本楼居民）'),
    resident('resident', anchors.captainBuilding, ['resident'], '新兴社区 福宁街5号 居民'),
    staff('department', '余振华', 'department_staff', 'dept:chengguan', '开平市城市管理和综合执法局 部门工作人员'),
    staff('property', '黄婉婷', 'property_window', anchors.propertyEstate, `新兴社区 ${estateName} 物业服务窗口`),
    staff('partner', '刘德胜', 'partner', anchors.partner, '开平市供电局三埠供电所 共建单位'),
  ];
}

function numbered(estate: string, count: number, suffix: string): { name: string }[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${estate}${i + 1}${suffix}` }));
}

type Template =
  | 'elderly_alone'
  | 'single'
  | 'elderly_couple'
  | 'young_couple'
  | 'nuclear'
  | 'three_gen'
  | 'couple_adult_child'
  | 'single_parent'
  | 'left_behind'
  | 'siblings';
const TEMPLATES: [Template, number][] = [
  ['elderly_alone', 4],
  ['single', 6],
  ['elderly_couple', 10],
  ['young_couple', 7],
  ['nuclear', 32],
  ['three_gen', 18],
  ['couple_adult_child', 12],
  ['single_parent', 5],
  ['left_behind', 1.1],
  ['siblings', 3],
];

/** Makes people: names, unique phones and ID numbers, household compositions and care tags. */
class People {
  private phones = new Set<string>();
  private ids = new Set<string>();
  constructor(private rng: Rng) {}

  private surname(): string {
    return this.rng.weighted(SURNAMES);
  }
  private given(gender: Gender, birthYear: number): string {
    const pool = GIVEN_CHARS[gender][birthYear < 1965 ? 'old' : birthYear < 1990 ? 'mid' : 'young'];
    const a = this.rng.pick([...pool]);
    if (this.rng.chance(0.15)) return a;
    let b = this.rng.pick([...pool]);
    while (b === a) b = this.rng.pick([...pool]);
    return a + b;
  }
  private phone(age: number): string | null {
    const p = age < 14 ? 0 : age < 18 ? 0.5 : age < 75 ? 0.96 : 0.55;
    if (!this.rng.chance(p)) return null;
    for (;;) {
      const n = this.rng.pick(MOBILE_PREFIXES) + pad(this.rng.int(0, 99_999_999), 8);
      if (n.startsWith(DEMO_PHONE_PREFIX) || this.phones.has(n)) continue;
      this.phones.add(n);
      return n;
    }
  }
  private idNumber(gender: Gender, birthYear: number): string | null {
    if (this.rng.chance(0.03)) return null;
    const area = this.rng.chance(0.9) ? KAIPING_AREA : this.rng.pick(OTHER_AREAS);
    for (;;) {
      const month = this.rng.int(1, 12);
      const day = this.rng.int(1, new Date(Date.UTC(birthYear, month, 0)).getUTCDate());
      const order =
        this.rng.int(0, 99) * 10 + (gender === 'M' ? this.rng.pick([1, 3, 5, 7, 9]) : this.rng.pick([0, 2, 4, 6, 8]));
      const first17 = `${area}${birthYear}${pad(month, 2)}${pad(day, 2)}${pad(order, 3)}`;
      const id = first17 + idCheckChar(first17);
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      return id;
    }
  }
  private person(relation: string, gender: Gender, birthYear: number, surname = this.surname()): DemoResident {
    const year = Math.min(birthYear, DEMO_REFERENCE_YEAR);
    return {
      name: surname + this.given(gender, year),
      gender,
      birthYear: year,
      phone: this.phone(DEMO_REFERENCE_YEAR - year),
      idNumber: this.idNumber(gender, year),
      relation,
      careTags: [],
    };
  }
  private surnameOf(p: DemoResident): string {
    return p.name.startsWith('司徒') || p.name.startsWith('欧阳') ? p.name.slice(0, 2) : (p.name[0] as string);
  }
  /** Head of household plus spouse; the husband's surname carries to the children. */
  private couple(headAge: number, spouseMinAge = 18): { head: DemoResident; spouse: DemoResident; family: string } {
    const rng = this.rng;
    const headMale = rng.chance(0.75);
    const y = DEMO_REFERENCE_YEAR - headAge;
    const head = this.person('户主', headMale ? 'M' : 'F', y);
    const spouseYear = Math.min(y + (headMale ? rng.int(-1, 5) : rng.int(-5, 1)), DEMO_REFERENCE_YEAR - spouseMinAge);
    const spouse = this.person('配偶', headMale ? 'F' : 'M', spouseYear);
    return { head, spouse, family: this.surnameOf(headMale ? head : spouse) };
  }
  private children(relation: string, parentYear: number, count: number, family: string): DemoResident[] {
    const out: DemoResident[] = [];
    let y = parentYear + this.rng.int(22, 32);
    for (let i = 0; i < count && y <= DEMO_REFERENCE_YEAR; i++) {
      out.push(this.person(relation, this.rng.chance(0.52) ? 'M' : 'F', y, family));
      y += this.rng.int(2, 6);
    }
    return out;
  }

  household(): { members: DemoResident[]; rentLikely: boolean } {
    const rng = this.rng;
    const t = rng.weighted(TEMPLATES);
    let members: DemoResident[];
    switch (t) {
      case 'elderly_alone':
        members = [this.person('户主', rng.chance(0.65) ? 'F' : 'M', DEMO_REFERENCE_YEAR - rng.int(70, 95))];
        break;
      case 'single':
        members = [this.person('户主', rng.chance(0.5) ? 'M' : 'F', DEMO_REFERENCE_YEAR - rng.int(22, 69))];
        break;
      case 'elderly_couple': {
        const { head, spouse } = this.couple(rng.int(62, 88), 60);
        members = [head, spouse];
        break;
      }
      case 'young_couple': {
        const { head, spouse } = this.couple(rng.int(24, 40));
        members = [head, spouse];
        break;
      }
      case 'nuclear': {
        const { head, spouse, family } = this.couple(rng.int(28, 55));
        const young = Math.max(head.birthYear, spouse.birthYear);
        const count = rng.pick([1, 1, 1, 1, 1, 2, 2, 2, 2, 3]);
        members = [head, spouse, ...this.children('子女', young, count, family)];
        break;
      }
      case 'three_gen': {
        const { head, spouse, family } = this.couple(rng.int(30, 50));
        const kids = this.children('子女', Math.max(head.birthYear, spouse.birthYear), rng.int(1, 2), family);
        const parentYear = head.birthYear - rng.int(24, 34);
        const father = () => this.person('父母', 'M', parentYear, this.surnameOf(head));
        const mother = () => this.person('父母', 'F', parentYear + rng.int(0, 4));
        const elders =
          kids.length < 2 && rng.chance(0.6) ? [father(), mother()] : [rng.chance(0.4) ? father() : mother()];
        members = [head, spouse, ...kids, ...elders];
        break;
      }
      case 'couple_adult_child': {
        const { head, spouse, family } = this.couple(rng.int(48, 68));
        const kids = this.children('子女', Math.max(head.birthYear, spouse.birthYear), rng.int(1, 2), family);
        members = [head, spouse, ...kids];
        break;
      }
      case 'single_parent': {
        const head = this.person('户主', rng.chance(0.7) ? 'F' : 'M', DEMO_REFERENCE_YEAR - rng.int(28, 50));
        const family = head.gender === 'M' ? this.surnameOf(head) : this.surname();
        members = [head, ...this.children('子女', head.birthYear, rng.int(1, 2), family)];
        break;
      }
      case 'left_behind': {
        const headMale = rng.chance(0.5);
        const y = DEMO_REFERENCE_YEAR - rng.int(55, 76);
        const head = this.person('户主', headMale ? 'M' : 'F', y);
        members = [head];
        if (rng.chance(0.6)) members.push(this.person('配偶', headMale ? 'F' : 'M', y + rng.int(-3, 3)));
        const family = headMale ? this.surnameOf(head) : this.surname();
        for (let i = rng.int(1, 2); i > 0; i--) {
          const child = this.person('孙辈', rng.chance(0.5) ? 'M' : 'F', DEMO_REFERENCE_YEAR - rng.int(3, 15), family);
          child.careTags.push('left_behind_child' satisfies BuiltInCareTag);
          members.push(child);
        }
        break;
      }
      case 'siblings': {
        const head = this.person('户主', rng.chance(0.5) ? 'M' : 'F', DEMO_REFERENCE_YEAR - rng.int(20, 40));
        const sibling = rng.chance(0.6);
        const other = this.person(
          sibling ? '兄弟姐妹' : '其他',
          rng.chance(0.5) ? 'M' : 'F',
          head.birthYear + rng.int(-6, 6),
          sibling ? this.surnameOf(head) : this.surname(),
        );
        members = [head, other];
        break;
      }
    }
    this.tag(t, members);
    return { members, rentLikely: t === 'single' || t === 'young_couple' || t === 'siblings' };
  }

  private tag(t: Template, members: DemoResident[]): void {
    const rng = this.rng;
    const age = (m: DemoResident) => DEMO_REFERENCE_YEAR - m.birthYear;
    const head = members[0] as DemoResident;
    const add = (m: DemoResident, tag: string) => {
      if (!m.careTags.includes(tag)) m.careTags.push(tag);
    };
    if (t === 'elderly_alone') add(head, 'elderly_alone' satisfies BuiltInCareTag);
    if (t === 'elderly_couple' && members.every((m) => age(m) >= 60)) {
      for (const m of members) add(m, 'empty_nest' satisfies BuiltInCareTag);
      if (rng.chance(0.04)) add(head, '失独家庭');
    }
    for (const m of members) if (age(m) >= 80) add(m, 'aged' satisfies BuiltInCareTag);
    if (rng.chance(0.02)) add(rng.pick(members), 'disabled' satisfies BuiltInCareTag);
    if (rng.chance(t === 'left_behind' || t === 'elderly_alone' || t === 'single_parent' ? 0.12 : 0.025)) {
      add(head, 'low_income' satisfies BuiltInCareTag);
    }
    if (rng.chance(0.006)) add(head, '重点关注');
    if (head.gender === 'M' && age(head) >= 40 && rng.chance(0.015)) add(head, '退役军人');
  }
}
