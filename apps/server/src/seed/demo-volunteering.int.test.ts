import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { DEMO_TEAMS, loadDemoVolunteering } from './demo-volunteering';
import { loadDemo } from './load-demo';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db, t.cipher, t.clock);
  await loadDemoVolunteering(t.database.db, t.cipher, t.clock, t.services);
}, 180_000);
afterAll(() => t?.close());

const get = async (url: string, phone: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: await login(t.app, phone) } });

describe('the demo volunteering and partners', () => {
  it('gives 新兴社区 the 16 teams and a 义诊 open for check-in now', async () => {
    const teams = (await get('/api/v1/volunteer-teams', '13700000004')).json().items;
    expect(teams).toHaveLength(16);
    expect(teams.map((x: { name: string }) => x.name)).toEqual(DEMO_TEAMS.map((x) => x.name));
    const acts = (await get('/api/v1/activities', '13700000009')).json().items;
    const clinic = acts.find((a: { title: string }) => a.title === '健康义诊进社区');
    expect(clinic).toMatchObject({ kind: 'clinic', capacity: 12, confirmed: 6, points: 10 });
    const f = (await get(`/api/v1/volunteer-figures?orgUnitId=${clinic.orgUnitId}`, '13700000004')).json();
    expect(f).toMatchObject({ volunteers: 48, peopleServed: 230 + 3 * 35, sessions: 4, teams: 16 });
    expect(f.volunteerHours).toBe(8 * 3 + 3 * 8 * 2);
  });

  it('shows the demo partner its agreement, the accepted project and 楼道照明改造 to claim', async () => {
    const c = (await get('/api/v1/partner-console', '13700000012')).json();
    expect(c.partners[0].name).toBe('开平市供电局三埠供电所');
    expect(c.agreements[0]).toMatchObject({ isCurrent: true });
    expect(c.projects.map((p: { title: string; status: string }) => [p.title, p.status])).toEqual([
      ['配电房安全隐患排查', 'accepted'],
    ]);
    expect(c.claimable.map((p: { title: string }) => p.title)).toEqual(['楼道照明改造']);
    const pairs = (await get('/api/v1/community-pairs', '13700000002')).json().items;
    expect(pairs[0]).toMatchObject({ mentorName: '新兴社区', partnerName: '祥龙社区' });
  });
});
