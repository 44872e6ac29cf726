import { sql } from 'drizzle-orm';
import type { Services } from '../app';
import { campaignSites } from '../db/schema';
import { bindingsOf, findUserByPhoneHash } from '../modules/auth/auth.repository';
import { shanghaiDay } from '../modules/chores/chore-occurrence';
import { insertChild } from '../modules/org/org.repository';
import type { RequestContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows } from '../platform/db';
import { demoPhoto } from './demo-chores';
import { Rng } from './rng';

const DAY = 86_400_000;

type Unit = { id: number; streetId: number | null; kind: string; name: string; path: string; depth: number };

/**
 * The numbers of the article this campaign is modelled on (综合执法进小区专项行动, 住建局 leading 城管局, 公安局,
 * 市场监督管理局 and 消防救援大队): 已清理乱堆乱放31处，清理“僵尸车”20多辆，清理占道经营摊位12处，清除毁绿种菜25处.
 */
export const DEMO_CAMPAIGN = {
  title: '综合执法进小区专项行动',
  cleared: { clutter: 31, abandoned_vehicle: 22, street_stall: 12, vegetable_plot: 25 },
  /** Still open at the demo's "now": two clutter sites waiting for 城管's 报到, one fire hydrant being repaired. */
  open: { clutter: 2, fire_equipment: 1 },
  notClearable: { illegal_structure: 1 },
} as const;

/** Places of 新兴社区 that are not buildings, where most stalls and clutter are found. */
const PLACES = ['福宁巷', '新兴市场', '文化广场'];
const NOTES: Record<string, string[]> = {
  clutter: ['楼道堆放纸箱杂物', '单车棚旁堆放废旧家具', '绿化带堆放建筑垃圾'],
  abandoned_vehicle: ['长期停放的无牌摩托车', '轮胎瘪气、积满灰尘的小轿车', '废弃电动三轮车'],
  street_stall: ['路口占道摆卖水果', '早市摊位占用人行道', '流动摊贩占道经营'],
  vegetable_plot: ['公共绿地被开垦种菜', '草皮铲除后种植葱蒜', '花坛内种菜并围竹篱'],
  fire_equipment: ['消火栓箱玻璃破损、水带缺失'],
  illegal_structure: ['一楼住户在公共空地搭建铁皮棚'],
};

/**
 * One campaign over 新兴社区 led by 住建局 with 城管局, the 三埠 police station, 市场监督管理局 and the fire
 * brigade: sites logged by the grid worker over the last four weeks, cleared by 城管局 with "after"
 * photos in the numbers of the article, a few still open. Runs after the services exist (photos are real uploads).
 */
