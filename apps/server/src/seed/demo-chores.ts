/**
 * Demo chores, loaded after the demo org tree and accounts (load-demo.ts) through the real services,
 * so every row is what the product itself would write: templates for both streets with the points of
 * reference 000 (扫一次楼梯10积分，洗一次楼梯10积分), weekly publications, and a few claims, submissions
 * and approvals for the demo captains so the demo street staff have a review queue.
 */

import { shanghaiDay } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Services } from '../app';
import { bindingsOf, findUserByPhoneHash } from '../modules/auth/auth.repository';
import type { RequestContext } from '../platform/actor';
import type { Clock } from '../platform/clock';
import type { PiiCipher } from '../platform/crypto';
import { type Db, rows } from '../platform/db';

type Category = 'cleaning' | 'patrol' | 'notice' | 'publicity' | 'hazard' | 'mediation' | 'visit';
/** name, category, points, min photos, before/after, daily limit per building, claim hours */
const TEMPLATES: [string, Category, number, number, boolean, number | null, number][] = [
  ['扫楼梯', 'cleaning', 10, 2, true, 1, 24],
  ['洗楼梯', 'cleaning', 10, 2, true, 1, 48],
  ['楼栋巡查', 'patrol', 5, 1, false, 1, 24],
  ['张贴通知', 'notice', 3, 1, false, null, 48],
  ['政策宣传', 'publicity', 5, 1, false, null, 72],
  ['隐患排查', 'hazard', 8, 1, false, 1, 48],
  ['矛盾调解', 'mediation', 15, 1, false, null, 168],
  ['入户走访', 'visit', 8, 1, false, null, 72],
];

const DEMO = {
  sanbuStaff: '13700000002',
  changshaStaff: '13700000003',
  captain: '13700000007',
  captain2: '13700000008',
};

/** A small stairwell-ish picture, different for each `n` (so no false duplicate flags in the demo). */
export async function demoPhoto(n: number): Promise<Buffer> {
  let s = (n * 2654435761) >>> 0;
  const next = () => {
    s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0;
    return s & 0xff;
  };
  const raw = Buffer.alloc(16 * 12 * 3);
  for (let i = 0; i < 16 * 12; i++) {
    const g = next();
    raw[i * 3] = g;
    raw[i * 3 + 1] = (g + 40) & 0xff;
    raw[i * 3 + 2] = (g + 90) & 0xff;
  }
  return sharp(raw, { raw: { width: 16, height: 12, channels: 3 } })
    .resize(320, 240, { kernel: 'nearest' })
    .jpeg({ quality: 70 })
    .toBuffer();
}

async function orgUnitIdByName(db: Db, name: string, kind: string): Promise<number> {
  const [r] = await rows<{ id: number }>(
    db,
    sql`select id from org_units where name = ${name} and kind = ${kind} limit 1`,
  );
  if (!r) throw new Error(`demo org unit ${name} missing`);
  return r.id;
}

/** Monday of the Shanghai week `now` falls in. */
function mondayOf(now: Date): string {
  const day = shanghaiDay(now);
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return new Date(Date.parse(`${day}T00:00:00Z`) - dow * 86_400_000).toISOString().slice(0, 10);
}

