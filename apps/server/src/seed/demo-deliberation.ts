import { sql } from 'drizzle-orm';
import type { Services } from '../app';
import { bindingsOf, findUserByPhoneHash, insertBindings } from '../modules/auth/auth.repository';
import { insertHousehold, insertResidents } from '../modules/households/households.repository';
import { insertChild } from '../modules/org/org.repository';
import type { RequestContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows } from '../platform/db';
import { demoPhoto } from './demo-chores';

const DAY = 86_400_000;

/**
 * 舜德路8号 (modelled on the Taicheng article: its captain went door to door until 12 households agreed to install a
 * lift): 12 households of different registered floor areas (m²), in room order. Phones are the owners' own; an
 * absentee owner (外地业主) signs in with theirs by SMS code and votes.
 */
export const SHUNDE_8 = {
  name: '舜德路8号',
  households: [
    { room: '101', area: 62.35, name: '黄秀英', phone: '13800008801' },
    { room: '102', area: 75.8, name: '李国华', phone: '13800008802' },
    { room: '201', area: 88.5, name: '陈美玲', phone: '13800008803' },
    { room: '202', area: 91.2, name: '伍志强', phone: '13800008804' },
    { room: '301', area: 105.65, name: '邝丽华', phone: '13800008805' },
    { room: '302', area: 68.4, name: '甄伟明', phone: '13800008806' },
    { room: '401', area: 72.15, name: '雷玉珍', phone: '13800008807' },
    { room: '402', area: 96.3, name: '黄建新', phone: '13800008808' },
    { room: '501', area: 110.75, name: '梅少芳', phone: '13800008809' },
    { room: '502', area: 58.9, name: '余炳坤', phone: '13800008810' },
    { room: '601', area: 83.45, name: '刘惠芬', phone: '13800008811' },
    { room: '602', area: 99.6, name: '朱家明', phone: '13800008812' },
  ],
  /** Rooms whose ballots the captain already took door to door when the demo starts (all 同意 but 502). */
  votedRooms: ['201', '202', '301', '302', '401', '402', '601', '602'],
} as const;

/** 江滨新村10栋 (the Kaiping article): the first-floor sewer blocked on 20 December; neighbours paid together. */
export const SEWER_FUND = {
  title: '疏通一楼下水道',
  totalFen: 60000,
  contractor: '开平市通渠施工队',
  expenseFen: 55000,
} as const;

/**
 * Deliberation and shared funds in the demo: 舜德路8号 with its 楼事会, minutes and an open civil_code_major lift vote
 * (the captain 13700000007 looks after it alongside 福宁街5号), and the 江滨新村10栋 sewer fund run by its captain
 * 13700000008 with the quote, payments with receipts, the contractor's bill and a cost list for every household.
 */
