import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { insertHousehold } from '../households/households.repository';

/** Building councils (楼事会): formed by community staff, one per building; members and minutes by the captain; read by residents. */
let t: TestApp;
let a: Tree;
const c: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  const other = await child(db, a.estate, 'building');
  for (const [k, role, unit] of [
    ['staff', 'community_staff', a.community],
    ['captain', 'captain', a.building],
    ['resident', 'resident', a.building],
    ['neighbour', 'resident', other],
  ] as const)
    c[k] = await login(t.app, (await buildUser(db, t.cipher, [{ role, unit }])).phone);
});
afterAll(() => t?.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

it('forms one council per building, takes members and minutes from the captain, and shows it to residents only', async () => {
  expect(
    (await call(c.captain!, 'POST', '/api/v1/councils', { orgUnitId: a.building.id, name: '舜德路8号楼事会' }))
      .statusCode,
  ).toBe(403);
  const res = await call(c.staff!, 'POST', '/api/v1/councils', { orgUnitId: a.building.id, name: '舜德路8号楼事会' });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id;
  const again = await call(c.staff!, 'POST', '/api/v1/councils', { orgUnitId: a.building.id, name: '重复' });
  expect(again.json().error.code).toBe('COUNCIL_EXISTS');
  const h = await insertHousehold(t.database.db, {
    streetId: a.building.streetId as number,
    buildingId: a.building.id,
    path: a.building.path,
    unitLabel: null,
    floor: 5,
    room: '502',
    floorArea: 88.5,
  });
  const m = await call(c.captain!, 'POST', `/api/v1/councils/${id}/members`, {
    name: '刘珍贵',
    role: 'captain',
    joinedOn: '2023-03-01',
  });
  expect(m.statusCode, m.body).toBe(200);
  await call(c.captain!, 'POST', `/api/v1/councils/${id}/members`, {
    name: '黄伯',
    role: 'owner_rep',
    householdId: h.id,
    joinedOn: '2023-03-01',
  });
  const meeting = await call(c.captain!, 'POST', `/api/v1/councils/${id}/meetings`, {
    heldOn: '2023-04-12',
    title: '加装电梯第一次协商会',
    attendees: '刘珍贵、黄伯及12户业主代表',
    minutes: '介绍加装电梯政策与补贴；一楼住户提出补偿诉求，约定下次会议讨论分摊方案。',
  });
  expect(meeting.statusCode, meeting.body).toBe(200);
  expect(
    (
      await call(c.resident!, 'POST', `/api/v1/councils/${id}/members`, {
        name: 'x',
        role: 'owner_rep',
        joinedOn: '2023-03-01',
      })
    ).statusCode,
  ).toBe(403);
  const seen = (await call(c.resident!, 'GET', `/api/v1/councils/${id}`)).json();
  expect(seen.members.map((x: { name: string }) => x.name)).toEqual(['刘珍贵', '黄伯']);
  expect(seen.meetings[0]).toMatchObject({ heldOn: '2023-04-12', title: '加装电梯第一次协商会' });
  expect((await call(c.neighbour!, 'GET', `/api/v1/councils/${id}`)).statusCode).toBe(404);
});
