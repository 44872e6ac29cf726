import { cutText } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { notifications, reportEvents, reportFollowers, reports } from '../db/schema';
import { type Db, rows } from '../platform/db';
import { Rng } from './rng';

/**
 * A few hundred plausible residents' reports on top of the demo tree (docs/rules.md#reports), at every level
 * and in every state, so inboxes, lists and dashboards have something to show. Deterministic for a
 * seed; times are relative to `now`. Written with bulk inserts, in the caller's transaction.
 */
export async function loadDemoReports(tx: Db, now: Date, opts: { count?: number; seed?: number } = {}) {
  const rng = new Rng(opts.seed ?? 20240926);
  const count = opts.count ?? 400;
  const ctx = await context(tx);
  await setDefaultDepartments(tx, ctx.departments);
  const pickBuilding = weightedBuildings(ctx);

  const reportRows: (typeof reports.$inferInsert & { id: number })[] = [];
  const eventRows: (typeof reportEvents.$inferInsert)[] = [];
  const followerRows: (typeof reportFollowers.$inferInsert)[] = [];
  const notes: (typeof notifications.$inferInsert)[] = [];
  const [seq] = await rows<{ id: number }>(
    tx,
    sql`select setval('reports_id_seq', coalesce((select max(id) from reports), 0) + ${count}) as id`,
  );
  let nextId = Number(seq?.id ?? count) - count;

  // First, open reports waiting for each demo account that handles some level, so every inbox has work.
  const forced = forcedReports(ctx, rng);
  for (let i = 0; i < count; i++) {
    const id = ++nextId;
    const f = forced[i];
    const b = f?.b ?? pickBuilding(rng);
    const catCode = f?.dept
      ? rng.pick(['street_vending', 'illegal_building', 'clutter'])
      : rng.weighted(CATEGORY_WEIGHTS);
    const categoryId = ctx.categories.get(catCode) as number;
    const isOpen = f ? true : rng.chance(0.22);
    const ageH = isOpen ? rng.int(1, 60) : rng.int(80, 24 * 90);
    const createdAt = new Date(now.getTime() - ageH * HOUR - rng.int(0, 59) * 60_000);
    const peak = f?.level ?? rng.weighted(isOpen ? OPEN_LEVELS : PEAK_LEVELS);
    const departmentId =
      peak === 5
        ? (f?.dept ?? ctx.defaultDept.get(catCode) ?? ctx.departments.get('开平市城市管理和综合执法局') ?? null)
        : null;
    const handlerAt = (level: number) =>
      level === 1
        ? (b.windowEstateId ?? b.id)
        : level === 2
          ? b.gridId
          : level === 3
            ? b.communityId
            : level === 4
              ? b.streetId
              : (departmentId as number);
    const reporterUser = b.accountResidents.length && rng.chance(0.5) ? rng.pick(b.accountResidents) : null;
    const reporter = reporterUser ?? (b.residents.length ? rng.pick(b.residents) : null);
    const channel = reporterUser ? rng.weighted(CHANNELS_APP) : rng.weighted(CHANNELS);

    // Walk the report up to its peak level, leaving an open one part way through its last level.
    const evs: Ev[] = [];
    let t = createdAt.getTime();
    const span = now.getTime() - t;
    const step = (maxH: number) => {
      const room = isOpen ? span / (peak * 3 + 2) : maxH * HOUR;
      t = Math.min(t + rng.int(5, 100) * 0.01 * room, now.getTime() - 60_000);
      return new Date(t);
    };
    let status = 'submitted';
    let levelEnteredAt = createdAt;
    let acceptedAt: Date | null = null;
    let firstAnsweredAt: Date | null = null;
    let resolvedAt: Date | null = null;
    let closedAt: Date | null = null;
    let rating: number | null = null;
    let isOverdue = false;
    let dueAt: Date | null = null;
    const push = (type: string, to: string, level: number, at: Date, note: string | null = null) => {
      evs.push({ type, from: evs.at(-1)?.to ?? null, to, fromLevel: evs.at(-1)?.level ?? null, level, at, note });
      status = to;
    };
    push('submitted', 'submitted', 1, createdAt);
    const openStage = isOpen ? rng.weighted(OPEN_STAGES) : null;
    for (let level = 1; level <= peak; level++) {
      const last = level === peak;
      const sla = ctx.slas.get(`${categoryId}:${level}`) ?? { ack: 24, resolve: 168 };
      if (last && openStage === 'submitted') {
        dueAt = new Date(levelEnteredAt.getTime() + sla.ack * HOUR);
        break;
      }
      acceptedAt = step(sla.ack * 0.8);
      push('accepted', 'accepted', level, acceptedAt, level === 5 ? '部门已报到，安排人员核查' : null);
      if (rng.chance(0.7) || (last && openStage === 'in_progress')) {
        const at = step(sla.resolve * 0.2);
        firstAnsweredAt ??= at;
        push('answered', 'in_progress', level, at, rng.pick(ANSWERS[level] as string[]));
      }
      if (last && openStage) {
        dueAt = new Date(levelEnteredAt.getTime() + sla.resolve * HOUR);
        if (level === 5 && rng.chance(0.25)) {
          isOverdue = true;
          dueAt = null;
        }
        break;
      }
      if (!last) {
        const at = step(sla.resolve * 0.3);
        push('escalated', 'submitted', level + 1, at, rng.pick(ESCALATIONS[level] as string[]));
        levelEnteredAt = at;
        acceptedAt = null;
      }
    }
    if (!isOpen) {
      const sla = ctx.slas.get(`${categoryId}:${peak}`) ?? { ack: 24, resolve: 168 };
      if (rng.chance(0.04)) {
        closedAt = step(sla.ack);
        push('rejected', 'rejected', peak, closedAt, '经核实不属于本级受理范围，已告知居民其他渠道');
      } else {
        resolvedAt = step(sla.resolve * 0.6);
        firstAnsweredAt ??= resolvedAt;
        push(
          'resolved',
          'resolved',
          peak,
          resolvedAt,
          rng.pick(RESOLUTIONS[catCode.split('.')[0] as string] ?? GENERIC_DONE),
        );
        const rated = rng.chance(0.7);
        if (rated) {
          rating = rng.weighted(RATINGS);
          closedAt = new Date(Math.min(resolvedAt.getTime() + rng.int(1, 48) * HOUR, now.getTime() - 60_000));
          push('rated', 'closed', peak, closedAt, rating >= 4 ? rng.pick(THANKS) : null);
        } else if (now.getTime() - resolvedAt.getTime() > 7 * 24 * HOUR) {
          closedAt = new Date(resolvedAt.getTime() + 7 * 24 * HOUR);
          push('auto_closed', 'closed', peak, closedAt);
        } else {
          dueAt = new Date(resolvedAt.getTime() + 7 * 24 * HOUR);
        }
      }
    }
    // Most open reports are still within their clock; the rest show the SLA job escalating on start.
    if (isOpen && dueAt && dueAt.getTime() < now.getTime() && rng.chance(0.85)) {
      dueAt = new Date(now.getTime() + rng.int(1, 12) * HOUR);
    }
    const level = evs.at(-1)?.level ?? 1;
    const updatedAt = evs.at(-1)?.at ?? createdAt;
    reportRows.push({
      id,
      streetId: b.streetId,
      buildingId: b.id,
      path: b.path,
      categoryId,
      description: rng.pick(DESCRIPTIONS[catCode] ?? ['需要处理']),
      location: rng.chance(0.7) ? rng.pick(LOCATIONS) : null,
      channel,
      status,
      level,
      peakLevel: level,
      handlerOrgUnitId: handlerAt(level),
      departmentId,
      version: evs.length,
      reporterUserId: reporterUser?.userId ?? null,
      reporterName: reporter?.name ?? null,
      reporterPhoneEnc: reporter?.phoneEnc ?? null,
      reporterPhoneHash: reporter?.phoneHash ?? null,
      followerCount: reporterUser ? 1 : 0,
      levelEnteredAt,
      dueAt,
      isOverdue,
      acceptedAt,
      firstAnsweredAt,
      resolvedAt,
      closedAt,
      rating,
      createdAt,
      updatedAt,
    });
    for (const [v, e] of evs.entries()) {
      eventRows.push({
        reportId: id,
        streetId: b.streetId,
        version: v + 1,
        type: e.type,
        fromStatus: e.from,
        toStatus: e.to,
        fromLevel: e.fromLevel,
        toLevel: e.level,
        handlerOrgUnitId: handlerAt(e.level),
        note: e.note,
        detail: e.type === 'submitted' ? { channel } : null,
        at: e.at,
      });
    }
    if (reporterUser) {
      followerRows.push({
        reportId: id,
        userId: reporterUser.userId,
        streetId: b.streetId,
        kind: 'reporter',
        createdAt,
      });
    }
    // The inbox: the last event, for the reporter and whoever holds the report now.
    const lastEv = evs.at(-1) as Ev;
    const recipients = new Set<number>(reporterUser ? [reporterUser.userId] : []);
    if (OPEN.has(status)) for (const u of ctx.boundAt.get(handlerAt(level)) ?? []) recipients.add(u);
    const [zh, en] = TITLES[lastEv.type] ?? ['诉求有更新', 'Report updated'];
    for (const userId of recipients) {
      notes.push({
        userId,
        streetId: b.streetId,
        kind: `report.${lastEv.type}`,
        titleZh: zh,
        titleEn: en,
        body: cutText(lastEv.note ?? reportRows.at(-1)?.description ?? '', 120),
        objectType: 'report',
        objectId: id,
        sourceKey: `seed:report:${id}:v${evs.length}`,
        createdAt: lastEv.at,
        readAt: now.getTime() - lastEv.at.getTime() > 3 * 24 * HOUR ? lastEv.at : null,
      });
    }
  }
  for (const part of chunks(reportRows, 400)) await tx.insert(reports).overridingSystemValue().values(part);
  for (const part of chunks(eventRows, 1000)) await tx.insert(reportEvents).values(part);
  for (const part of chunks(followerRows, 1000)) await tx.insert(reportFollowers).values(part);
  for (const part of chunks(notes, 1000)) await tx.insert(notifications).values(part).onConflictDoNothing();
  return { reports: reportRows.length, events: eventRows.length };
}

