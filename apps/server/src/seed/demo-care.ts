import { DEFAULT_CARE_CYCLES, shanghaiDay } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { careAssignments, careContacts, careVisits } from '../db/schema';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows } from '../platform/db';
import { Rng } from './rng';

const DAY = 86_400_000;

/** What visitors write after a visit (article 003: 网格员陈莹 visits the elderly living alone and runs errands). */
const FINDINGS = [
  '老人精神状态良好，血压平稳',
  '独居在家，冰箱里有新鲜蔬菜，子女每周来电',
  '腿脚不便，下楼困难，已提醒有事打电话',
  '收到可疑欠费短信，已讲解防诈骗知识',
  '家中燃气灶老化，已提醒注意用气安全',
  '身体尚好，希望社区多组织老年活动',
  '近期感冒已好转，按时服药',
];
const NEEDS = [
  '需要代缴电费',
  '想办理高龄津贴，需要帮忙准备材料',
  '下周复诊，需要有人陪同就医',
  '楼道灯坏了，晚上出门不方便',
];
const ERRANDS = ['pension_cert', 'age_allowance', 'utility_bills', 'escort_medical', 'anti_fraud'] as const;
const RELATIONS = ['儿子', '女儿', '侄子', '外甥女'];

/**
 * Care visits for 新兴社区: every resident with a care tag that has a visit cycle is assigned to the
 * captain of their building, else the grid worker of their grid (else nobody yet: the community assigns them); each has a few months of visits ending
 * at staggered days, so the lists show people on schedule, due today and overdue. Elderly people living
 * alone get a next-of-kin contact (phones encrypted like any other).
 */
export async function loadDemoCare(
  tx: Db,
  cipher: PiiCipher,
  now: Date,
): Promise<{ assigned: number; visits: number }> {
  const rng = new Rng(20261203);
  const tagHashes = Object.keys(DEFAULT_CARE_CYCLES).map((t) => cipher.blindIndex('tag', t));
  const people = await rows<{
    residentId: number;
    streetId: number;
    householdId: number;
    path: string;
    name: string;
    careTagsEnc: string;
    captainId: number | null;
    gridWorkerId: number | null;
  }>(
    tx,
    sql`select r.id as "residentId", r.street_id as "streetId", h.id as "householdId", h.path, r.name,
          r.care_tags_enc as "careTagsEnc",
          (select rb.user_id from role_bindings rb where rb.role = 'captain' and rb.org_unit_id = h.building_id
             order by rb.user_id limit 1) as "captainId",
          (select rb.user_id from role_bindings rb join org_units g on g.id = rb.org_unit_id
             where rb.role = 'grid_worker' and h.path like g.path || '%' order by rb.user_id limit 1) as "gridWorkerId"
        from residents r
        join households h on h.id = r.household_id
        join org_units c on c.kind = 'community' and c.name = '新兴社区' and h.path like c.path || '%'
        where r.care_tag_hashes && array[${sql.join(
          tagHashes.map((h) => sql`${h}`),
          sql`, `,
        )}]::text[]
        order by r.id`,
  );
  const assignments: (typeof careAssignments.$inferInsert)[] = [];
  const visits: (typeof careVisits.$inferInsert)[] = [];
  const contacts: (typeof careContacts.$inferInsert)[] = [];
  for (const p of people) {
    const visitor = p.captainId ?? p.gridWorkerId;
    if (visitor === null) continue;
    const tags = JSON.parse(cipher.decrypt(p.careTagsEnc)) as string[];
    const every = Math.min(...tags.map((t) => DEFAULT_CARE_CYCLES[t] ?? 999));
    const assignedAt = new Date(now.getTime() - 120 * DAY);
    assignments.push({
      residentId: p.residentId,
      streetId: p.streetId,
      householdId: p.householdId,
      path: p.path,
      visitorUserId: visitor,
      visitorRole: p.captainId !== null ? 'captain' : 'grid_worker',
      assignedAt,
      assignedByUserId: null,
    });
    // The last visit lands between "just done" and a few days past due, so about a fifth are overdue.
    let daysAgo = rng.int(0, every + 3);
    for (let k = 0; k < 4 && daysAgo < 118; k++) {
      const at = new Date(now.getTime() - daysAgo * DAY - rng.int(1, 8) * 3_600_000);
      const errands = ERRANDS.filter(() => rng.chance(0.2));
      visits.push({
        streetId: p.streetId,
        residentId: p.residentId,
        path: p.path,
        visitorUserId: visitor,
        visitedAt: at,
        visitedOn: shanghaiDay(at),
        findingsEnc: cipher.encrypt(rng.pick(FINDINGS)),
        needEnc: k === 0 && rng.chance(0.15) ? cipher.encrypt(rng.pick(NEEDS)) : null,
        errands,
        createdAt: at,
      });
      daysAgo += every + rng.int(-1, 2);
    }
    if (tags.includes('elderly_alone')) {
      const phone = `139${String(20000000 + p.residentId).slice(-8)}`;
      contacts.push({
        streetId: p.streetId,
        residentId: p.residentId,
        name: `${p.name.slice(0, 1)}${rng.pick(['建国', '丽华', '志强', '秀梅'])}`,
        relation: rng.pick(RELATIONS),
        phoneEnc: cipher.encrypt(phone),
        phoneHash: cipher.blindIndex('phone', phone),
        createdAt: assignedAt,
      });
    }
  }
  for (let i = 0; i < assignments.length; i += 500)
    await tx.insert(careAssignments).values(assignments.slice(i, i + 500));
  for (let i = 0; i < visits.length; i += 500) await tx.insert(careVisits).values(visits.slice(i, i + 500));
  for (let i = 0; i < contacts.length; i += 500) await tx.insert(careContacts).values(contacts.slice(i, i + 500));
  return { assigned: assignments.length, visits: visits.length };
}