export async function loadDemoDeliberation(
  db: Db,
  cipher: PiiCipher,
  clock: Clock,
  services: Pick<Services, 'deliberation' | 'funds' | 'councils' | 'photos'>,
): Promise<{ proposals: number; funds: number }> {
  const ctxOf = async (phone: string): Promise<RequestContext> => {
    const user = await findUserByPhoneHash(db, cipher.blindIndex('phone', phone));
    if (!user) throw new Error(`demo user ${phone} missing`);
    return {
      actor: { userId: user.id, name: user.name, bindings: await bindingsOf(db, user.id) },
      ip: 'seed',
      lang: 'zh',
    };
  };
  const now = clock.now();
  const [funing] = await rows<{ id: number; parentId: number }>(
    db,
    sql`select id, parent_id as "parentId" from org_units where kind = 'building' and name = '福宁街5号' limit 1`,
  );
  if (!funing) throw new Error('demo building 福宁街5号 missing');
  const [estate] = await rows<{ id: number; path: string; depth: number; streetId: number; kind: string }>(
    db,
    sql`select id, path, depth, street_id as "streetId", kind from org_units where id = ${funing.parentId}`,
  );
  const building = await insertChild(db, estate!, {
    kind: 'building',
    name: SHUNDE_8.name,
    management: null,
    address: null,
  });
  const captainUser = await ctxOf('13700000007');
  await insertBindings(db, captainUser.actor.userId, [
    { role: 'captain', orgUnitId: building.id, streetId: building.streetId },
  ]);
  const households: number[] = [];
  for (const h of SHUNDE_8.households) {
    const row = await insertHousehold(db, {
      streetId: building.streetId as number,
      buildingId: building.id,
      path: building.path,
      unitLabel: null,
      floor: Number(h.room[0]),
      room: h.room,
      floorArea: h.area,
    });
    households.push(row.id);
    await insertResidents(db, [
      {
        householdId: row.id,
        streetId: row.streetId,
        name: h.name,
        relation: '户主',
        phoneEnc: cipher.encrypt(h.phone),
        phoneHash: cipher.blindIndex('phone', h.phone),
      },
    ]);
  }
  const captain = await ctxOf('13700000007');
  const staff = await ctxOf('13700000004');

  const council = await services.councils.create(staff, { orgUnitId: building.id, name: '舜德路8号楼事会' });
  await services.councils.addMember(captain, council.id, {
    name: captain.actor.name,
    role: 'captain',
    joinedOn: '2023-03-01',
  });
  await services.councils.addMember(captain, council.id, {
    name: '黄建新',
    role: 'owner_rep',
    householdId: households[7],
    joinedOn: '2023-03-01',
  });
  await services.councils.addMember(captain, council.id, {
    name: '刘惠芬',
    role: 'owner_rep',
    householdId: households[10],
    joinedOn: '2023-03-01',
  });
  await services.councils.addMember(staff, council.id, {
    name: staff.actor.name,
    role: 'staff',
    joinedOn: '2023-03-01',
  });

  const drawing = await services.photos.upload(captain, await demoPhoto(7001));
  const proposal = await services.deliberation.create(captain, {
    scopeOrgUnitId: building.id,
    title: '加装电梯',
    description:
      '舜德路8号为六层无电梯旧楼，多位长者上下楼困难。拟在楼梯间外侧加装电梯一部，总造价约58万元，申请政府补贴后，' +
      '余款按楼层系数分摊（一楼不分摊）。本事项属于改建建筑物，按民法典第二百七十八条须经参与表决专有部分面积四分之三以上' +
      '且参与表决人数四分之三以上的业主同意。',
    rule: 'civil_code_major',
    deadline: new Date(now.getTime() + 10 * DAY).toISOString(),
    allowChange: true,
    attachmentPhotoIds: [drawing.id],
    options: [],
  });
  await services.councils.addMeeting(captain, council.id, {
    heldOn: new Date(now.getTime() - 20 * DAY).toISOString().slice(0, 10),
    title: '加装电梯第一次协商会',
    attendees: `${captain.actor.name}（楼长）、黄建新、刘惠芬（业主代表）、${staff.actor.name}（社区）及9户业主`,
    minutes:
      '一、介绍加装电梯的补贴政策与施工方案；二、一楼住户担心采光与噪音，约定一楼不分摊费用；三、外地业主由楼长电话联系，' +
      '可凭登记手机号在手机上表决；四、会后发起正式表决。',
    proposalId: proposal.id,
  });
  for (const [i, h] of SHUNDE_8.households.entries()) {
    if (!(SHUNDE_8.votedRooms as readonly string[]).includes(h.room)) continue;
    await services.deliberation.castBallot(captain, proposal.id, {
      householdId: households[i],
      choice: 'agree',
      via: 'door_to_door',
    });
  }
  await services.deliberation.comment(captain, proposal.id, '502 余伯在外地，已电话告知可用登记手机号在手机上表决。');

  // 江滨新村10栋: the sewer fund.
  const captain2 = await ctxOf('13700000008');
  const jiangbin = captain2.actor.bindings.find((b) => b.role === 'captain')!;
  const quote = await services.photos.upload(captain2, await demoPhoto(7101));
  const fund = await services.funds.create(captain2, {
    buildingId: jiangbin.orgUnitId,
    title: SEWER_FUND.title,
    notice:
      '12月20日一楼下水道堵塞，污水倒灌。经社区指导，楼长与三楼住户联系施工队报价600元，按户平均分摊。' +
      '施工照片与费用清单留存，供各户查验。',
    totalFen: SEWER_FUND.totalFen,
    split: 'equal',
    quotes: [
      {
        contractor: SEWER_FUND.contractor,
        amountFen: SEWER_FUND.totalFen,
        photoId: quote.id,
        note: '含疏通、更换一楼弯头',
      },
    ],
  });
  // Most paid on the spot (不少人现场就交了钱); the captain recorded each with the receipt's photo. Two have not yet.
  for (const s of fund.shares.slice(0, -2)) {
    const receipt = await services.photos.upload(captain2, await demoPhoto(7200 + (s.householdId % 1000)));
    await services.funds.pay(captain2, fund.id, { householdId: s.householdId, receiptPhotoId: receipt.id });
  }
  const bill = await services.photos.upload(captain2, await demoPhoto(7301));
  await services.funds.addExpense(captain2, fund.id, {
    item: '疏通下水道人工及更换弯头材料',
    amountFen: SEWER_FUND.expenseFen,
    receiptPhotoId: bill.id,
    spentOn: new Date(now.getTime() - DAY).toISOString().slice(0, 10),
  });
  return { proposals: 1, funds: 1 };
}