const HOUR = 3_600_000;
const OPEN = new Set(['submitted', 'accepted', 'in_progress', 'reopened']);

interface Ev {
  type: string;
  from: string | null;
  to: string;
  fromLevel: number | null;
  level: number;
  at: Date;
  note: string | null;
}

interface BuildingCtx {
  id: number;
  path: string;
  streetId: number;
  gridId: number;
  communityId: number;
  windowEstateId: number | null;
  weight: number;
  residents: { name: string; phoneEnc: string | null; phoneHash: string | null }[];
  accountResidents: { userId: number; name: string; phoneEnc: string | null; phoneHash: string | null }[];
}

async function context(tx: Db) {
  const buildings = await rows<{
    id: number;
    path: string;
    street_id: number;
    estate_id: number | null;
    management: string | null;
    grid_id: number;
    community_id: number;
  }>(
    tx,
    sql`select b.id, b.path, b.street_id, e.id as estate_id, e.management,
               (select g.id from org_units g where g.kind = 'grid' and b.path like g.path || '%' limit 1) as grid_id,
               (select c.id from org_units c where c.kind = 'community' and b.path like c.path || '%' limit 1) as community_id
          from org_units b left join org_units e on e.id = b.parent_id and e.kind = 'estate'
         where b.kind = 'building' and b.street_id is not null order by b.id`,
  );
  const people = await rows<{
    building_id: number;
    name: string;
    phone_enc: string | null;
    phone_hash: string | null;
    user_id: number | null;
  }>(
    tx,
    sql`select h.building_id, r.name, r.phone_enc, r.phone_hash, r.user_id from residents r join households h on h.id = r.household_id
         where r.relation in ('户主','配偶') and r.phone_enc is not null order by r.id`,
  );
  const bindings = await rows<{ user_id: number; role: string; org_unit_id: number }>(
    tx,
    sql`select user_id, role, org_unit_id from role_bindings order by id`,
  );
  const boundAt = new Map<number, number[]>();
  for (const bd of bindings) {
    if (['resident', 'admin', 'partner'].includes(bd.role)) continue;
    boundAt.set(bd.org_unit_id, [...(boundAt.get(bd.org_unit_id) ?? []), bd.user_id]);
  }
  const staffRoles = new Map<number, Set<string>>();
  for (const bd of bindings) staffRoles.set(bd.org_unit_id, (staffRoles.get(bd.org_unit_id) ?? new Set()).add(bd.role));
  const hasRole = (role: string, unit: number | null) =>
    bindings.some((x) => x.role === role && x.org_unit_id === unit);
  const staffUnits = new Set(bindings.filter((x) => x.role !== 'resident').map((x) => x.org_unit_id));
  const byBuilding = new Map<number, typeof people>();
  for (const p of people) byBuilding.set(p.building_id, [...(byBuilding.get(p.building_id) ?? []), p]);
  const ctxBuildings: BuildingCtx[] = buildings.map((b) => {
    const ps = byBuilding.get(b.id) ?? [];
    // Demo staff see their own patch busy: more reports where a demo account works.
    const weight = staffUnits.has(b.id) ? 12 : staffUnits.has(b.grid_id) ? 4 : staffUnits.has(b.community_id) ? 2 : 1;
    return {
      id: b.id,
      path: b.path,
      streetId: b.street_id,
      gridId: b.grid_id,
      communityId: b.community_id,
      windowEstateId: b.management === 'managed' && hasRole('property_window', b.estate_id) ? b.estate_id : null,
      weight: b.management === 'managed' && hasRole('property_window', b.estate_id) ? 6 : weight,
      residents: ps.map((p) => ({ name: p.name, phoneEnc: p.phone_enc, phoneHash: p.phone_hash })),
      accountResidents: ps
        .filter((p) => p.user_id !== null)
        .map((p) => ({ userId: p.user_id as number, name: p.name, phoneEnc: p.phone_enc, phoneHash: p.phone_hash })),
    };
  });
  const cats = await rows<{ id: number; code: string }>(tx, sql`select id, code from report_categories`);
  const slaRows = await rows<{ category_id: number; level: number; ack_hours: number; resolve_hours: number }>(
    tx,
    sql`select category_id, level, ack_hours, resolve_hours from report_category_slas`,
  );
  const depts = await rows<{ id: number; name: string }>(
    tx,
    sql`select id, name from org_units where kind = 'department'`,
  );
  const departments = new Map(depts.map((d) => [d.name, d.id]));
  const defaultDept = new Map<string, number>();
  for (const [code, name] of DEFAULT_DEPARTMENTS) {
    const id = departments.get(name);
    if (id !== undefined) defaultDept.set(code, id);
  }
  for (const code of cats.map((c) => c.code)) {
    const parent = defaultDept.get(code.split('.')[0] as string);
    if (!defaultDept.has(code) && parent !== undefined) defaultDept.set(code, parent);
  }
  return {
    buildings: ctxBuildings,
    boundAt,
    staffRoles,
    categories: new Map(cats.map((c) => [c.code, c.id])),
    slas: new Map(
      slaRows.map((s) => [
        `${s.category_id}:${s.level}`,
        { ack: Number(s.ack_hours), resolve: Number(s.resolve_hours) },
      ]),
    ),
    departments,
    defaultDept,
  };
}

