import { describe, expect, it } from 'vitest';
import { CARE_TAGS, ESTATE_MANAGEMENT, ROLES } from '../../../../packages/contracts/src/enums';
import { birthYearFromChinaId, isValidChinaId } from '../../../../packages/contracts/src/validation/china-id';
import { isValidPhone, MOBILE_RE } from '../../../../packages/contracts/src/validation/phone';
import { buildDemoData, DEMO_PASSWORD, DEMO_PHONE_PREFIX, DEMO_REFERENCE_YEAR, type DemoData } from './demo-data';

const data = buildDemoData();
const residents = data.households.flatMap((h) => h.members);
const unitsByKey = new Map(data.orgUnits.map((u) => [u.key, u]));
const buildings = data.orgUnits.filter((u) => u.kind === 'building');
const age = (birthYear: number) => DEMO_REFERENCE_YEAR - birthYear;
const share = (n: number) => n / data.households.length;
const householdsTagged = (tag: string) =>
  data.households.filter((h) => h.members.some((m) => m.careTags.includes(tag))).length;

describe('buildDemoData', () => {
  it('is deterministic for a seed and varies with it', () => {
    expect(buildDemoData(7)).toEqual(buildDemoData(7));
    expect(buildDemoData()).toEqual(data);
    expect(buildDemoData(8)).not.toEqual(buildDemoData(7));
  });

  it.each([undefined, 1, 2, 42, 20240601])('stays in range for seed %s', (seed) => {
    const d: DemoData = buildDemoData(seed);
    const nBuildings = d.orgUnits.filter((u) => u.kind === 'building').length;
    expect(nBuildings).toBeGreaterThanOrEqual(190);
    expect(nBuildings).toBeLessThanOrEqual(220);
    expect(d.households.length).toBeGreaterThanOrEqual(2500);
    expect(d.households.length).toBeLessThanOrEqual(3500);
    expect(d.users.map((u) => u.key)).toEqual(data.users.map((u) => u.key));
  });

  it('lists parents before children, with unique keys, in the expected tree', () => {
    const seen = new Set<string>();
    for (const u of data.orgUnits) {
      expect(seen.has(u.key)).toBe(false);
      if (u.parentKey !== null) expect(seen.has(u.parentKey)).toBe(true);
      expect(u.key).toMatch(/^[a-z]+:[a-z0-9:-]+$/);
      seen.add(u.key);
    }
    const parentKind = (k: string) => unitsByKey.get(unitsByKey.get(k)?.parentKey ?? '')?.kind ?? null;
    const expected: Record<string, string | null> = {
      city: null,
      district: 'city',
      department: 'district',
      street: 'district',
      partner_org: 'street',
      community: 'street',
      grid: 'community',
      estate: 'grid',
      building: 'estate',
      unit: 'building',
    };
    for (const u of data.orgUnits) expect([u.kind, parentKind(u.key)]).toEqual([u.kind, expected[u.kind]]);
    const names = (kind: string) => data.orgUnits.filter((u) => u.kind === kind).map((u) => u.name);
    expect(names('street')).toEqual(['三埠街道', '长沙街道']);
    expect(names('community')).toEqual(expect.arrayContaining(['新兴社区', '祥龙社区', '幕沙社区', '侨园社区']));
    expect(names('building')).toEqual(expect.arrayContaining(['福宁街5号', '江滨新村10栋', '侨园小区3座']));
    expect(names('department').length).toBeGreaterThanOrEqual(5);
    expect(names('partner_org').length).toBeGreaterThanOrEqual(2);
    const managements = new Set(data.orgUnits.filter((u) => u.kind === 'estate').map((u) => u.management));
    expect([...managements].sort()).toEqual([...ESTATE_MANAGEMENT].sort());
    expect(new Set(names('estate')).size).toBe(names('estate').length);
  });

  it('gives every building households, with plausible addresses and sizes', () => {
    const perBuilding = new Map<string, number>();
    for (const h of data.households) perBuilding.set(h.buildingKey, (perBuilding.get(h.buildingKey) ?? 0) + 1);
    for (const b of buildings) expect(perBuilding.get(b.key) ?? 0).toBeGreaterThan(0);
    const places = new Set<string>();
    for (const h of data.households) {
      const b = unitsByKey.get(h.buildingKey);
      expect(b?.kind).toBe('building');
      const estate = unitsByKey.get(b?.parentKey ?? '');
      expect(h.floor).toBeGreaterThanOrEqual(1);
      expect(h.floor).toBeLessThanOrEqual(estate?.management === 'managed' ? 18 : 7);
      expect(h.room).toMatch(new RegExp(`^${h.floor}0[1-4]$`));
      expect(h.floorArea).toBeGreaterThanOrEqual(45);
      expect(h.floorArea).toBeLessThanOrEqual(140);
      expect(Math.round(h.floorArea * 100) / 100).toBe(h.floorArea);
      expect(h.members.length).toBeGreaterThanOrEqual(1);
      expect(h.members.length).toBeLessThanOrEqual(5);
      expect(h.members.filter((m) => m.relation === '户主')).toHaveLength(1);
      if (h.unitLabel !== null)
        expect(unitsByKey.get(`unit:${h.buildingKey.slice(4)}:${h.unitLabel[0]}`)?.name).toBe(h.unitLabel);
      const place = `${h.buildingKey}/${h.unitLabel}/${h.room}`;
      expect(places.has(place)).toBe(false);
      places.add(place);
    }
  });

  it('gives every resident a valid, unique phone and ID number matching the birth year', () => {
    const phones = new Set<string>();
    const ids = new Set<string>();
    for (const m of residents) {
      expect(m.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(age(m.birthYear)).toBeGreaterThanOrEqual(0);
      expect(age(m.birthYear)).toBeLessThanOrEqual(100);
      if (m.phone !== null) {
        expect(isValidPhone(m.phone) && MOBILE_RE.test(m.phone)).toBe(true);
        expect(phones.has(m.phone)).toBe(false);
        phones.add(m.phone);
      }
      if (m.idNumber !== null) {
        expect(isValidChinaId(m.idNumber)).toBe(true);
        expect(birthYearFromChinaId(m.idNumber)).toBe(m.birthYear);
        expect(Number(m.idNumber[16]) % 2).toBe(m.gender === 'M' ? 1 : 0);
        expect(ids.has(m.idNumber)).toBe(false);
        ids.add(m.idNumber);
      }
    }
    expect(phones.size).toBeGreaterThan(residents.length * 0.6);
    expect(ids.size).toBeGreaterThan(residents.length * 0.9);
    expect([...ids].filter((id) => id.startsWith('440783')).length).toBeGreaterThan(ids.size * 0.8);
    expect(residents.some((m) => m.phone === null && age(m.birthYear) < 14)).toBe(true);
    for (const u of data.users) {
      expect(isValidPhone(u.phone)).toBe(true);
      expect(u.phone.startsWith(DEMO_PHONE_PREFIX)).toBe(true);
    }
    const userPhones = new Set(data.users.map((u) => u.phone));
    expect(userPhones.size).toBe(data.users.length);
    // Only the residents who are demo accounts carry a demo phone.
    const demoResidents = residents.filter((m) => m.phone?.startsWith(DEMO_PHONE_PREFIX));
    expect(demoResidents.every((m) => m.phone !== null && userPhones.has(m.phone))).toBe(true);
  });

  it('keeps birth years consistent with relations', () => {
    for (const h of data.households) {
      const head = h.members.find((m) => m.relation === '户主');
      if (!head) continue;
      for (const m of h.members) {
        if (m.relation === '子女') expect(m.birthYear - head.birthYear).toBeGreaterThanOrEqual(15);
        if (m.relation === '父母') expect(head.birthYear - m.birthYear).toBeGreaterThanOrEqual(15);
        if (m.relation === '孙辈') expect(m.birthYear - head.birthYear).toBeGreaterThanOrEqual(35);
      }
      if (h.members.length === 1 && h.members[0]?.careTags.includes('elderly_alone')) {
        expect(age(head.birthYear)).toBeGreaterThanOrEqual(70);
      }
    }
  });

  it('tags cared-for residents at plausible rates', () => {
    const custom = new Set(
      residents.flatMap((m) => m.careTags).filter((t) => !(CARE_TAGS as readonly string[]).includes(t)),
    );
    expect(custom.size).toBeGreaterThanOrEqual(2);
    expect(share(householdsTagged('elderly_alone'))).toBeGreaterThan(0.025);
    expect(share(householdsTagged('elderly_alone'))).toBeLessThan(0.06);
    expect(share(householdsTagged('empty_nest'))).toBeGreaterThan(0.04);
    expect(share(householdsTagged('disabled'))).toBeGreaterThan(0.01);
    expect(share(householdsTagged('disabled'))).toBeLessThan(0.035);
    expect(share(householdsTagged('low_income'))).toBeGreaterThan(0.015);
    expect(share(householdsTagged('low_income'))).toBeLessThan(0.05);
    expect(share(householdsTagged('left_behind_child'))).toBeGreaterThan(0.003);
    expect(share(householdsTagged('left_behind_child'))).toBeLessThan(0.025);
    for (const m of residents) {
      expect(m.careTags.includes('aged')).toBe(age(m.birthYear) >= 80);
      if (m.careTags.includes('empty_nest')) expect(age(m.birthYear)).toBeGreaterThanOrEqual(60);
      if (m.careTags.includes('left_behind_child')) expect(age(m.birthYear)).toBeLessThan(18);
      for (const t of m.careTags) expect(t.length).toBeLessThanOrEqual(20);
    }
    for (const h of data.households.filter((x) => x.members.some((m) => m.careTags.includes('empty_nest')))) {
      expect(h.members.every((m) => m.relation === '户主' || m.relation === '配偶')).toBe(true);
    }
  });

  it('has a demo account for every role, bound to existing org units of the right kind', () => {
    const roles = new Set(data.users.flatMap((u) => u.roles.map((r) => r.role)));
    expect([...roles].sort()).toEqual([...ROLES].sort());
    expect(new Set(data.users.map((u) => u.key)).size).toBe(data.users.length);
    const kindFor: Record<string, string> = {
      admin: 'city',
      street_staff: 'street',
      community_staff: 'community',
      grid_worker: 'grid',
      captain: 'building',
      resident: 'building',
      department_staff: 'department',
      property_window: 'estate',
      partner: 'partner_org',
    };
    for (const u of data.users) {
      expect(u.password).toBe(DEMO_PASSWORD);
      expect(u.note.length).toBeGreaterThan(0);
      for (const r of u.roles) expect(unitsByKey.get(r.orgKey)?.kind).toBe(kindFor[r.role]);
    }
    const streetStaff = data.users.filter((u) => u.roles.some((r) => r.role === 'street_staff'));
    expect(streetStaff.map((u) => u.roles[0]?.orgKey).sort()).toEqual(['street:changsha', 'street:sanbu']);
    const property = data.users.find((u) => u.key === 'property');
    expect(unitsByKey.get(property?.roles[0]?.orgKey ?? '')?.management).toBe('managed');
  });

  it('makes the captains and the resident members of households in their buildings', () => {
    const byKey = new Map(data.users.map((u) => [u.key, u]));
    const ancestors = (key: string): string[] => {
      const u = unitsByKey.get(key);
      return u?.parentKey ? [u.parentKey, ...ancestors(u.parentKey)] : [];
    };
    const memberOf = (userKey: string) => {
      const u = byKey.get(userKey);
      const building = u?.roles[0]?.orgKey ?? '';
      const hits = data.households.filter(
        (h) => h.buildingKey === building && h.members.some((m) => m.phone === u?.phone && m.name === u?.name),
      );
      expect(hits).toHaveLength(1);
      expect(residents.filter((m) => m.phone === u?.phone)).toHaveLength(1);
      return { building, household: hits[0]?.key };
    };
    const captain = memberOf('captain');
    const captain2 = memberOf('captain-2');
    const resident = memberOf('resident');
    expect(unitsByKey.get(captain.building)?.name).toBe('福宁街5号');
    expect(resident.building).toBe(captain.building);
    expect(resident.household).not.toBe(captain.household);
    const grid = byKey.get('grid-xinxing')?.roles[0]?.orgKey ?? '';
    expect(ancestors(captain.building)).toContain(grid);
    expect(ancestors(grid)).toContain('comm:xinxing');
    expect(ancestors(captain2.building)).not.toContain('comm:xinxing');
    expect(ancestors(captain2.building)).toContain('comm:musha');
    const property = byKey.get('property')?.roles[0]?.orgKey ?? '';
    expect(ancestors(property)).toContain('comm:xinxing');
  });
});
