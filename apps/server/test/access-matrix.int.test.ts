import { ROLES, type Role } from '@louzhang/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, EXTENSIONS, type RouteAccess } from './access-table';
import { buildUser, child } from './factories';
import { login, startTestApp, type TestApp } from './harness';
import { type OpenApiOperation, operationsOf, urlOf } from './openapi-ops';
import { buildWorld, OUTSIDE_MARK, type SideWorld, type World } from './world';

/**
 * Every endpoint of the OpenAPI document × every role × inside/outside the role's jurisdiction
 * (docs/rules.md#quality). The expectations live in access-table.ts; a route without an entry fails here.
 */

async function call(
  w: World,
  op: OpenApiOperation,
  rule: RouteAccess,
  side: SideWorld,
  role: Role | null,
  cookie: string | undefined,
) {
  const url = urlOf(op, (await rule.params?.(side, w, role)) ?? {}, rule.query?.(side, w));
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  let payload: unknown;
  if (rule.multipart) {
    const mp = await rule.multipart(side, w);
    Object.assign(headers, mp.headers);
    payload = mp.payload;
  } else if (rule.body) {
    payload = await rule.body(side, w, role);
  }
  return w.t.app.inject({
    method: op.method as 'GET',
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as string }),
  });
}

const DENIED = [403, 404];

