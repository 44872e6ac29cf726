import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/**
 * Reports at a place that is not a building (a lane, square or market): filed by residents of its
 * community or by staff for them, routed to the place's grid worker, else its community (there is no
 * captain of a lane).
 */
let t: TestApp;
let a: Tree;
let lane: Awaited<ReturnType<typeof child>>;
let square: Awaited<ReturnType<typeof child>>;
let otherLane: Awaited<ReturnType<typeof child>>;
const cookies: Record<string, string> = {};
const users: Record<string, { id: number; phone: string }> = {};
let category: number;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  lane = await child(db, a.grid, 'place', '福宁巷');
  square = await child(db, a.community, 'place', '文化广场');
  const community2 = await child(db, a.street, 'community');
  otherLane = await child(db, community2, 'place');
  const building2 = await child(db, await child(db, community2, 'grid'), 'building');
  Object.assign(users, {
    resident: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]),
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
    grid: await buildUser(db, t.cipher, [{ role: 'grid_worker', unit: a.grid }]),
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    neighbour: await buildUser(db, t.cipher, [{ role: 'resident', unit: building2 }]),
  });
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
  const cats = (await call('resident', 'GET', '/api/v1/report-categories')).json().items as {
    id: number;
    parentId: number | null;
  }[];
  category = cats.find((c) => c.parentId !== null)!.id;
});
afterAll(() => t?.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const count = async () => (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from reports`))[0]!.n;
const fileAt = (who: string, placeId: number, extra: Record<string, unknown> = {}) =>
  call(who, 'POST', '/api/v1/reports', {
    placeId,
    categoryId: category,
    description: '巷口垃圾堆积多日无人清运',
    ...extra,
  });

describe('reports at places', () => {
  it('lists the places of the caller’s community to report at', async () => {
    const names = (who: string) =>
      call(who, 'GET', '/api/v1/report-places').then((r) => r.json().items.map((p: { id: number }) => p.id));
    expect((await names('resident')).sort()).toEqual([lane.id, square.id].sort());
    expect(await names('neighbour')).toEqual([otherLane.id]);
    // Staff get the places of their jurisdiction: the grid's lane, not the community's square.
    expect(await names('grid')).toEqual([lane.id]);
  });

  it('routes a report at a lane of a grid to its grid worker, and the grid worker is told', async () => {
    const res = await fileAt('resident', lane.id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      level: 'grid',
      handlerOrgUnitId: a.grid.id,
      buildingId: lane.id,
      buildingName: '福宁巷',
      channel: 'app',
    });
    const inbox = (await call('grid', 'GET', '/api/v1/notifications')).json().items;
    expect(inbox.length).toBe(1);
    // The captain of a building has no lane to answer for.
    expect((await call('captain', 'GET', '/api/v1/notifications')).json().items).toEqual([]);
  });

  it('routes a report at a square of the community to the community', async () => {
    const res = await fileAt('resident', square.id);
    expect(res.json()).toMatchObject({ level: 'community', handlerOrgUnitId: a.community.id });
    expect((await call('community', 'GET', `/api/v1/reports/${res.json().id}`)).statusCode).toBe(200);
  });

  it('lets staff file at a place for a resident', async () => {
    const res = await fileAt('grid', lane.id, { onBehalfOf: { name: '关阿姨' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: 'proxy', level: 'grid' });
  });

  it('refuses residents of another community, a place given as a building, a building given as a place, and both at once, changing nothing', async () => {
    const before = await count();
    const far = await fileAt('neighbour', lane.id);
    expect(far.statusCode).toBe(403);
    expect(far.json().error.code).toBe('REPORT_PLACE_NOT_NEARBY');
    expect((await fileAt('resident', otherLane.id)).json().error.code).toBe('REPORT_PLACE_NOT_NEARBY');
    expect((await fileAt('resident', a.building.id)).statusCode).toBe(404);
    expect((await fileAt('grid', otherLane.id, { onBehalfOf: { name: '关阿姨' } })).statusCode).toBe(404);
    const both = await fileAt('resident', lane.id, { buildingId: a.building.id });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.fields[0].path).toBe('placeId');
    const asBuilding = await call('resident', 'POST', '/api/v1/reports', {
      buildingId: lane.id,
      categoryId: category,
      description: '巷口垃圾堆积多日无人清运',
    });
    expect(asBuilding.statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('offers open reports at the place before filing, so a neighbour joins instead of filing again', async () => {
    const similar = await call(
      'resident',
      'GET',
      `/api/v1/reports/similar?buildingId=${lane.id}&categoryId=${category}`,
    );
    expect(similar.statusCode).toBe(200);
    expect(similar.json().items.length).toBe(2);
    expect(
      (await call('neighbour', 'GET', `/api/v1/reports/similar?buildingId=${lane.id}&categoryId=${category}`))
        .statusCode,
    ).toBe(404);
  });
});
