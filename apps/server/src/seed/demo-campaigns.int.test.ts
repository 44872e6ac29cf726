import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { loadDemoCampaigns } from './demo-campaigns';
import { loadDemo } from './load-demo';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db, t.cipher, t.clock);
  await loadDemoCampaigns(t.database.db, t.cipher, t.clock, t.services);
}, 180_000);
afterAll(() => t?.close());

const get = async (url: string, phone: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: await login(t.app, phone) } });

describe('the demo campaign', () => {
  it('shows 新兴社区 the article’s numbers: 31 clutter sites, 22 abandoned cars, 12 stalls and 25 vegetable plots cleared', async () => {
    const list = (await get('/api/v1/campaigns', '13700000004')).json();
    expect(list.items).toHaveLength(1);
    const c = list.items[0];
    expect(c.title).toBe('综合执法进小区专项行动');
    expect(c.departments[0]).toMatchObject({ name: '开平市住房和城乡建设局', isLead: true });
    const p = (await get(`/api/v1/campaigns/${c.id}/progress`, '13700000004')).json();
    const cleared = Object.fromEntries(p.byType.map((x: { type: string; cleared: number }) => [x.type, x.cleared]));
    expect(cleared).toMatchObject({ clutter: 31, abandoned_vehicle: 22, street_stall: 12, vegetable_plot: 25 });
    expect(p.totals).toMatchObject({ cleared: 90, open: 3, notClearable: 1 });
    // The other street's staff do not see it.
    expect((await get('/api/v1/campaigns', '13700000003')).json().items).toEqual([]);
  });

  it('leaves 城管 two sites to accept (报到), with their photos', async () => {
    const mine = (await get('/api/v1/campaign-sites/mine', '13700000010')).json().items;
    const waiting = mine.filter((s: { status: string }) => s.status === 'assigned');
    expect(waiting).toHaveLength(2);
    expect(waiting[0].can.accept).toBe(true);
    expect((await get(waiting[0].photo.thumbUrl, '13700000010')).statusCode).toBe(200);
  });
});
