import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../test/harness';
import { loadDemo } from './load-demo';

/** The demo's captains' life matches the article: 120 applied, 50 chosen; last quarter's star captains drafted. */
let t: TestApp;
let street: string;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db, t.cipher, t.clock);
  street = await login(t.app, '13700000002');
});
afterAll(() => t.close());

describe('demo captains', () => {
  it('has 三埠街道’s drive with 120 applied, all vetted, 50 chosen, left for staff to register', async () => {
    const drives = (
      await t.app.inject({ method: 'GET', url: '/api/v1/recruitment/drives', headers: { cookie: street } })
    ).json();
    expect(drives.items).toHaveLength(1);
    expect(drives.items[0]).toMatchObject({
      places: 50,
      isOpen: false,
      counts: { applied: 120, vetted: 120, chosen: 50, registered: 0 },
    });
    // Registering a chosen applicant binds them to a building the drive wanted.
    const apps = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/recruitment/drives/${drives.items[0].id}/applications`,
        headers: { cookie: street },
      })
    ).json().items;
    const chosen = apps.find(
      (a: { status: string; buildingId: number | null }) => a.status === 'chosen' && a.buildingId,
    );
    const reg = await t.app.inject({
      method: 'POST',
      url: `/api/v1/recruitment/applications/${chosen.id}/register`,
      headers: { cookie: street },
      payload: { buildingIds: [chosen.buildingId] },
    });
    expect(reg.statusCode, reg.body).toBe(200);
  });

  it('drafts the last ended quarter’s star captains of 三埠街道 and gives every captain a record', async () => {
    const me = await login(t.app, '13700000002');
    const streetId = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: me } })).json()
      .user.roles[0].orgUnitId;
    const rounds = (
      await t.app.inject({ method: 'GET', url: `/api/v1/honours/rounds?streetId=${streetId}`, headers: { cookie: me } })
    ).json().items;
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ kind: 'star', period: '2026-Q3', status: 'draft', quotaPercent: 30 });
    expect(rounds[0].honoured).toBeGreaterThanOrEqual(1);
    const captain = await login(t.app, '13700000007');
    const rec = await t.app.inject({ method: 'GET', url: '/api/v1/captains/me', headers: { cookie: captain } });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json()).toMatchObject({ status: 'active' });
    expect(rec.json().duties.length).toBeGreaterThan(0);
  });
});
