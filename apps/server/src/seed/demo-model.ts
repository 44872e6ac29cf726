/**
 * The shape of the demo data set (demo-data.ts) and the constants its parts share: accounts' password and phone
 * prefix, the reference year ages are reckoned against, the default seed.
 */
import type { EstateManagement, Gender, OrgKind, Role } from '../../../../packages/contracts/src/enums';

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

export const pad = (n: number, w: number) => String(n).padStart(w, '0');