/** Where a street's escalation goes by default, per category (the demo district's departments). */
async function setDefaultDepartments(tx: Db, departments: Map<string, number>) {
  for (const [code, name] of DEFAULT_DEPARTMENTS) {
    const id = departments.get(name);
    if (id !== undefined)
      await tx.execute(sql`update report_categories set default_department_id = ${id} where code = ${code}`);
  }
}

/** Three open reports at the level of each unit where a demo account handles reports. */
function forcedReports(ctx: Awaited<ReturnType<typeof context>>, rng: Rng) {
  const out: { b: BuildingCtx; level: number; dept?: number }[] = [];
  const add = (level: number, candidates: BuildingCtx[], dept?: number) => {
    if (candidates.length === 0) return;
    for (let k = 0; k < 3; k++) out.push({ b: rng.pick(candidates), level, ...(dept ? { dept } : {}) });
  };
  for (const [unit, roles] of ctx.staffRoles) {
    if (roles.has('captain'))
      add(
        1,
        ctx.buildings.filter((b) => b.id === unit && b.windowEstateId === null),
      );
    if (roles.has('property_window'))
      add(
        1,
        ctx.buildings.filter((b) => b.windowEstateId === unit),
      );
    if (roles.has('grid_worker'))
      add(
        2,
        ctx.buildings.filter((b) => b.gridId === unit),
      );
    if (roles.has('community_staff'))
      add(
        3,
        ctx.buildings.filter((b) => b.communityId === unit),
      );
    if (roles.has('street_staff'))
      add(
        4,
        ctx.buildings.filter((b) => b.streetId === unit),
      );
    if (roles.has('department_staff')) add(5, ctx.buildings, unit);
  }
  return out;
}

