import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/platform/db';
import { buildTree, buildUser } from './factories';
import { login, startTestApp, type TestApp } from './harness';

let t: TestApp;
let cookie: string;
let staff: string;
let buildingId: number;
let categoryId: number;

beforeAll(async () => {
  t = await startTestApp();
  const a = await buildTree(t.database.db);
  buildingId = a.building.id;
  cookie = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }])).phone,
  );
  staff = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: a.street }])).phone,
  );
  const cats = (await t.app.inject({ method: 'GET', url: '/api/v1/report-categories', headers: { cookie } })).json();
  categoryId = (cats.items as { id: number; parentId: number | null }[]).find((c) => c.parentId !== null)?.id as number;
});
afterAll(() => t.close());

const reportCount = async () =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from reports`))[0]?.n;

describe('JSON of the wrong type', () => {
  it('refuses ids that are not JSON integers with 400 and files nothing', async () => {
    const before = await reportCount();
    const valid = { buildingId, categoryId, description: '楼道灯不亮了' };
    for (const patch of [
      { buildingId: [buildingId] },
      { buildingId: true },
      { buildingId: String(buildingId) },
      { categoryId: String(categoryId) },
      { categoryId: `0x${categoryId.toString(16)}` },
      { categoryId: ` ${categoryId} ` },
      { categoryId: `${categoryId}.0` },
      { buildingId: buildingId + 0.5 },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        payload: { ...valid, ...patch },
        headers: { cookie },
      });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await reportCount()).toBe(before);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: valid, headers: { cookie } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('reads ids in paths and query strings as plain decimal only', async () => {
    for (const url of [
      `/api/v1/reports/similar?buildingId=0x${buildingId.toString(16)}&categoryId=${categoryId}`,
      `/api/v1/reports/similar?buildingId=%20${buildingId}%20&categoryId=${categoryId}`,
      `/api/v1/reports/similar?buildingId=${buildingId}.0&categoryId=${categoryId}`,
      `/api/v1/org-units/${buildingId}.0`,
      `/api/v1/org-units/0x${buildingId.toString(16)}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: staff } });
      expect(res.statusCode, url).toBe(400);
    }
    const ok = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/similar?buildingId=${buildingId}&categoryId=${categoryId}`,
      headers: { cookie },
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
