import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { loadDemo } from './load-demo';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db, t.cipher, t.clock);
}, 180_000);
afterAll(() => t?.close());

const get = async (url: string, phone: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: await login(t.app, phone) } });

describe('demo care visits and notices', () => {
  it('gives 新兴社区 people in care, many with a visitor, some due and some overdue', async () => {
    const community = (await get('/api/v1/care/people', '13700000004')).json();
    expect(community.counts.total).toBeGreaterThan(20);
    // Buildings with no captain in grids with no grid worker leave people for the community to assign.
    expect(community.counts.total - community.counts.unassigned).toBeGreaterThan(10);
    expect(community.counts.overdue).toBeGreaterThan(0);
    expect(community.counts.total - community.counts.overdue - community.counts.dueToday).toBeGreaterThan(0);
    const grid = (await get('/api/v1/care/people?mine=1', '13700000006')).json();
    expect(grid.items.length).toBeGreaterThan(0);
    const captain = (await get('/api/v1/care/people?mine=1', '13700000007')).json();
    expect(captain.items.length).toBeGreaterThan(0);
    expect(captain.items.every((p: { address: string }) => p.address.startsWith('福宁街5号'))).toBe(true);
    // The other community's staff see none of them; street staff see no care data at all.
    const other = (await get('/api/v1/care/people', '13700000005')).json();
    const ours = new Set(community.items.map((p: { residentId: number }) => p.residentId));
    expect(other.items.filter((p: { residentId: number }) => ours.has(p.residentId))).toEqual([]);
    expect((await get('/api/v1/care/people', '13700000002')).statusCode).toBe(403);
  });

  it('gives the demo resident of 福宁街5号 the street’s, the community’s and the captain’s notices, unread', async () => {
    const feed = (await get('/api/v1/notices/feed', '13700000009')).json();
    expect(feed.items.map((n: { title: string }) => n.title)).toEqual([
      '关于开展燃气安全入户检查的通知',
      '本周六楼道杂物清理',
      '重阳敬老 · 社区义诊活动',
      '2027年度城乡居民医保开始缴费',
    ]);
    expect(feed.unreadCount).toBe(4);
  });
});