export async function loadDemoChores(
  db: Db,
  cipher: PiiCipher,
  clock: Clock,
  services: Pick<Services, 'choreTemplates' | 'chorePublishing' | 'chores' | 'choreReview' | 'photos'>,
): Promise<{ templates: number; tasks: number; submissions: number }> {
  const ctxOf = async (phone: string): Promise<RequestContext> => {
    const user = await findUserByPhoneHash(db, cipher.blindIndex('phone', phone));
    if (!user) throw new Error(`demo user ${phone} missing`);
    return {
      actor: { userId: user.id, name: user.name, bindings: await bindingsOf(db, user.id) },
      ip: 'seed',
      lang: 'zh',
    };
  };
  const sanbu = await ctxOf(DEMO.sanbuStaff);
  const changsha = await ctxOf(DEMO.changshaStaff);
  const captain = await ctxOf(DEMO.captain);
  const captain2 = await ctxOf(DEMO.captain2);

  const templatesOf = async (ctx: RequestContext) => {
    const byName = new Map<string, number>();
    for (const [name, category, points, minPhotos, beforeAfter, dailyLimitPerBuilding, claimTtlHours] of TEMPLATES) {
      const t = await services.choreTemplates.create(ctx, {
        name,
        category,
        points,
        minPhotos,
        beforeAfter,
        dailyLimitPerBuilding,
        claimTtlHours,
      });
      byName.set(name, t.id);
    }
    return byName;
  };
  const sanbuTemplates = await templatesOf(sanbu);
  const changshaTemplates = await templatesOf(changsha);

  const monday = mondayOf(clock.now());
  let tasks = 0;
  const publish = async (ctx: RequestContext, templateId: number, orgUnitId: number, recurrence: 'once' | 'weekly') => {
    const p = await services.chorePublishing.publish(ctx, { templateId, orgUnitId, recurrence, startsOn: monday });
    tasks += p.tasksCreated;
  };
  const xinxing = await orgUnitIdByName(db, '新兴社区', 'community');
  const xianglong = await orgUnitIdByName(db, '祥龙社区', 'community');
  const musha = await orgUnitIdByName(db, '幕沙社区', 'community');
  await publish(sanbu, sanbuTemplates.get('扫楼梯') as number, xinxing, 'weekly');
  await publish(sanbu, sanbuTemplates.get('扫楼梯') as number, xianglong, 'weekly');
  await publish(sanbu, sanbuTemplates.get('楼栋巡查') as number, xinxing, 'weekly');
  await publish(changsha, changshaTemplates.get('楼栋巡查') as number, musha, 'weekly');

  const captainBuilding = captain.actor.bindings.find((b) => b.role === 'captain')?.orgUnitId as number;
  const captain2Building = captain2.actor.bindings.find((b) => b.role === 'captain')?.orgUnitId as number;
  await publish(sanbu, sanbuTemplates.get('政策宣传') as number, captainBuilding, 'once');
  await publish(changsha, changshaTemplates.get('入户走访') as number, captain2Building, 'once');

  let photoSeq = 0;
  let submissions = 0;
  /** Claims the captain's open task of `templateName` and submits proof; returns the submission id. */
  const doChore = async (ctx: RequestContext, templateName: string, note: string) => {
    const open = await services.chores.myTasks(ctx, { view: 'open', limit: 200 });
    const task = open.items.find((t) => t.name === templateName);
    if (!task) throw new Error(`no open ${templateName} for ${ctx.actor.name}`);
    await services.chores.claim(ctx, task.id);
    const kinds: ('before' | 'after' | 'other')[] = task.beforeAfter ? ['before', 'after'] : ['other'];
    const photos = [];
    for (const kind of kinds) {
      const p = await services.photos.upload(ctx, await demoPhoto(++photoSeq));
      photos.push({ id: p.id, kind });
    }
    const s = await services.chores.submit(ctx, task.id, { photos, note });
    submissions++;
    return s.id;
  };

  // 福宁街5号 (新兴社区): a patrol approved (points credited), a sweep and a publicity round awaiting review.
  const patrol = await doChore(captain, '楼栋巡查', '楼道照明正常，消防通道畅通');
  await services.choreReview.approve(sanbu, patrol);
  await doChore(captain, '扫楼梯', '已清扫一至六楼楼梯及扶手');
  await doChore(captain, '政策宣传', '已向本楼住户宣传防诈骗知识');
  // 江滨新村10栋 (幕沙社区): a visit approved, a patrol awaiting review.
  const visit = await doChore(captain2, '入户走访', '走访独居老人，身体状况良好');
  await services.choreReview.approve(changsha, visit);
  await doChore(captain2, '楼栋巡查', '发现三楼楼道灯不亮，已报修');

  return { templates: TEMPLATES.length * 2, tasks, submissions };
}