export async function loadDemoCampaigns(
  db: Db,
  cipher: PiiCipher,
  clock: Clock,
  services: Pick<Services, 'campaigns' | 'photos'>,
): Promise<{ campaigns: number; sites: number }> {
  const ctxOf = async (phone: string): Promise<RequestContext> => {
    const user = await findUserByPhoneHash(db, cipher.blindIndex('phone', phone));
    if (!user) throw new Error(`demo user ${phone} missing`);
    return {
      actor: { userId: user.id, name: user.name, bindings: await bindingsOf(db, user.id) },
      ip: 'seed',
      lang: 'zh',
    };
  };
  const community = await ctxOf('13700000004');
  const grid = await ctxOf('13700000006');
  const chengguan = await ctxOf('13700000010');
  const unit = async (kind: string, name: string | null, id?: number): Promise<Unit> => {
    const [r] = await rows<Unit>(
      db,
      sql`select id, street_id as "streetId", kind, name, path, depth from org_units
          where kind = ${kind} and ${id === undefined ? sql`name = ${name}` : sql`id = ${id}`} order by id limit 1`,
    );
    if (!r) throw new Error(`demo ${kind} ${name ?? id} missing`);
    return r;
  };
  const xinxing = await unit('community', '新兴社区');
  const gridUnit = grid.actor.bindings.find((b) => b.role === 'grid_worker');
  if (!gridUnit) throw new Error('demo grid worker has no grid');
  const gridRow = await unit('grid', null, gridUnit.orgUnitId);
  const places: Unit[] = [];
  for (const name of PLACES) {
    places.push(await insertChild(db, gridRow, { kind: 'place', name, management: null, address: null }));
  }
  const buildings = await rows<{ id: number; path: string }>(
    db,
    sql`select id, path from org_units where kind = 'building' and path like ${`${gridRow.path}%`} order by id limit 40`,
  );
  const dept = async (name: string) => (await unit('department', name)).id;
  const now = clock.now();
  const campaign = await services.campaigns.create(community, {
    scopeOrgUnitId: xinxing.id,
    title: DEMO_CAMPAIGN.title,
    startsOn: shanghaiDay(new Date(now.getTime() - 30 * DAY)),
    endsOn: shanghaiDay(new Date(now.getTime() + 60 * DAY)),
    problemTypes: [
      'clutter',
      'abandoned_vehicle',
      'street_stall',
      'vegetable_plot',
      'fire_equipment',
      'illegal_structure',
      'flying_wire',
    ],
    leadDepartmentId: await dept('开平市住房和城乡建设局'),
    memberDepartmentIds: [
      await dept('开平市城市管理和综合执法局'),
      await dept('开平市公安局三埠派出所'),
      await dept('开平市市场监督管理局'),
      await dept('开平市消防救援大队'),
    ],
    note: '社区吹哨、部门报到：排出微网格问题整治清单，执法队伍连续开展整治行动。',
  });
  const chengguanId = await dept('开平市城市管理和综合执法局');
  const before: number[] = [];
  const after: number[] = [];
  for (let i = 0; i < 4; i++) before.push((await services.photos.upload(grid, await demoPhoto(900 + i))).id);
  for (let i = 0; i < 4; i++) after.push((await services.photos.upload(chengguan, await demoPhoto(950 + i))).id);

  const rng = new Rng(20261215);
  const values: (typeof campaignSites.$inferInsert)[] = [];
  const add = (type: string, status: 'cleared' | 'assigned' | 'accepted' | 'not_clearable') => {
    const outdoor = type === 'street_stall' || (type !== 'fire_equipment' && rng.chance(0.3));
    const place = outdoor ? places[rng.int(0, places.length - 1)]! : buildings[rng.int(0, buildings.length - 1)]!;
    const loggedAt = new Date(now.getTime() - rng.int(3, 28) * DAY - rng.int(0, 8) * 3_600_000);
    const assignedAt = new Date(loggedAt.getTime() + rng.int(1, 5) * 3_600_000);
    const acceptedAt = new Date(assignedAt.getTime() + rng.int(1, 6) * 3_600_000);
    const closedAt = new Date(acceptedAt.getTime() + rng.int(4, 48) * 3_600_000);
    const notes = NOTES[type] ?? [''];
    values.push({
      campaignId: campaign.id,
      streetId: xinxing.streetId as number,
      problemType: type,
      placeOrgUnitId: place.id,
      path: place.path,
      placeText: null,
      note: notes[rng.int(0, notes.length - 1)] ?? null,
      photoId: before[values.length % before.length]!,
      loggedBy: grid.actor.userId,
      loggedAt,
      status,
      assignedDepartmentId: chengguanId,
      assignedAt,
      acceptedBy: status === 'assigned' ? null : chengguan.actor.userId,
      acceptedAt: status === 'assigned' ? null : acceptedAt,
      closedBy: status === 'cleared' || status === 'not_clearable' ? chengguan.actor.userId : null,
      closedAt: status === 'cleared' || status === 'not_clearable' ? closedAt : null,
      afterPhotoId: status === 'cleared' ? after[values.length % after.length]! : null,
      closeNote:
        status === 'cleared' ? '已清理完毕' : status === 'not_clearable' ? '涉及产权争议，移交住建局依法处置' : null,
    });
  };
  for (const [type, n] of Object.entries(DEMO_CAMPAIGN.cleared)) for (let i = 0; i < n; i++) add(type, 'cleared');
  for (let i = 0; i < DEMO_CAMPAIGN.open.clutter; i++) add('clutter', 'assigned');
  add('fire_equipment', 'accepted');
  add('illegal_structure', 'not_clearable');
  // Older first, so ids follow the days they were logged.
  values.sort((a, b) => (a.loggedAt as Date).getTime() - (b.loggedAt as Date).getTime());
  await db.insert(campaignSites).values(values);
  return { campaigns: 1, sites: values.length };
}
