/**
 * Deterministic demo data for 楼长通: the Kaiping (开平市) org tree with 三埠街道 and 长沙街道, about
 * 200 buildings, about 3,000 households with their members, and one demo account per role.
 * Pure: no database, no clock, no Math.random — the same seed always gives the same data. The org tree is built in
 * demo-org-tree.ts, the residents in demo-people.ts; this lays out the households and the demo accounts.
 */
import type { Role } from '../../../../packages/contracts/src/enums';
import {
  DEFAULT_DEMO_SEED,
  DEMO_PASSWORD,
  DEMO_PHONE_PREFIX,
  DEMO_REFERENCE_YEAR,
  type DemoData,
  type DemoHousehold,
  type DemoOrgUnit,
  type DemoResident,
  type DemoUser,
  pad,
} from './demo-model';
import { type Anchors, type BuildingSpec, buildOrgTree } from './demo-org-tree';
import { People } from './demo-people';
import { Rng } from './rng';

export {
  DEFAULT_DEMO_SEED,
  DEMO_PASSWORD,
  DEMO_PHONE_PREFIX,
  DEMO_REFERENCE_YEAR,
  type DemoData,
  type DemoHousehold,
  type DemoOrgUnit,
  type DemoResident,
  type DemoUser,
} from './demo-model';

/** Builds the whole demo data set; the same seed gives deep-equal results. */
export function buildDemoData(seed: number = DEFAULT_DEMO_SEED): DemoData {
  const rng = new Rng(seed);
  const { orgUnits, buildings, anchors } = buildOrgTree(rng);
  const households = buildHouseholds(rng, buildings);
  const users = buildUsers(orgUnits, households, anchors);
  return { orgUnits, households, users };
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
