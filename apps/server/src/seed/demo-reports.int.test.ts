import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { type Db, rows } from '../platform/db';
import { loadDemoReports } from './demo-reports';
import { loadDemo } from './load-demo';

let t: TestApp;
let seedMs = 0;

beforeAll(async () => {
  t = await startTestApp();
  const started = performance.now();
  await loadDemo(t.database.db, t.cipher, t.clock);
  seedMs = performance.now() - started;
});
afterAll(() => t.close());

const get = async (phone: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: await login(t.app, phone) } });

describe('demo reports', () => {
  it('spreads a few hundred reports over every level and state, with consistent timelines', async () => {
    const [c] = await rows<{ n: number; levels: number; states: number; dept: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(distinct level)::int as levels, count(distinct status)::int as states,
                 count(*) filter (where level = 5 and department_id is not null)::int as dept from reports`,
    );
    expect(c?.n).toBeGreaterThanOrEqual(300);
    expect(c?.levels).toBe(5);
    expect(c?.states).toBeGreaterThanOrEqual(6);
    expect(c?.dept).toBeGreaterThan(10);
    const [bad] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from reports r
           where r.version <> (select count(*) from report_events e where e.report_id = r.id)
              or r.status <> (select e.to_status from report_events e where e.report_id = r.id order by e.version desc limit 1)`,
    );
    expect(bad?.n).toBe(0);
    process.stdout.write(`demo data with reports loaded in ${Math.round(seedMs)} ms\n`);
  });

  it('gives the demo accounts something in their inboxes and lists', async () => {
    const captain = (await get('13700000007', '/api/v1/reports?view=handling')).json();
    expect(captain.items.length).toBeGreaterThan(0);
    const dept = (await get('13700000010', '/api/v1/reports')).json();
    expect(dept.items.length).toBeGreaterThan(0);
    expect(dept.items.every((r: { departmentId: number | null }) => r.departmentId !== null)).toBe(true);
    const resident = (await get('13700000009', '/api/v1/reports?view=mine')).json();
    expect(resident.items.length).toBeGreaterThan(0);
    for (const phone of ['13700000007', '13700000006', '13700000004', '13700000010']) {
      expect((await get(phone, '/api/v1/notifications')).json().items.length, phone).toBeGreaterThan(0);
    }
    const figures = (await get('13700000002', '/api/v1/reports/figures')).json();
    expect(figures.total.received).toBeGreaterThan(100);
    expect(figures.total.shareResolvedWithinCommunity).toBeGreaterThan(0.5);
  });

  it('adds another batch fast with bulk inserts', async () => {
    const started = performance.now();
    const r = await t.database.db.transaction((tx) =>
      loadDemoReports(tx as unknown as Db, t.clock.now(), { count: 400, seed: 7 }),
    );
    const ms = performance.now() - started;
    process.stdout.write(`400 demo reports (${r.events} events) in ${Math.round(ms)} ms\n`);
    expect(r.reports).toBe(400);
  });

  it('leaves the clocks consistent: the SLA job moves every report whose clock ran out, once', async () => {
    const now = t.clock.now();
    const due = async () =>
      (
        await rows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from reports where due_at <= ${now.toISOString()}::timestamptz`,
        )
      )[0]?.n ?? 0;
    const before = await due();
    expect(before).toBeGreaterThan(0); // the demo data has reports whose clock already ran out
    let moved = 0;
    for (let pass = 0; pass < 10; pass++) {
      const m = await t.services.reports.runClocks(now);
      if (m === 0) break;
      moved += m;
    }
    expect(moved).toBe(before);
    expect(await due()).toBe(0);
    expect(await t.services.reports.runClocks(now)).toBe(0);
  });
});