function weightedBuildings(ctx: { buildings: BuildingCtx[] }) {
  const list = ctx.buildings.map((b) => [b, b.weight] as const);
  return (rng: Rng) => rng.weighted(list);
}

function* chunks<T>(xs: T[], n: number): Generator<T[]> {
  for (let i = 0; i < xs.length; i += n) yield xs.slice(i, i + n);
}

const DEFAULT_DEPARTMENTS: [string, string][] = [
  ['street_vending', '开平市城市管理和综合执法局'],
  ['illegal_building', '开平市城市管理和综合执法局'],
  ['green_damage', '开平市城市管理和综合执法局'],
  ['clutter', '开平市城市管理和综合执法局'],
  ['sanitation', '开平市城市管理和综合执法局'],
  ['safety', '开平市消防救援大队'],
  ['repair', '开平市住房和城乡建设局'],
  ['property', '开平市住房和城乡建设局'],
];

const CATEGORY_WEIGHTS: [string, number][] = [
  ['sanitation', 14],
  ['repair.door_lock', 8],
  ['repair.stairwell_light', 6],
  ['repair.street_light', 3],
  ['repair.sewer', 8],
  ['repair.water_pipe', 6],
  ['safety.fire_equipment', 4],
  ['safety.flying_wire', 7],
  ['dispute', 7],
  ['parking', 8],
  ['clutter', 10],
  ['street_vending', 4],
  ['illegal_building', 3],
  ['green_damage', 3],
  ['policy', 5],
  ['errand', 4],
  ['property', 4],
];
/** 小事不出社区: most reports end at the captain, few reach a department. */
const PEAK_LEVELS: [number, number][] = [
  [1, 52],
  [2, 18],
  [3, 14],
  [4, 7],
  [5, 9],
];
const OPEN_LEVELS: [number, number][] = [
  [1, 40],
  [2, 18],
  [3, 15],
  [4, 10],
  [5, 17],
];
const OPEN_STAGES: [string, number][] = [
  ['submitted', 4],
  ['accepted', 3],
  ['in_progress', 3],
];
const CHANNELS: [string, number][] = [
  ['qr', 30],
  ['proxy', 40],
  ['phone', 30],
];
const CHANNELS_APP: [string, number][] = [
  ['app', 55],
  ['qr', 45],
];
const RATINGS: [number, number][] = [
  [5, 52],
  [4, 28],
  [3, 11],
  [2, 5],
  [1, 4],
];
const TITLES: Record<string, [string, string]> = {
  submitted: ['新诉求待受理', 'New report to handle'],
  accepted: ['诉求已受理', 'Report accepted'],
  answered: ['诉求有新答复', 'New answer to a report'],
  resolved: ['诉求已办结，请评价', 'Report resolved — please rate it'],
  escalated: ['诉求已上报（吹哨）', 'Report escalated'],
  rated: ['报事人已评价', 'The reporter rated the answer'],
  auto_closed: ['诉求已自动关闭', 'Report closed automatically'],
  rejected: ['诉求未予受理', 'Report not taken'],
};
const LOCATIONS = [
  '1楼大堂',
  '2楼楼梯口',
  '3楼走廊',
  '4楼',
  '5楼楼道',
  '6楼天台门口',
  '单元门口',
  '楼下空地',
  '地下车库',
  '楼栋东侧',
  '楼栋北面围墙',
];
const DESCRIPTIONS: Record<string, string[]> = {
  sanitation: [
    '楼道垃圾两天没人清理，有异味',
    '楼梯扶手积灰很厚，希望安排清扫',
    '楼下垃圾桶满溢，苍蝇很多',
    '化粪池井盖周围有污水',
  ],
  'repair.door_lock': ['单元门锁坏了，门关不上', '楼下铁门门禁失灵，外人随便进出', '天台门锁损坏，存在安全隐患'],
  'repair.stairwell_light': ['三楼楼道灯坏了，晚上看不见', '声控灯不灵敏，老人上下楼不方便', '一楼楼道灯一直亮着不灭'],
  'repair.street_light': ['楼下路灯不亮已经一周', '小区门口路灯闪烁'],
  'repair.sewer': ['下水道堵了，一楼返水', '雨天楼前排水沟积水严重', '厨房排水管堵塞，楼下渗水'],
  'repair.water_pipe': ['楼顶水箱漏水', '公共水管爆裂，楼梯间一直滴水', '水压太低，高层没水用'],
  'safety.fire_equipment': ['楼道灭火器过期了', '消防栓玻璃破损、水带不见了', '安全出口指示灯不亮'],
  'safety.flying_wire': [
    '有人从三楼拉电线下来给电动车充电',
    '电动车推进楼道充电，很危险',
    '楼下飞线充电，线就挂在树上',
  ],
  dispute: [
    '楼上装修噪音太大，晚上十点还在施工',
    '邻居在楼道堆放杂物，沟通无果',
    '楼上空调滴水到我家窗台',
    '邻居养狗夜里一直叫',
  ],
  parking: ['小区门口车辆乱停，消防通道被堵', '有车长期占用楼下通道', '僵尸车停放半年无人挪走'],
  clutter: ['楼道堆满纸箱和旧家具', '楼梯间堆放旧床垫，影响通行', '楼下空地堆放建筑垃圾'],
  street_vending: ['小区门口有流动摊贩占道经营', '早餐摊占用人行道，油烟大', '夜市摊位堵住小区出入口'],
  illegal_building: ['一楼住户私自搭建铁皮棚', '顶楼加建违章房屋', '有人在楼前空地围建菜棚'],
  green_damage: ['绿化带被铲掉种菜，还浇粪水', '公共绿地被圈占种菜', '楼前草坪被改成菜地'],
  policy: ['咨询老旧小区加装电梯的补贴政策', '想了解高龄津贴怎么申请', '咨询居住证办理需要什么材料'],
  errand: ['独居老人需要代缴水电费', '老人行动不便，请帮忙代办社保认证', '请帮忙预约上门体检'],
  property: ['物业维修不及时，报修三次没人来', '电梯经常停运，物业没有公示维保记录', '物业费收支不公开，居民有意见'],
};
const ANSWERS: Record<number, string[]> = {
  1: ['收到，我下班后去看看', '已到现场查看，正在联系维修', '已跟住户沟通，明天处理'],
  2: ['网格员已到现场核实', '已登记，正在协调维修单位', '已约物业和住户现场协商'],
  3: ['社区已安排工作人员跟进', '社区已联系共建单位协助', '已纳入本周社区议事会议题'],
  4: ['街道已协调相关科室', '街道综治中心已受理并派员核查'],
  5: ['部门已派人到现场核查', '已列入整治计划，近期处理', '执法队员已到场处置'],
};
const ESCALATIONS: Record<number, string[]> = {
  1: ['需要专业维修，楼长无法处理', '涉及多户，需要网格员协调', '住户不配合，请网格员介入'],
  2: ['需社区出面协调', '涉及公共维修资金，需社区研究', '网格内无法解决'],
  3: ['需街道统筹', '涉及执法事项，社区吹哨', '需多部门联合处置'],
  4: ['派单至职能部门', '吹哨：请职能部门报到处置'],
};
const GENERIC_DONE = ['已处理完毕，现场已恢复', '问题已解决，已回访居民'];
const RESOLUTIONS: Record<string, string[]> = {
  sanitation: ['已清理完毕，附清理后照片', '已安排保洁每周两次清扫楼道'],
  repair: ['已更换新的零件，测试正常', '已请师傅维修完毕', '已维修完成，费用由维修基金列支'],
  safety: ['已拆除飞线，并告知住户到集中充电点充电', '已更换灭火器并登记检查日期', '已联合消防上门宣传整改'],
  dispute: ['经调解双方达成一致', '已上门调解，约定施工时间'],
  parking: ['已联系车主挪车，并划设禁停标线', '僵尸车已拖离'],
  clutter: ['杂物已清理，已提醒住户不得再堆放', '已组织志愿者清理楼道'],
  street_vending: ['已劝离摊贩，并引导至便民疏导点', '执法队员已规范摆卖秩序'],
  illegal_building: ['违建已拆除', '已下达限期整改通知，当事人已自行拆除'],
  green_damage: ['菜地已复绿，补种草皮', '已清理菜地并设置围挡'],
  policy: ['已电话解答并发送办理指引', '已上门讲解政策'],
  errand: ['已代办完成', '网格员已陪同老人办理'],
  property: ['已约谈物业，限期整改', '物业已公示维保记录'],
};
const THANKS = ['处理很及时，谢谢楼长！', '满意，辛苦了', '问题解决了，点赞', '效率很高'];
