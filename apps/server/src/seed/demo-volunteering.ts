import { sql } from 'drizzle-orm';
import type { Services } from '../app';
import { activitySignups, volunteerActivities } from '../db/schema';
import { bindingsOf, findUserByPhoneHash, insertUser } from '../modules/auth/auth.repository';
import { shanghaiDay } from '../modules/chores/chore-occurrence';
import type { RequestContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows } from '../platform/db';
import { demoPhoto } from './demo-chores';
import { Rng } from './rng';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The 16 teams of the article's model community (调解 和事佬, 金晖, 四点半课堂 …), as 新兴社区's.
 */
export const DEMO_TEAMS: { name: string; speciality: string }[] = [
  { name: '和事佬调解队', speciality: 'mediation' },
  { name: '金晖助老队', speciality: 'seniors' },
  { name: '四点半课堂辅导队', speciality: 'tutoring' },
  { name: '健康义诊队', speciality: 'medical' },
  { name: '消防安全宣传队', speciality: 'fire_safety' },
  { name: '环境卫生督导队', speciality: 'environment' },
  { name: '侨乡文艺宣传队', speciality: 'culture' },
  { name: '青邻食堂送餐队', speciality: 'seniors' },
  { name: '法律援助服务队', speciality: 'mediation' },
  { name: '心理疏导服务队', speciality: 'medical' },
  { name: '平安巡逻队', speciality: 'fire_safety' },
  { name: '垃圾分类督导队', speciality: 'environment' },
  { name: '红色物业服务队', speciality: 'other' },
  { name: '便民维修队', speciality: 'other' },
  { name: '书法兴趣队', speciality: 'culture' },
  { name: '侨乡故事讲解队', speciality: 'culture' },
];
const SKILLS = [
  '调解',
  '急救',
  '量血压',
  '书法',
  '辅导作业',
  '水电维修',
  '理发',
  '粤剧',
  '摄影',
  '法律咨询',
  '心理咨询',
  '驾驶',
];
const SURNAMES = ['关', '谭', '司徒', '梁', '吴', '黄', '陈', '李', '周', '余', '邓', '方'];
const GIVEN = ['桂英', '志强', '丽华', '国梁', '淑贞', '永康', '秀英', '建明', '美玲', '伟雄', '少芬', '锦荣'];

/**
 * 新兴社区's volunteering and 三埠街道's partners: 48 volunteers (some party members who registered at home:
 * 双报到) in 16 teams; past 公益市集 and 四点半课堂 sessions with confirmed hours; a 健康义诊 starting in 20
 * minutes (check-in open), a 消防演练 and a partner's 安全用电 activity to come; agreements with the three
 * partner units; 民生实事: 楼道照明改造 waiting to be claimed, 长者饭堂助餐点 under way, 配电房隐患排查
 * accepted; 新兴社区 paired with 祥龙社区 with a seconded 第一书记. Runs after the services exist.
 */
