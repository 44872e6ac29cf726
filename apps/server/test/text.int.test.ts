import { hasLoneSurrogate } from '@louzhang/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/platform/db';
import { buildHousehold, buildTree, buildUser, child, type Tree } from './factories';
import { login, startTestApp, type TestApp } from './harness';

/** Text with characters outside the BMP (emoji, rare CJK) where the server cuts it, and invalid Unicode. */

let t: TestApp;
let a: Tree;
let resident: string;
let gridWorker: string;
let categoryId: number;
const KEY = 'text-test-open311-key';

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  await child(db, a.estate, 'building', '光明路8号');
  await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]);
  const r = await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]);
  await buildHousehold(db, t.services.households, a.building, [{}], { userId: r.id });
  resident = await login(t.app, r.phone);
  gridWorker = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }])).phone);
  const cats = (
    await t.app.inject({ method: 'GET', url: '/api/v1/report-categories', headers: { cookie: resident } })
  ).json();
  categoryId = (cats.items as { id: number; parentId: number | null }[]).find((c) => c.parentId !== null)?.id as number;
  await t.services.open311.createClient(a.street.id, '12345 热线', KEY);
});
afterAll(() => t.close());

/** 119 characters, then an emoji that straddles the 120-unit cut of a notification. */
const LONG = `${'楼道灯坏了'.repeat(23)}楼道灯坏😀，请尽快修理𠀀`;

const bodies = async () =>
  rows<{ body: string }>(t.database.db, sql`select body from notifications where body like '楼道灯坏了%'`);

describe('text cut by code point', () => {
  it('files a report whose description has an emoji where the notification is cut, and cuts it whole', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { buildingId: a.building.id, categoryId, description: LONG },
      headers: { cookie: resident },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sent = await bodies();
    expect(sent.length).toBeGreaterThan(0);
    for (const { body } of sent) {
      expect(hasLoneSurrogate(body)).toBe(false);
      expect(Array.from(body)).toHaveLength(120);
      expect(body.endsWith('😀')).toBe(true);
    }
  });

  it('files the same description through Open311', async () => {
    const form = new URLSearchParams({
      api_key: KEY,
      service_code: 'repair.street_light',
      address_string: '光明路8号',
      description: LONG,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses a lone surrogate with 400 instead of storing a replacement character', async () => {
    const before = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from reports`);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: `{"buildingId":${a.building.id},"categoryId":${categoryId},"description":"灯坏了\\ud800"}`,
      headers: { cookie: resident, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    const after = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from reports`);
    expect(after).toEqual(before);
  });

  it('refuses bidi overrides and zero-width characters in names', async () => {
    for (const name of ['张\u202e三', '李\u200b四', '\u2066王五']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/households',
        payload: {
          buildingId: a.building.id,
          floor: 3,
          room: `30${name.length}`,
          residents: [{ name, relation: '户主' }],
        },
        headers: { cookie: gridWorker },
      });
      expect(res.statusCode, `${JSON.stringify(name)} ${res.body}`).toBe(400);
    }
  });
});
