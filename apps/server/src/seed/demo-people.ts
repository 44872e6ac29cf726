/**
 * The demo residents (demo-data.ts): names, unique phones and ID numbers, household compositions and care tags.
 */
import type { BuiltInCareTag, Gender } from '../../../../packages/contracts/src/enums';
import { idCheckChar } from '../../../../packages/contracts/src/validation/china-id';
import { DEMO_PHONE_PREFIX, DEMO_REFERENCE_YEAR, type DemoResident, pad } from './demo-model';
import { GIVEN_CHARS, SURNAMES } from './demo-names';
import type { Rng } from './rng';

const KAIPING_AREA = '440783';
const OTHER_AREAS = ['440781', '440784', '440785', '440703', '440704', '440705', '445281', '441302'];
const MOBILE_PREFIXES =
  '130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 166 176 177 178 180 181 182 183 185 186 187 188 189 191 198 199'.split(
    ' ',
  );
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
export class People {
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
