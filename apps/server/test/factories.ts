import type { OrgKind, Role } from '@louzhang/contracts';
import { idCheckChar } from '@louzhang/contracts';
import { insertBindings, insertUser } from '../src/modules/auth/auth.repository';
import { hashPassword } from '../src/modules/auth/auth.service';
import { insertHousehold, insertResidents } from '../src/modules/households/households.repository';
import type { HouseholdsService, NewResidentInput } from '../src/modules/households/households.service';
import { insertChild, insertRoot, type OrgUnitRow } from '../src/modules/org/org.repository';
import type { PiiCipher } from '../src/platform/crypto';
import type { Db } from '../src/platform/db';

let seq = 0;
/** Unique per call within a worker, so tests need no cleanup and never collide. */
export const uniq = () => `${process.pid % 1000}${++seq}`;

let passwordHash: Promise<string> | undefined;
export const PASSWORD = 'louzhang123';

/** A mobile number no other factory call returns. */
export function phone(): string {
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(++seq).padStart(4, '0')}`.slice(0, 11);
}

/** A valid ID number born in `year`, unique per call. */
export function idNumber(year = 1960): string {
  const serial = String(++seq % 1000).padStart(3, '0');
  const first17 = `440783${year}0101${serial}`;
  return first17 + idCheckChar(first17);
}

export interface Tree {
  city: OrgUnitRow;
  district: OrgUnitRow;
  street: OrgUnitRow;
  community: OrgUnitRow;
  grid: OrgUnitRow;
  estate: OrgUnitRow;
  building: OrgUnitRow;
}

export async function child(
  db: Db,
  parent: OrgUnitRow,
  kind: OrgKind,
  name?: string,
  extra: { management?: string } = {},
) {
  return insertChild(db, parent, {
    kind,
    name: name ?? `${kind}-${uniq()}`,
    management: extra.management ?? (kind === 'estate' ? 'unmanaged' : null),
    address: null,
  });
}

/** City → district → street → community → grid → estate → building, all fresh. */
export async function buildTree(db: Db, under?: Partial<Tree>): Promise<Tree> {
  const city = under?.city ?? (await insertRoot(db, { kind: 'city', name: `市-${uniq()}` }));
  const district = under?.district ?? (await child(db, city, 'district'));
  const street = under?.street ?? (await child(db, district, 'street'));
  const community = under?.community ?? (await child(db, street, 'community'));
  const grid = under?.grid ?? (await child(db, community, 'grid'));
  const estate = under?.estate ?? (await child(db, grid, 'estate'));
  const building = await child(db, estate, 'building', `楼-${uniq()}`);
  return { city, district, street, community, grid, estate, building };
}

export async function buildUser(
  db: Db,
  cipher: PiiCipher,
  roles: { role: Role; unit: OrgUnitRow }[],
  name = `用户${uniq()}`,
): Promise<{ id: number; phone: string; name: string }> {
  passwordHash ??= hashPassword(PASSWORD);
  const p = phone();
  const id = await insertUser(db, {
    name,
    phoneEnc: cipher.encrypt(p),
    phoneHash: cipher.blindIndex('phone', p),
    passwordHash: await passwordHash,
    createdAt: new Date(),
  });
  await insertBindings(
    db,
    id,
    roles.map((r) => ({ role: r.role, orgUnitId: r.unit.id, streetId: r.unit.streetId })),
  );
  return { id, phone: p, name };
}

export async function buildHousehold(
  db: Db,
  households: HouseholdsService,
  building: OrgUnitRow,
  members: Partial<NewResidentInput>[] = [{}],
  opts: { room?: string; userId?: number } = {},
) {
  const h = await insertHousehold(db, {
    streetId: building.streetId as number,
    buildingId: building.id,
    path: building.path,
    unitLabel: null,
    floor: 3,
    room: opts.room ?? uniq(),
    floorArea: 75.5,
  });
  const rows = await insertResidents(
    db,
    members.map((m, i) => ({
      ...households.checkResident(
        { name: `居民${uniq()}`, relation: i === 0 ? '户主' : '子女', phone: phone(), careTags: [], ...m },
        'factory',
      ),
      householdId: h.id,
      streetId: h.streetId,
      userId: i === 0 ? (opts.userId ?? null) : null,
    })),
  );
  return { household: h, residents: rows };
}