describe('access matrix: every endpoint × role × jurisdiction', () => {
  let t: TestApp;
  let w: World;
  let ops: OpenApiOperation[];

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000', SMS_RATE_PER_ADDRESS_PER_HOUR: '100000' });
    w = await buildWorld(t, EXTENSIONS);
    ops = await operationsOf(t);
  }, 120_000);
  afterAll(async () => t?.close());

  it('declares every route of the OpenAPI document in the access table, and nothing else', () => {
    const keys = ops.map((o) => o.key);
    expect(keys.length).toBeGreaterThan(10);
    expect(
      keys.filter((k) => !(k in ACCESS)),
      'routes missing from test/access-table.ts',
    ).toEqual([]);
    expect(
      Object.keys(ACCESS).filter((k) => !keys.includes(k)),
      'access-table entries with no route',
    ).toEqual([]);
  });

  it('answers each route as the table says, for anonymous, each role, inside and outside', async () => {
    const failures: string[] = [];
    const leaks: string[] = [];
    const unchecked: string[] = [];
    for (const op of ops) {
      const rule = ACCESS[op.key];
      if (!rule) continue;
      const ok = rule.ok ?? [200, 201, 204];

      const anon = await call(w, op, rule, w.inside, null, undefined);
      if (rule.unchecked) {
        const seen: string[] = [];
        // Without a valid body the schema may answer first (400); either way nothing is done for anonymous.
        const anonOk = rule.anonymous ?? [400, 401];
        if (!anonOk.includes(anon.statusCode)) {
          failures.push(`${op.key} anonymous: expected ${anonOk.join('/')}, got ${anon.statusCode}`);
        }
        for (const role of ROLES) {
          const res = await call(w, op, rule, w.inside, role, w.cookies[role]);
          seen.push(`${role} ${res.statusCode}`);
          if (res.statusCode >= 500) failures.push(`${op.key} ${role}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.body.includes(OUTSIDE_MARK)) leaks.push(`${op.key} ${role} inside`);
        }
        unchecked.push(`${op.key} (${rule.unchecked}): ${seen.join(', ')}`);
        continue;
      }
      if (rule.allow === 'public') {
        if (!ok.includes(anon.statusCode)) failures.push(`${op.key} anonymous: ${anon.statusCode} ${anon.body}`);
      } else if (anon.statusCode !== 401) {
        failures.push(`${op.key} anonymous: expected 401, got ${anon.statusCode}`);
      }

      for (const role of ROLES) {
        const cookie = rule.freshSession ? await login(t.app, w.inside.users[role].phone) : w.cookies[role];
        const allowed = rule.allow === 'public' || rule.allow === 'signed-in' || rule.allow.includes(role);
        const res = await call(w, op, rule, w.inside, role, cookie);
        const want = allowed ? ok : DENIED;
        if (!want.includes(res.statusCode)) {
          failures.push(
            `${op.key} ${role} inside: expected ${want.join('/')}, got ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        }
        if (res.body.includes(OUTSIDE_MARK)) leaks.push(`${op.key} ${role} inside`);
        if (rule.outside !== 'none') {
          const c2 = rule.freshSession ? await login(t.app, w.inside.users[role].phone) : cookie;
          const out = await call(w, op, rule, w.outside, role, c2);
          const emptyPage =
            rule.outside === 'no-rows' &&
            out.statusCode === 200 &&
            (out.json() as { items?: unknown[] }).items?.length === 0;
          if (!DENIED.includes(out.statusCode) && !emptyPage) {
            failures.push(
              `${op.key} ${role} outside: expected 403/404, got ${out.statusCode} ${out.body.slice(0, 200)}`,
            );
          }
          if (out.body.includes(OUTSIDE_MARK)) leaks.push(`${op.key} ${role} outside`);
        }
      }
    }
    if (unchecked.length > 0) {
      process.stdout.write(
        `access matrix: ${unchecked.length} routes declared but not modelled yet:\n  ${unchecked.join('\n  ')}\n`,
      );
    }
    expect(leaks, 'responses that mention the outside jurisdiction').toEqual([]);
    expect(failures).toEqual([]);
  }, 900_000);

  it('shows a photo only to who may see what it is attached to, never to neighbours of that jurisdiction', async () => {
    const db = t.database.db;
    const s = w.inside;
    const [building2, community2, department2] = [
      await child(db, s.tree.estate, 'building'),
      await child(db, s.tree.street, 'community'),
      await child(db, s.tree.district, 'department'),
    ];
    const grid2 = await child(db, community2, 'grid');
    const estate2 = await child(db, s.tree.grid, 'estate', undefined, { management: 'managed' });
    const neighbour = async (role: Role, unit: typeof building2) =>
      login(t.app, (await buildUser(db, t.cipher, [{ role, unit }])).phone);
    const neighbours: Record<string, string> = {
      'captain of another building': await neighbour('captain', building2),
      'staff of another community': await neighbour('community_staff', community2),
      'grid worker of another grid': await neighbour('grid_worker', grid2),
      'property window of another estate': await neighbour('property_window', estate2),
      'an unrelated department': await neighbour('department_staff', department2),
      'a department the report was not dispatched to': w.cookies.department_staff,
      'a resident of the building who did not file it': w.cookies.resident,
    };
    const sub = await t.app.inject({
      method: 'GET',
      url: `/api/v1/chores/submissions/${s.ids.choreSubmission}`,
      headers: { cookie: w.cookies.street_staff },
    });
    expect(sub.statusCode).toBe(200);
    const chorePhoto = (sub.json().photos as { id: number }[])[0]?.id as number;
    expect(chorePhoto).toBeGreaterThan(0);
    const urls = [
      `/api/v1/photos/${s.photo.id}`,
      `/api/v1/photos/${s.photo.id}?thumb=1`,
      `/api/v1/photos/${chorePhoto}`,
      `/api/v1/photos/${chorePhoto}?thumb=1`,
    ];
    const shown: string[] = [];
    for (const url of urls) {
      for (const [who, cookie] of Object.entries(neighbours)) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
        if (res.statusCode !== 404) shown.push(`${url} → ${who}: ${res.statusCode}`);
      }
    }
    expect(shown).toEqual([]);
    // Those who may see the attachment still do: the report's level-1 handler, the chore's reviewer and submitter.
    for (const [url, role] of [
      [urls[0], 'captain'],
      [urls[1], 'community_staff'],
      [urls[2], 'street_staff'],
      [urls[3], 'captain'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: w.cookies[role] } });
      expect(res.statusCode, `${url} ${role}`).toBe(200);
    }
  });

  it('was built with every role bound on both sides (the matrix cannot pass vacuously)', async () => {
    for (const role of ROLES) {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: w.cookies[role] } });
      expect(me.statusCode, role).toBe(200);
      expect(me.body).toContain(role);
    }
    expect(w.outside.household.id).not.toBe(w.inside.household.id);
  });
});
