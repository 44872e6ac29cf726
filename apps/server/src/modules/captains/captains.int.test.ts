import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadPhoto } from '../../../test/chore-fixtures';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

let t: TestApp;
let a: Tree;
let other: Tree;
let captain: { id: number; phone: string; cookie: string };
let street: string;
let otherStreet: string;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  other = await buildTree(db, { city: a.city, district: a.district });
  const c = await buildUser(
    db,
    t.cipher,
    [
      { role: 'captain', unit: a.building },
      { role: 'resident', unit: a.building },
    ],
    '张木金',
  );
  captain = { ...c, cookie: await login(t.app, c.phone) };
  street = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }])).phone);
  otherStreet = await login(
    t.app,
    (await buildUser(db, t.cipher, [{ role: 'street_staff', unit: other.street }])).phone,
  );
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('captains roll', () => {
  it('lists the captains of the jurisdiction with masked phones, buildings and chores done', async () => {
    const tpl = await t.app.inject({
      method: 'POST',
      url: '/api/v1/chore-templates',
      headers: { cookie: street },
      payload: { name: '楼栋巡查', category: 'patrol', points: 5, minPhotos: 1 },
    });
    const pub = await t.app.inject({
      method: 'POST',
      url: '/api/v1/chore-publications',
      headers: { cookie: street },
      payload: { templateId: tpl.json().id, orgUnitId: a.building.id, recurrence: 'once', startsOn: '2026-11-02' },
    });
    expect(pub.statusCode, pub.body).toBe(201);
    const task = (await get('/api/v1/chores/tasks?view=open', captain.cookie)).json().items[0];
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/chores/tasks/${task.id}/claim`,
      headers: { cookie: captain.cookie },
    });
    const sub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/chores/tasks/${task.id}/submissions`,
      headers: { cookie: captain.cookie },
      payload: { photos: [{ id: await uploadPhoto(t.app, captain.cookie) }] },
    });
    expect(sub.statusCode, sub.body).toBe(201);

    const res = await get(`/api/v1/captains?orgUnitId=${a.community.id}`, street);
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().items.find((x: { userId: number }) => x.userId === captain.id);
    expect(row).toMatchObject({
      name: '张木金',
      phoneMasked: `${captain.phone.slice(0, 3)}****${captain.phone.slice(7)}`,
      buildings: [{ id: a.building.id, name: a.building.name }],
      choresPending: 1,
      choresApproved: 0,
      pointsBalance: 0,
    });
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/chores/submissions/${sub.json().id}/approve`,
      headers: { cookie: street },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const after = (await get(`/api/v1/captains?orgUnitId=${a.building.id}`, street)).json().items;
    expect(after.find((x: { userId: number }) => x.userId === captain.id)).toMatchObject({
      pointsBalance: 5,
      choresApproved: 1,
      choresPending: 0,
    });
    expect(JSON.stringify(res.json())).not.toContain(captain.phone);
  });

  it('shows nothing outside the jurisdiction and nothing to captains', async () => {
    expect((await get('/api/v1/captains', otherStreet)).json().items).toEqual([]);
    expect((await get(`/api/v1/captains?orgUnitId=${a.community.id}`, otherStreet)).statusCode).toBe(404);
    expect((await get('/api/v1/captains', captain.cookie)).statusCode).toBe(403);
    expect((await get('/api/v1/captains?limit=0', street)).statusCode).toBe(400);
  });
});
