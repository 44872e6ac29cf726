import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/**
 * The exports of 共建与民生实事: projects (for the status chosen), agreements and community pairs, each the rows
 * its list shows, audited before the first byte; refused (nothing written) for a resident. The street signs one
 * agreement with 三埠供电所 (照明 + 供电, 2026–2027); the community publishes 楼道照明改造 (照明, due 2027-03-31,
 * claimed by the partner) and then 长者饭堂 (养老助老, no date); the street pairs the community with a second.
 */
let t: TestApp;
let a: Tree;
let community2: Awaited<ReturnType<typeof child>>;
const cookies: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  t.clock.set('2026-12-03T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  community2 = await child(db, a.street, 'community');
  const power = await child(db, a.street, 'partner_org', '三埠供电所');
  for (const [key, role, unit] of [
    ['street', 'street_staff', a.street],
    ['community', 'community_staff', a.community],
    ['resident', 'resident', a.building],
    ['power', 'partner', power],
  ] as const) {
    const u = await buildUser(db, t.cipher, [{ role, unit }]);
    ids[key] = u.id;
    cookies[key] = await login(t.app, u.phone);
  }
  await post('street', '/api/v1/partner-agreements', {
    partnerOrgId: power.id,
    scopeOrgUnitId: a.street.id,
    title: '共建服务协议',
    services: '楼道照明检修',
    beneficiaries: '老旧小区居民',
    categories: ['lighting', 'power'],
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
  });
  const lighting = await post('community', '/api/v1/livelihood-projects', {
    orgUnitId: a.community.id,
    title: '楼道照明改造',
    description: '声控 LED 灯',
    category: 'lighting',
    dueOn: '2027-03-31',
  });
  await post('power', `/api/v1/livelihood-projects/${lighting.id}/claim`, {});
  await post('community', '/api/v1/livelihood-projects', {
    orgUnitId: a.community.id,
    title: '长者饭堂',
    description: '每日午餐',
    category: 'elderly_care',
  });
  await post('street', '/api/v1/community-pairs', {
    mentorCommunityId: a.community.id,
    partnerCommunityId: community2.id,
    goals: '共享网格化治理经验',
    secondedName: '梁志坚',
    secondedRole: '第一书记',
    startsOn: '2026-09-01',
  });
});
afterAll(() => t?.close());

const kit = exportKit(() => t, cookies);
const { get, post, sheetOf, expectRefused } = kit;
const audits = async (action: string, userId: number) =>
  (await kit.audits(action)).filter((x) => x.actor_user_id === userId);

describe('共建与民生实事: export', () => {
  it('writes the projects the list shows, for the status chosen, newest first', async () => {
    const s = await sheetOf('community', '/api/v1/livelihood-projects/export');
    expect(s.name).toBe('民生实事');
    expect(s.header).toEqual(['项目', '类别', '发布单位', '状态', '共建单位', '进度（%）', '计划完成']);
    expect(s.body).toEqual([
      ['长者饭堂', '养老助老', a.community.name, '待认领', null, 0, null],
      ['楼道照明改造', '照明', a.community.name, '实施中', '三埠供电所', 0, '2027-03-31'],
    ]);
    const listed = (await get('community', '/api/v1/livelihood-projects?status=claimed')).json().items;
    const claimed = await sheetOf('community', '/api/v1/livelihood-projects/export?status=claimed');
    expect(claimed.body.map((r) => r[0])).toEqual(listed.map((p: { title: string }) => p.title));
    expect(claimed.body.map((r) => r[0])).toEqual(['楼道照明改造']);
    expect(
      (await audits('livelihood_project.export', ids.community!)).map((x) => [
        x.detail.rows,
        x.detail.filters.status ?? null,
      ]),
    ).toEqual([
      [2, null],
      [1, 'claimed'],
    ]);
  });

  it('writes the agreements and the pairs the lists show', async () => {
    const g = await sheetOf('street', '/api/v1/partner-agreements/export');
    expect(g.name).toBe('共建协议');
    expect(g.header).toEqual([
      '共建单位',
      '协议名称',
      '服务内容',
      '服务对象',
      '服务区域',
      '服务类别',
      '开始日期',
      '结束日期',
    ]);
    expect(g.body).toEqual([
      [
        '三埠供电所',
        '共建服务协议',
        '楼道照明检修',
        '老旧小区居民',
        a.street.name,
        '照明、供电',
        '2026-01-01',
        '2027-12-31',
      ],
    ]);
    // The partner sees its own agreement too.
    expect((await sheetOf('power', '/api/v1/partner-agreements/export')).body.map((r) => r[1])).toEqual([
      '共建服务协议',
    ]);
    const p = await sheetOf('street', '/api/v1/community-pairs/export');
    expect(p.name).toBe('结对共建');
    expect(p.header).toEqual(['示范社区', '结对社区', '共建目标', '选派人员（第一书记）', '开始日期']);
    expect(p.body).toEqual([
      [a.community.name, community2.name, '共享网格化治理经验', '梁志坚 · 第一书记', '2026-09-01'],
    ]);
    expect((await audits('partner_agreement.export', ids.street!)).map((x) => x.detail.rows)).toEqual([1]);
    expect((await audits('community_pair.export', ids.street!)).map((x) => x.detail.rows)).toEqual([1]);
  });

  it('refuses a resident the agreements and pairs, and writes nothing', async () => {
    const urls = ['/api/v1/partner-agreements/export', '/api/v1/community-pairs/export'];
    await expectRefused('resident', urls, ['partner_agreement.export', 'community_pair.export']);
  });
});
