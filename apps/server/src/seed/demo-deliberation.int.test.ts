import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { loadDemoDeliberation, SEWER_FUND, SHUNDE_8 } from './demo-deliberation';
import { loadDemo } from './load-demo';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db, t.cipher, t.clock);
  await loadDemoDeliberation(t.database.db, t.cipher, t.clock, t.services);
}, 240_000);
afterAll(() => t?.close());

const get = async (url: string, phone: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: await login(t.app, phone) } });

describe('the demo deliberation', () => {
  it('shows the captain the 舜德路8号 lift vote with 12 households, 8 voted', async () => {
    const list = (await get('/api/v1/proposals', '13700000007')).json().items;
    const lift = list.find((p: { title: string }) => p.title === '加装电梯');
    expect(lift).toBeDefined();
    expect(lift.canManage).toBe(true);
    const areas = SHUNDE_8.households.reduce((s, h) => s + Math.round(h.area * 100), 0) / 100;
    expect(lift.tally).toMatchObject({
      rule: 'civil_code_major',
      status: 'open',
      eligible: { owners: 12, areaM2: areas },
    });
    expect(lift.tally.voted.owners).toBe(SHUNDE_8.votedRooms.length);
    const councils = (await get('/api/v1/councils', '13700000007')).json().items;
    expect(councils[0].meetings[0].proposalId).toBe(lift.id);
  });

  it('shows the 江滨新村10栋 captain the sewer fund with its quote, payments, and the contractor’s bill', async () => {
    const funds = (await get('/api/v1/funds', '13700000008')).json().items;
    expect(funds).toHaveLength(1);
    const f = (await get(`/api/v1/funds/${funds[0].id}`, '13700000008')).json();
    expect(f.title).toBe(SEWER_FUND.title);
    expect(f.totals.sharesFen).toBe(SEWER_FUND.totalFen);
    expect(f.totals.paidHouseholds).toBe(f.totals.households - 2);
    expect(f.expenses[0].amountFen).toBe(SEWER_FUND.expenseFen);
    // 福宁街5号's resident does not see another community's fund.
    expect((await get(`/api/v1/funds/${funds[0].id}`, '13700000009')).statusCode).toBe(404);
  });
});
