import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { loadDemoChores } from './demo-chores';
import { loadDemo } from './load-demo';

let t: TestApp;
let loaded: Awaited<ReturnType<typeof loadDemoChores>>;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db, t.cipher, t.clock);
  loaded = await loadDemoChores(t.database.db, t.cipher, t.clock, t.services);
}, 180_000);
afterAll(() => t.close());

const get = async (url: string, phone: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: await login(t.app, phone) } });

describe('demo chores', () => {
  it('gives the demo street staff a review queue and the demo captains tasks and points', async () => {
    expect(loaded.templates).toBe(16);
    expect(loaded.submissions).toBe(5);
    const sanbuQueue = (await get('/api/v1/chores/review-queue', '13700000002')).json().items;
    expect(sanbuQueue.map((s: { templateName: string }) => s.templateName).sort()).toEqual(['扫楼梯', '政策宣传']);
    expect(sanbuQueue.every((s: { duplicateFlags: unknown[] }) => s.duplicateFlags.length === 0)).toBe(true);
    const changshaQueue = (await get('/api/v1/chores/review-queue', '13700000003')).json().items;
    expect(changshaQueue.map((s: { templateName: string }) => s.templateName)).toEqual(['楼栋巡查']);
    // The demo points history (seed/points-mall.ts) comes first; the chore approvals are the newest credits.
    expect((await get('/api/v1/points/me', '13700000007')).json().items[0]).toMatchObject({
      kind: 'chore_award',
      amount: 5,
    });
    expect((await get('/api/v1/points/me', '13700000008')).json().items[0]).toMatchObject({
      kind: 'chore_award',
      amount: 8,
    });
    const open = (await get('/api/v1/chores/tasks?view=all', '13700000007')).json().items;
    expect(open.some((x: { status: string; claimedByMe: boolean }) => x.status === 'approved' && x.claimedByMe)).toBe(
      true,
    );
    const detail = await get(`/api/v1/chores/submissions/${sanbuQueue[0].id}`, '13700000002');
    const thumb = await get(detail.json().photos[0].thumbUrl, '13700000002');
    expect(thumb.statusCode).toBe(200);
    expect((await get('/api/v1/captains', '13700000004')).json().items.length).toBeGreaterThan(0);
  });
});
