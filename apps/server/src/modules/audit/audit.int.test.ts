import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, idNumber, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';

/**
 * 操作日志: a reveal of a resident's phone by community staff of street A is found by street A's office
 * (filtering reveals, by who, by day), never by street B's office; admins see it; nobody else reads the log.
 */
let t: TestApp;
let a: Tree;
let b: Tree;
let residentA: number;
let revealer: { id: number; name: string };
const cookies: Record<string, string> = {};

const get = (who: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who] as string } });

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  b = await buildTree(db);
  const first = await buildHousehold(db, t.services.households, a.building, [
    { name: '关秀英', idNumber: idNumber(1941) },
  ]);
  residentA = first.residents[0]?.id as number;
  const people = {
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }], '何慧敏'),
    streetA: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    streetB: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: b.street }]),
    admin: await buildUser(db, t.cipher, [{ role: 'admin', unit: a.city }]),
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
  };
  revealer = people.community;
  for (const [k, u] of Object.entries(people)) cookies[k] = await login(t.app, u.phone);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/residents/${residentA}/reveal`,
    payload: { field: 'phone', purpose: '电话回访' },
    headers: { cookie: cookies.community as string },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t.close());

describe('audit log', () => {
  it("lets street A's office find the reveal: who, what, why, when, from where", async () => {
    const res = await get('streetA', `/api/v1/audit-log?action=resident.reveal.&actorUserId=${revealer.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      action: 'resident.reveal.phone',
      objectType: 'resident',
      objectId: String(residentA),
      result: 'ok',
      actor: { id: revealer.id, name: '何慧敏' },
      detail: { purpose: '电话回访' },
    });
    expect(items[0].ip).toBeTruthy();
    // The fake clock's day (2026-11-02 in Shanghai) holds it; the day after does not.
    expect(
      (await get('streetA', '/api/v1/audit-log?action=resident.reveal.&from=2026-11-02&to=2026-11-02')).json().items,
    ).toHaveLength(1);
    expect(
      (await get('streetA', '/api/v1/audit-log?action=resident.reveal.&from=2026-11-03')).json().items,
    ).toHaveLength(0);
  });

  it("hides it from street B's office and shows it to admins", async () => {
    expect((await get('streetB', '/api/v1/audit-log?action=resident.reveal.')).json().items).toHaveLength(0);
    const all = (await get('admin', `/api/v1/audit-log?objectType=resident&objectId=${residentA}`)).json().items;
    expect(all.map((i: { action: string }) => i.action)).toContain('resident.reveal.phone');
  });

  it('is closed to everyone else, and refuses a malformed filter with a coded error', async () => {
    for (const who of ['community', 'captain']) {
      const res = await get(who, '/api/v1/audit-log');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const bad = await get('streetA', "/api/v1/audit-log?action=drop table;'");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