export async function loadDemoVolunteering(db: Db, cipher: PiiCipher, clock: Clock, services: Services) {
  const ctxOf = async (phone: string): Promise<RequestContext> => {
    const user = await findUserByPhoneHash(db, cipher.blindIndex('phone', phone));
    if (!user) throw new Error(`demo user ${phone} missing`);
    return {
      actor: { userId: user.id, name: user.name, bindings: await bindingsOf(db, user.id) },
      ip: 'seed',
      lang: 'zh',
    };
  };
  const unit = async (kind: string, name: string) => {
    const [r] = await rows<{ id: number; streetId: number }>(
      db,
      sql`select id, street_id as "streetId" from org_units where kind = ${kind} and name = ${name} order by id limit 1`,
    );
    if (!r) throw new Error(`demo ${kind} ${name} missing`);
    return r;
  };
  const street = await ctxOf('13700000002');
  const community = await ctxOf('13700000004');
  const partner = await ctxOf('13700000012');
  const xinxing = await unit('community', '新兴社区');
  const xianglong = await unit('community', '祥龙社区');
  const sanbu = await unit('street', '三埠街道');
  const now = clock.now();
  const rng = new Rng(20261203);

  // Volunteers: the captain (a party member and cadre, 双报到), and 47 residents with SMS sign-in only.
  const volunteerIds: number[] = [];
  const captain = await services.volunteers.register(await ctxOf('13700000007'), {
    communityId: xinxing.id,
    skills: ['调解', '急救'],
    availability: '工作日晚上、周末',
    isPartyMember: true,
    employerUnit: '开平市三埠街道办事处',
  });
  volunteerIds.push(captain.id);
  for (let i = 0; i < 47; i++) {
    const phone = `1390750${String(1000 + i).padStart(4, '0')}`;
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 5) % GIVEN.length]}`;
    const userId = await insertUser(db, {
      name,
      phoneEnc: cipher.encrypt(phone),
      phoneHash: cipher.blindIndex('phone', phone),
      createdAt: new Date(now.getTime() - rng.int(30, 400) * DAY),
    });
    const ctx: RequestContext = { actor: { userId, name, bindings: [] }, ip: 'seed', lang: 'zh' };
    const v = await services.volunteers.register(ctx, {
      communityId: xinxing.id,
      skills: [SKILLS[i % SKILLS.length]!, SKILLS[(i + 4) % SKILLS.length]!],
      availability: i % 3 === 0 ? '周末' : '工作日白天',
      isPartyMember: i % 4 === 0,
      employerUnit: i % 8 === 0 ? '开平市供电局三埠供电所' : undefined,
    });
    volunteerIds.push(v.id);
  }
  const teamIds: number[] = [];
  for (const [i, t] of DEMO_TEAMS.entries()) {
    const team = await services.volunteers.createTeam(community, {
      orgUnitId: xinxing.id,
      name: t.name,
      speciality: t.speciality as 'mediation',
      leaderVolunteerId: volunteerIds[i * 3]!,
    });
    teamIds.push(team.id);
    for (const k of [1, 2]) await services.volunteers.addMember(community, team.id, volunteerIds[i * 3 + k]!);
  }

  // Past sessions (公益市集, three 四点半课堂) with attendance and confirmed hours, written as they happened.
  const past = async (
    title: string,
    kind: string,
    daysAgo: number,
    hours: number,
    served: number,
    teamIdx: number | null,
  ) => {
    const startsAt = new Date(now.getTime() - daysAgo * DAY - 2 * HOUR);
    const [a] = await db
      .insert(volunteerActivities)
      .values({
        streetId: xinxing.streetId,
        orgUnitId: xinxing.id,
        path: (await rows<{ path: string }>(db, sql`select path from org_units where id = ${xinxing.id}`))[0]!.path,
        teamId: teamIdx === null ? null : teamIds[teamIdx]!,
        kind,
        title,
        place: kind === 'market' ? '新兴社区文化长廊' : '新兴社区党群服务中心 四点半课堂',
        startsAt,
        endsAt: new Date(startsAt.getTime() + hours * HOUR),
        capacity: 20,
        roles: [],
        servedCount: served,
        checkinToken: `seed${rng.int(100000, 999999)}${daysAgo}x${kind}`.padEnd(24, 'k'),
        createdBy: community.actor.userId,
        createdAt: new Date(startsAt.getTime() - 7 * DAY),
      })
      .returning({ id: volunteerActivities.id });
    const pool = volunteerIds.slice(1);
    const start = rng.int(0, pool.length - 8);
    const picked = pool.slice(start, start + 8);
    await db.insert(activitySignups).values(
      picked.map((volunteerId) => ({
        activityId: a!.id,
        volunteerId,
        streetId: xinxing.streetId,
        status: 'confirmed',
        createdAt: new Date(startsAt.getTime() - 3 * DAY),
        checkedInAt: startsAt,
        checkedInBy: 'qr',
        checkedOutAt: new Date(startsAt.getTime() + hours * HOUR),
        hours,
        hoursConfirmedBy: community.actor.userId,
        hoursConfirmedAt: new Date(startsAt.getTime() + (hours + 1) * HOUR),
      })),
    );
  };
  await past('公益市集', 'market', 14, 3, 230, 6);
  for (const d of [21, 14, 7]) await past('四点半课堂', 'after_school', d, 2, 35, 2);

  // To come: the 义诊 is about to start (check-in open), the drill and the partner's activity later.
  const clinic = await services.activities.create(community, {
    orgUnitId: xinxing.id,
    teamId: teamIds[3],
    kind: 'clinic',
    title: '健康义诊进社区',
    place: '新兴社区党群服务中心',
    startsAt: new Date(now.getTime() + 20 * 60_000).toISOString(),
    endsAt: new Date(now.getTime() + 20 * 60_000 + 3 * HOUR).toISOString(),
    capacity: 12,
    roles: ['量血压', '测血糖', '秩序引导'],
    points: 10,
    description: '联合区卫健部门开展健康义诊：量血压、测血糖、用药咨询。志愿者请提前 10 分钟到场扫码签到。',
  });
  for (const v of volunteerIds.slice(3, 9)) {
    const u = await rows<{ userId: number; name: string }>(
      db,
      sql`select v.user_id as "userId", u.name from volunteers v join users u on u.id = v.user_id where v.id = ${v}`,
    );
    await services.activitySignups.signUp(
      { actor: { userId: u[0]!.userId, name: u[0]!.name, bindings: [] }, ip: 'seed', lang: 'zh' },
      clinic.id,
      '量血压',
    );
  }
  await services.activities.create(community, {
    orgUnitId: xinxing.id,
    teamId: teamIds[4],
    kind: 'fire_drill',
    title: '高层住宅消防演练',
    place: '立园雅苑 中心广场',
    startsAt: new Date(now.getTime() + 5 * DAY).toISOString(),
    endsAt: new Date(now.getTime() + 5 * DAY + 2 * HOUR).toISOString(),
    capacity: 20,
    roles: ['疏散引导', '灭火器演示'],
    points: 5,
  });
  await services.activities.create(community, {
    orgUnitId: xinxing.id,
    kind: 'meal_delivery',
    title: '青邻食堂 · 长者送餐',
    place: '新兴社区长者饭堂',
    startsAt: new Date(now.getTime() + 2 * DAY).toISOString(),
    endsAt: new Date(now.getTime() + 2 * DAY + 2 * HOUR).toISOString(),
    capacity: 6,
    roles: ['送餐'],
    points: 5,
  });

  // Partners: agreements with the street's three partner units.
  const orgs = await rows<{ id: number; name: string }>(
    db,
    sql`select id, name from org_units where kind = 'partner_org' and street_id = ${sanbu.id} order by id`,
  );
  const org = (name: string) => orgs.find((o) => o.name === name)!.id;
  const year = now.getUTCFullYear();
  const agreement = (p: string, categories: string[], services_: string, beneficiaries: string, title: string) =>
    services.partnerAgreements.createAgreement(street, {
      partnerOrgId: org(p),
      scopeOrgUnitId: sanbu.id,
      title,
      services: services_,
      beneficiaries,
      categories: categories as 'lighting'[],
      startsOn: `${year}-01-01`,
      endsOn: `${year + 1}-12-31`,
    });
  await agreement(
    '开平市供电局三埠供电所',
    ['lighting', 'power', 'safety'],
    '老旧小区楼道照明改造、用电安全检查、配电设施隐患排查',
    '三埠街道老旧小区居民',
    '党建共建 · 电力便民服务协议',
  );
  await agreement(
    '三埠惠民超市',
    ['elderly_care', 'other'],
    '长者购物送货上门、节日慰问物资、便民理发',
    '独居老人、困难家庭',
    '商户志愿服务协议',
  );
  await agreement(
    '开平市侨乡爱心实业有限公司',
    ['elderly_care', 'childcare', 'environment'],
    '长者饭堂助餐、四点半课堂场地与物资',
    '长者、学龄儿童',
    '爱心企业共建协议',
  );
  await services.activities.create(partner, {
    orgUnitId: xinxing.id,
    partnerOrgId: org('开平市供电局三埠供电所'),
    kind: 'other',
    title: '安全用电进社区',
    place: '新兴社区党群服务中心',
    startsAt: new Date(now.getTime() + 3 * DAY).toISOString(),
    endsAt: new Date(now.getTime() + 3 * DAY + 2 * HOUR).toISOString(),
    capacity: 10,
    roles: ['讲解', '入户检查'],
    points: 0,
  });

  // 民生实事
  await services.partners.createProject(community, {
    orgUnitId: xinxing.id,
    title: '楼道照明改造',
    description: '福宁街、新兴路一带老旧楼道照明灯损坏多年，居民夜间上下楼不便。更换为声控 LED 灯并检修线路。',
    category: 'lighting',
    dueOn: shanghaiDay(new Date(now.getTime() + 60 * DAY)),
    milestones: [{ title: '入户勘查、确定改造楼栋' }, { title: '更换灯具与线路' }, { title: '居民验收评价' }],
  });
  const canteen = await services.partners.createProject(community, {
    orgUnitId: xinxing.id,
    title: '长者饭堂助餐点',
    description: '为辖区独居、高龄长者提供午餐助餐和送餐上门服务。',
    category: 'elderly_care',
    milestones: [{ title: '场地改造' }, { title: '开餐试运营' }],
  });
  // 侨乡爱心 has no demo account: its claim is made as a member of its staff would.
  const [aixinOrg] = await rows<{ id: number; path: string; name: string }>(
    db,
    sql`select id, path, name from org_units where name = '开平市侨乡爱心实业有限公司'`,
  );
  const aixin: RequestContext = {
    actor: {
      userId: partner.actor.userId,
      name: '侨乡爱心',
      bindings: [
        {
          role: 'partner',
          orgUnitId: aixinOrg!.id,
          orgUnitName: aixinOrg!.name,
          orgKind: 'partner_org',
          path: aixinOrg!.path,
          streetId: sanbu.id,
        },
      ],
    },
    ip: 'seed',
    lang: 'zh',
  };
  await services.partners.claim(aixin, canteen.id);
  const power = await services.partners.createProject(street, {
    orgUnitId: sanbu.id,
    title: '配电房安全隐患排查',
    description: '对街道内 12 个老旧小区配电房开展安全隐患排查并整改。',
    category: 'power',
    milestones: [{ title: '排查' }, { title: '整改' }],
  });
  await services.partners.claim(partner, power.id);
  const photo = (n: number) => demoPhoto(1200 + n).then((b) => services.photos.upload(partner, b));
  await services.partners.reportProgress(partner, power.id, {
    body: '已完成 12 个配电房排查，发现隐患 7 处，全部整改完毕。',
    percent: 100,
    photoIds: [(await photo(1)).id, (await photo(2)).id],
  });
  await services.partners.submit(partner, power.id);
  await services.partners.giveFeedback(await ctxOf('13700000009'), power.id, 5, '停电少了，放心多了');
  await services.partners.accept(street, power.id, '整改到位，验收通过');

  // 结对共建: 新兴社区 helps 祥龙社区, with a seconded 第一书记.
  const pair = await services.pairing.create(street, {
    mentorCommunityId: xinxing.id,
    partnerCommunityId: xianglong.id,
    goals: '推广新兴社区楼长制和志愿者队伍细分经验，帮助祥龙社区半年内组建 5 支专业志愿队。',
    secondedName: '梁慧敏',
    secondedRole: '第一书记（新兴社区居委会副书记选派）',
    startsOn: shanghaiDay(new Date(now.getTime() - 60 * DAY)),
  });
  await services.pairing.addNote(street, pair.id, {
    kind: 'visit',
    body: '第一书记驻点祥龙社区，组织首场公益市集，居民参与 120 余人次。',
    happenedOn: shanghaiDay(new Date(now.getTime() - 30 * DAY)),
  });
  await services.pairing.addNote(community, pair.id, {
    kind: 'note',
    body: '分享和事佬调解队日记簿做法，祥龙社区已登记调解志愿者 9 人。',
    happenedOn: shanghaiDay(new Date(now.getTime() - 10 * DAY)),
  });
  return { volunteers: volunteerIds.length, teams: teamIds.length };
}
