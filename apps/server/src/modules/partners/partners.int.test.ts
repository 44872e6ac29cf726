import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { jpeg } from '../../../test/world';
import { rows } from '../../platform/db';

/**
 * Partners through HTTP (docs/rules.md#partners): agreements, livelihood projects claimed only within an
 * agreement's scope and only once (concurrent claims: one winner), progress with photos, residents' feedback,
 * acceptance by staff, the partner's console, and community pairing with notes.
 */
let t: TestApp;
let a: Tree;
let community2: Awaited<ReturnType<typeof child>>;
const cookies: Record<string, string> = {};
const orgs: Record<string, { id: number }> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 12 });
  t.clock.set('2026-12-03T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  community2 = await child(db, a.street, 'community');
  const far = await buildTree(db);
  orgs.power = await child(db, a.street, 'partner_org', '开平市供电局三埠供电所');
  orgs.market = await child(db, a.street, 'partner_org', '三埠惠民超市');
  orgs.builder = await child(db, a.street, 'partner_org', '侨乡建筑');
  orgs.farPartner = await child(db, far.street, 'partner_org', '外街道企业');
  const u = async (key: string, role: Parameters<typeof buildUser>[2][number]['role'], unit: Tree['street']) => {
    const x = await buildUser(db, t.cipher, [{ role, unit }]);
    cookies[key] = await login(t.app, x.phone);
  };
  await u('street', 'street_staff', a.street);
  await u('community', 'community_staff', a.community);
  await u('community2', 'community_staff', community2);
  await u('resident', 'resident', a.building);
  await u('farResident', 'resident', far.building);
  await u('power', 'partner', orgs.power as never);
  await u('market', 'partner', orgs.market as never);
  await u('builder', 'partner', orgs.builder as never);
});
afterAll(() => t?.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const status = async (id: number) =>
  (await rows<{ status: string }>(t.database.db, sql`select status from livelihood_projects where id = ${id}`))[0]!
    .status;

async function agreement(partner: string, categories: string[], over: object = {}) {
  const res = await call('street', 'POST', '/api/v1/partner-agreements', {
    partnerOrgId: orgs[partner]!.id,
    scopeOrgUnitId: a.street.id,
    title: '共建服务协议',
    services: '楼道照明检修、用电安全检查',
    beneficiaries: '辖区老旧小区居民',
    categories,
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function project(title: string, category: string) {
  const res = await call('community', 'POST', '/api/v1/livelihood-projects', {
    orgUnitId: a.community.id,
    title,
    description: '老旧小区楼道照明改造为声控 LED 灯',
    category,
    dueOn: '2027-03-31',
    milestones: [{ title: '入户勘查' }, { title: '施工完成' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function photoOf(who: string) {
  const mp = multipartFile('file', 'p.jpg', await jpeg(Math.floor(Math.random() * 255)), 'image/jpeg');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie: cookies[who]! },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as number;
}

describe('agreements', () => {
  it('are signed with a partner of the street, for a period that does not end before it starts', async () => {
    const g = await agreement('power', ['lighting', 'power']);
    expect(g).toMatchObject({
      partnerName: '开平市供电局三埠供电所',
      isCurrent: true,
      categories: ['lighting', 'power'],
    });
    const far = await call('street', 'POST', '/api/v1/partner-agreements', {
      ...g,
      partnerOrgId: orgs.farPartner!.id,
      scopeOrgUnitId: a.street.id,
      id: undefined,
      partnerName: undefined,
    });
    expect(far.statusCode).toBe(400); // unknown fields refused before anything is judged
    const bad = await call('street', 'POST', '/api/v1/partner-agreements', {
      partnerOrgId: orgs.farPartner!.id,
      scopeOrgUnitId: a.street.id,
      title: '协议',
      services: '服务',
      beneficiaries: '居民',
      categories: ['lighting'],
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    expect(bad.json().error.code).toBe('AGREEMENT_PARTNER_INVALID');
    const period = await call('street', 'POST', '/api/v1/partner-agreements', {
      partnerOrgId: orgs.market!.id,
      scopeOrgUnitId: a.street.id,
      title: '协议',
      services: '服务',
      beneficiaries: '居民',
      categories: ['elderly_care'],
      startsOn: '2026-12-31',
      endsOn: '2026-01-01',
    });
    expect(period.json().error.code).toBe('AGREEMENT_PERIOD_INVALID');
    await agreement('market', ['elderly_care']);
    await agreement('builder', ['lighting']);
    expect((await call('resident', 'GET', '/api/v1/partner-agreements')).statusCode).toBe(403);
    const mine = (await call('power', 'GET', '/api/v1/partner-agreements')).json().items;
    expect(mine.map((x: { partnerName: string }) => x.partnerName)).toEqual(['开平市供电局三埠供电所']);
  });
});

describe('livelihood projects', () => {
  let lighting: { id: number; milestones: { id: number }[] };
  it('refuse a claim outside the agreement, then let the partner claim within it, once', async () => {
    lighting = await project('楼道照明改造', 'lighting');
    const care = await project('长者饭堂', 'elderly_care');
    const outside = await call('power', 'POST', `/api/v1/livelihood-projects/${care.id}/claim`, {});
    expect(outside.json().error.code).toBe('PROJECT_OUTSIDE_AGREEMENT');
    expect(await status(care.id)).toBe('published');
    const claimed = await call('power', 'POST', `/api/v1/livelihood-projects/${lighting.id}/claim`, {});
    expect(claimed.json()).toMatchObject({ status: 'claimed', partnerName: '开平市供电局三埠供电所', canReport: true });
    const again = await call('builder', 'POST', `/api/v1/livelihood-projects/${lighting.id}/claim`, {});
    expect(again.json().error.code).toBe('PROJECT_ALREADY_CLAIMED');
    expect((await call('resident', 'POST', `/api/v1/livelihood-projects/${care.id}/claim`, {})).statusCode).toBe(403);
  });

  it('let exactly one of concurrent claims win', async () => {
    const p = await project('路灯补装', 'lighting');
    const [r1, r2] = await Promise.all([
      call('power', 'POST', `/api/v1/livelihood-projects/${p.id}/claim`, {}),
      call('builder', 'POST', `/api/v1/livelihood-projects/${p.id}/claim`, {}),
    ]);
    expect([r1!.statusCode, r2!.statusCode].sort()).toEqual([200, 409]);
    const winner = [r1!, r2!].find((r) => r.statusCode === 200)!.json().partnerOrgId;
    const [row] = await rows<{ partnerOrgId: number }>(
      t.database.db,
      sql`select partner_org_id as "partnerOrgId" from livelihood_projects where id = ${p.id}`,
    );
    expect(row!.partnerOrgId).toBe(winner);
  });

  it('takes progress with photos, feedback from residents, and acceptance by staff', async () => {
    const photo = await photoOf('power');
    const notMine = await photoOf('builder');
    const stolen = await call('power', 'POST', `/api/v1/livelihood-projects/${lighting.id}/progress`, {
      body: '已完成',
      percent: 50,
      photoIds: [notMine],
    });
    expect(stolen.statusCode).toBe(400);
    expect(
      (
        await call('builder', 'POST', `/api/v1/livelihood-projects/${lighting.id}/progress`, {
          body: '我来',
          percent: 10,
        })
      ).statusCode,
    ).toBe(403);
    const done = await call('power', 'POST', `/api/v1/project-milestones/${lighting.milestones[0]!.id}/done`);
    expect(done.json().milestones[0].doneAt).not.toBeNull();
    const rep = await call('power', 'POST', `/api/v1/livelihood-projects/${lighting.id}/progress`, {
      body: '3 栋楼道已更换声控 LED 灯 24 盏',
      percent: 60,
      photoIds: [photo],
      milestoneId: lighting.milestones[0]!.id,
    });
    expect(rep.json()).toMatchObject({ percent: 60, progress: [{ percent: 60, photos: [{ id: photo }] }] });
    // Residents under the project see it and its photos; someone far away does not.
    expect((await call('resident', 'GET', `/api/v1/photos/${photo}`)).statusCode).toBe(200);
    expect((await call('farResident', 'GET', `/api/v1/photos/${photo}`)).statusCode).toBe(404);
    expect((await call('farResident', 'GET', `/api/v1/livelihood-projects/${lighting.id}`)).statusCode).toBe(404);
    const fb = await call('resident', 'POST', `/api/v1/livelihood-projects/${lighting.id}/feedback`, {
      rating: 5,
      comment: '晚上回家亮堂了',
    });
    expect(fb.json()).toMatchObject({ averageRating: 5, canGiveFeedback: false });
    expect(
      (await call('resident', 'POST', `/api/v1/livelihood-projects/${lighting.id}/feedback`, { rating: 1 })).json()
        .error.code,
    ).toBe('FEEDBACK_EXISTS');
    expect(
      (await call('street', 'POST', `/api/v1/livelihood-projects/${lighting.id}/accept`, {})).json().error.code,
    ).toBe('PROJECT_STATE');
    expect((await call('power', 'POST', `/api/v1/livelihood-projects/${lighting.id}/submit`)).json().status).toBe(
      'submitted',
    );
    expect((await call('power', 'POST', `/api/v1/livelihood-projects/${lighting.id}/accept`, {})).statusCode).toBe(403);
    expect((await call('community2', 'POST', `/api/v1/livelihood-projects/${lighting.id}/accept`, {})).statusCode).toBe(
      404,
    );
    const accepted = await call('street', 'POST', `/api/v1/livelihood-projects/${lighting.id}/accept`, {
      note: '验收合格',
    });
    expect(accepted.json()).toMatchObject({ status: 'accepted', acceptanceNote: '验收合格' });
    expect(await status(lighting.id)).toBe('accepted');
  });

  it('shows the partner its console: agreements, its projects and what it may claim now', async () => {
    const open = await project('配电房安全检查', 'power');
    const c = (await call('power', 'GET', '/api/v1/partner-console')).json();
    expect(c.partners).toEqual([{ id: orgs.power!.id, name: '开平市供电局三埠供电所' }]);
    expect(c.agreements).toHaveLength(1);
    expect(c.projects.map((p: { title: string }) => p.title)).toContain('楼道照明改造');
    expect(c.claimable.map((p: { id: number }) => p.id)).toContain(open.id);
    expect(c.claimable.map((p: { title: string }) => p.title)).not.toContain('长者饭堂');
    expect((await call('community', 'GET', '/api/v1/partner-console')).statusCode).toBe(403);
  });
});

describe('community pairing', () => {
  it('pairs two communities once, with notes and visits by either side', async () => {
    const res = await call('street', 'POST', '/api/v1/community-pairs', {
      mentorCommunityId: a.community.id,
      partnerCommunityId: community2.id,
      goals: '共享网格化治理经验，帮助建立楼长队伍',
      secondedName: '梁志坚',
      secondedRole: '第一书记',
      startsOn: '2026-09-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    const pair = res.json();
    const twice = await call('street', 'POST', '/api/v1/community-pairs', {
      mentorCommunityId: a.community.id,
      partnerCommunityId: community2.id,
      goals: '再来一次',
      startsOn: '2026-09-01',
    });
    expect(twice.json().error.code).toBe('PAIR_EXISTS');
    expect(
      (
        await call('community', 'POST', '/api/v1/community-pairs', {
          mentorCommunityId: a.community.id,
          partnerCommunityId: community2.id,
          goals: 'x',
          startsOn: '2026-09-01',
        })
      ).statusCode,
    ).toBe(403);
    const note = await call('community2', 'POST', `/api/v1/community-pairs/${pair.id}/notes`, {
      kind: 'visit',
      body: '到示范社区学习楼长制',
      happenedOn: '2026-11-20',
    });
    expect(note.json().notes).toMatchObject([{ kind: 'visit', body: '到示范社区学习楼长制' }]);
    expect((await call('resident', 'GET', '/api/v1/community-pairs')).statusCode).toBe(403);
  });
});
