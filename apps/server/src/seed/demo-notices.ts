import { addDays, shanghaiDay } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { noticeReads, notices } from '../db/schema';
import { type Db, rows } from '../platform/db';

const DAY = 86_400_000;

/** Demo notices for 新兴社区 (三埠街道): from the street, the community and the captain of 福宁街5号. */
const NOTICES = [
  {
    by: 'street',
    daysAgo: 12,
    kind: 'policy',
    title: '2027年度城乡居民医保开始缴费',
    body: '2027年度城乡居民基本医疗保险缴费已开始，个人缴费标准每人每年400元，可通过“粤税通”小程序或到社区服务中心缴纳。高龄、低保、特困人员由政府资助，请及时核对。',
  },
  {
    by: 'community',
    daysAgo: 3,
    kind: 'safety',
    title: '关于开展燃气安全入户检查的通知',
    body: '社区联合燃气公司于本周六、周日开展燃气安全入户检查，检查人员佩戴工作证，不收取任何费用。如有疑问请联系楼长或网格员。',
    pinnedDays: 7,
  },
  {
    by: 'community',
    daysAgo: 8,
    kind: 'event',
    title: '重阳敬老 · 社区义诊活动',
    body: '社区联合开平市中心医院在社区广场开展义诊活动，免费测量血压、血糖，欢迎60岁以上老人参加，行动不便的老人可由楼长陪同。',
  },
  {
    by: 'captain',
    daysAgo: 1,
    kind: 'notice',
    title: '本周六楼道杂物清理',
    body: '本周六上午9点统一清理楼道堆放杂物，请各户提前把自家物品搬回屋内。消防通道严禁堆物，电动车请勿进楼充电（禁止飞线充电）。',
  },
] as const;

/** Writes the demo notices and a few reads (some households of 福宁街5号 have read the captain's notice). */
export async function loadDemoNotices(tx: Db, now: Date): Promise<number> {
  const [who] = await rows<{
    streetId: number;
    streetPath: string;
    communityId: number;
    communityPath: string;
    buildingId: number;
    buildingPath: string;
    streetUser: number | null;
    communityUser: number | null;
    captainUser: number | null;
  }>(
    tx,
    sql`select s.id as "streetId", s.path as "streetPath", c.id as "communityId", c.path as "communityPath",
          b.id as "buildingId", b.path as "buildingPath",
          (select user_id from role_bindings where role = 'street_staff' and org_unit_id = s.id order by user_id limit 1) as "streetUser",
          (select user_id from role_bindings where role = 'community_staff' and org_unit_id = c.id order by user_id limit 1) as "communityUser",
          (select user_id from role_bindings where role = 'captain' and org_unit_id = b.id order by user_id limit 1) as "captainUser"
        from org_units c join org_units s on s.id = c.parent_id
        join org_units b on b.kind = 'building' and b.name = '福宁街5号' and b.path like c.path || '%'
        where c.kind = 'community' and c.name = '新兴社区' limit 1`,
  );
  if (!who?.streetUser || !who.communityUser || !who.captainUser) return 0;
  const scopeOf = {
    street: { id: who.streetId, path: who.streetPath, user: who.streetUser, role: 'street_staff' },
    community: { id: who.communityId, path: who.communityPath, user: who.communityUser, role: 'community_staff' },
    captain: { id: who.buildingId, path: who.buildingPath, user: who.captainUser, role: 'captain' },
  } as const;
  let captainNoticeId: number | null = null;
  for (const n of NOTICES) {
    const s = scopeOf[n.by];
    const at = new Date(now.getTime() - n.daysAgo * DAY);
    const pinned = 'pinnedDays' in n ? addDays(shanghaiDay(now), n.pinnedDays) : null;
    const [row] = await tx
      .insert(notices)
      .values({
        streetId: who.streetId,
        scopeOrgUnitId: s.id,
        scopePath: s.path,
        kind: n.kind,
        title: n.title,
        body: n.body,
        pinnedUntil: pinned,
        authorUserId: s.user,
        authorRole: s.role,
        publishedAt: at,
      })
      .returning({ id: notices.id });
    if (n.by === 'captain') captainNoticeId = row?.id ?? null;
  }
  if (captainNoticeId !== null) {
    // The captain's own household has read it; the demo resident (13700000009) has not, so the list shows them.
    const readers = await rows<{ userId: number; householdId: number }>(
      tx,
      sql`select r.user_id as "userId", r.household_id as "householdId" from residents r
          join households h on h.id = r.household_id
          where h.building_id = ${who.buildingId} and r.user_id = ${who.captainUser}`,
    );
    for (const r of readers) {
      await tx.insert(noticeReads).values({
        noticeId: captainNoticeId,
        userId: r.userId,
        streetId: who.streetId,
        householdId: r.householdId,
        readAt: now,
      });
    }
  }
  return NOTICES.length;
}
