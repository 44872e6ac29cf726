import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

let t: TestApp;
let a: Tree;
let b: Tree;
let admin: string;
let staffA: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await buildTree(t.database.db);
  b = await buildTree(t.database.db, { city: a.city, district: a.district, street: a.street });
  admin = await login(t.app, (await buildUser(t.database.db, t.cipher, [{ role: 'admin', unit: a.city }])).phone);
  staffA = await login(
    t.app,
    (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: a.community }])).phone,
  );
});
afterAll(() => t.close());

describe('org tree', () => {
  it('starts a caller at their bindings and walks down within them', async () => {
    const roots = (await t.app.inject({ method: 'GET', url: '/api/v1/org-units', headers: { cookie: staffA } })).json();
    expect(roots.items.map((u: { id: number }) => u.id)).toEqual([a.community.id]);
    const kids = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/org-units?parentId=${a.community.id}`,
        headers: { cookie: staffA },
      })
    ).json();
    expect(kids.items.map((u: { id: number }) => u.id)).toEqual([a.grid.id]);
    expect(kids.items[0].hasChildren).toBe(true);
  });

  it('hides units outside the jurisdiction', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org-units/${b.community.id}`,
      headers: { cookie: staffA },
    });
    expect(res.statusCode).toBe(404);
    const up = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org-units?parentId=${a.street.id}`,
      headers: { cookie: staffA },
    });
    expect(up.statusCode).toBe(404);
  });

  it('lets an admin add a building under an estate, with its path and street', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: { cookie: admin },
      payload: { parentId: a.estate.id, kind: 'building', name: '福宁街5号' },
    });
    expect(res.statusCode).toBe(201);
    const u = res.json();
    expect(u.path).toBe(`${a.estate.path}${u.id}/`);
  });

  it('refuses a kind that cannot sit under the parent, and non-admins', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: { cookie: admin },
      payload: { parentId: a.building.id, kind: 'street', name: 'x' },
    });
    expect(wrong.statusCode).toBe(400);
    const staff = await t.app.inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: { cookie: staffA },
      payload: { parentId: a.grid.id, kind: 'estate', name: 'x', management: 'managed' },
    });
    expect(staff.statusCode).toBe(403);
  });

  it('lists the departments serving the caller, to those who dispatch, none of another city', async () => {
    const dept = await child(t.database.db, a.district, 'department', `城管局-${a.district.id}`);
    const elsewhere = await buildTree(t.database.db);
    await child(t.database.db, elsewhere.district, 'department');
    const street = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: a.street }])).phone,
    );
    const captain = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: a.building }])).phone,
    );
    const ids = async (cookie: string) => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/departments', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      return res.json().items.map((u: { id: number }) => u.id);
    };
    expect(await ids(street)).toEqual([dept.id]);
    expect(await ids(staffA)).toEqual([dept.id]);
    expect(await ids(admin)).toEqual([dept.id]);
    expect(await ids(captain)).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/departments' })).statusCode).toBe(401);
  });
});
