import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
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

describe('org search', () => {
  it('finds units by part of their name within the jurisdiction, with the names above them, before they are loaded', async () => {
    const tag = uniq();
    // Street A has two communities under it; one is named 新兴…, and so is a community of another street.
    const street = await buildTree(t.database.db, { city: a.city, district: a.district });
    const xinxing = await child(t.database.db, street.street, 'community', `新兴${tag}社区`);
    const xinxingGrid = await child(t.database.db, xinxing, 'grid', `新兴${tag}第一网格`);
    const elsewhere = await buildTree(t.database.db, { city: a.city, district: a.district });
    await child(t.database.db, elsewhere.street, 'community', `新兴${tag}东社区`);
    const staff = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: street.street }])).phone,
    );
    const search = (cookie: string, q: string) =>
      t.app.inject({ method: 'GET', url: `/api/v1/org-units/search?q=${encodeURIComponent(q)}`, headers: { cookie } });
    const res = await search(staff, `新兴${tag}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: number; name: string; trail: string[]; kind: string }[];
    // The community before its grid (shallower first); the other street's 新兴…东社区 never.
    expect(items.map((u) => u.id)).toEqual([xinxing.id, xinxingGrid.id]);
    expect(items[0]).toMatchObject({ kind: 'community', trail: [street.street.name] });
    expect(items[1]?.trail).toEqual([street.street.name, xinxing.name]);
    // A community's staff see nothing above their community in the trail, and nothing of a sibling community.
    const communityStaff = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: xinxing }])).phone,
    );
    const own = (await search(communityStaff, '第一网格')).json().items as { id: number; trail: string[] }[];
    expect(own.filter((u) => u.id === xinxingGrid.id)).toEqual([expect.objectContaining({ trail: [xinxing.name] })]);
    expect((await search(communityStaff, street.community.name)).json().items).toEqual([]);
    // LIKE wildcards are text, not patterns.
    expect((await search(staff, '%')).json().items).toEqual([]);
    // Blank, and too long, are refused.
    expect((await search(staff, ' ')).statusCode).toBe(400);
    expect((await search(staff, '长'.repeat(31))).statusCode).toBe(400);
  });
});
