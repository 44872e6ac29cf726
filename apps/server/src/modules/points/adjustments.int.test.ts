import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { balanceOf, ledgerViolations } from '../../../test/ledger';
import { rows } from '../../platform/db';

let t: TestApp;
let a: Tree;
let other: Tree;
let streetId: number;
const users: Record<string, { id: number; phone: string; name: string }> = {};
const cookies: Record<string, string> = {};
let n = 0;
const key = () => `adj-key-${++n}`;

const post = (who: string, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: cookies[who]!, ...headers } });
const adjust = (who: string, points: number, reason = '补记漏登的扫楼积分', idem = key()) =>
  post(
    who,
    '/api/v1/points/adjustments',
    { captainUserId: users.captain!.id, points, reason },
    { 'idempotency-key': idem },
  );
const bal = () => balanceOf(t.database.db, streetId, users.captain!.id);

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  other = await buildTree(db, { city: a.city, district: a.district });
  streetId = a.street.id;
  const spec = {
    captain: [{ role: 'captain', unit: a.building }],
    street1: [{ role: 'street_staff', unit: a.street }],
    street2: [{ role: 'street_staff', unit: a.street }],
    admin: [{ role: 'admin', unit: a.city }],
    community: [{ role: 'community_staff', unit: a.community }],
    otherStreet: [{ role: 'street_staff', unit: other.street }],
  } as const;
  for (const [k, roles] of Object.entries(spec)) {
    users[k] = await buildUser(db, t.cipher, roles.map((r) => ({ ...r })) as never);
    cookies[k] = await login(t.app, users[k].phone);
  }
  await db.execute(
    sql`insert into point_settings (street_id, yuan_per_point, adjustment_threshold) values (${streetId}, 0.57, 100)`,
  );
});
afterAll(() => t.close());

describe('manual adjustments', () => {
  it('applies an adjustment up to the threshold at once, with its reason in the history', async () => {
    const res = await adjust('street1', 100);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'applied', points: 100, decidedBy: null });
    expect(res.json().entryId).toBeGreaterThan(0);
    expect(await bal()).toBe(100);
    const me = (
      await t.app.inject({ method: 'GET', url: '/api/v1/points/me', headers: { cookie: cookies.captain! } })
    ).json();
    expect(me.items[0]).toMatchObject({ kind: 'adjustment', amount: 100, memo: '积分调整：补记漏登的扫楼积分' });
    expect(me.yuanPerPoint).toBe(0.57);
    expect(me.balanceYuan).toBe(57);
  });

  it('holds an adjustment above the threshold until a second person approves it', async () => {
    const res = await adjust('street1', 101);
    expect(res.json()).toMatchObject({ status: 'pending', entryId: null });
    expect(await bal()).toBe(100);
    const id = res.json().id;
    const self = await post('street1', `/api/v1/points/adjustments/${id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SECOND_APPROVER_REQUIRED');
    expect(await bal()).toBe(100);
    expect((await post('community', `/api/v1/points/adjustments/${id}/approve`, {})).statusCode).toBe(403);
    expect((await post('otherStreet', `/api/v1/points/adjustments/${id}/approve`, {})).statusCode).toBe(404);
    const ok = await post('street2', `/api/v1/points/adjustments/${id}/approve`, {});
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'applied', decidedBy: users.street2!.id });
    expect(await bal()).toBe(201);
    const twice = await post('admin', `/api/v1/points/adjustments/${id}/approve`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('ALREADY_DECIDED');
    expect(await bal()).toBe(201);
  });

  it('refuses at approval a deduction larger than the balance, leaving it pending', async () => {
    const res = await adjust('street1', -500, '误发积分收回');
    expect(res.json().status).toBe('pending');
    const approve = await post('admin', `/api/v1/points/adjustments/${res.json().id}/approve`, {});
    expect(approve.statusCode).toBe(409);
    expect(approve.json().error.code).toBe('INSUFFICIENT_POINTS');
    expect(await bal()).toBe(201);
    const list = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/points/adjustments?status=pending',
        headers: { cookie: cookies.street2! },
      })
    ).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(res.json().id);
    // The city's admin may approve it, so sees it waiting too; staff of another street do not.
    const pendingFor = async (who: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/points/adjustments?status=pending',
          headers: { cookie: cookies[who]! },
        })
      )
        .json()
        .items.map((x: { id: number }) => x.id);
    expect(await pendingFor('admin')).toContain(res.json().id);
    expect(await pendingFor('otherStreet')).not.toContain(res.json().id);
    const rejected = await post('street2', `/api/v1/points/adjustments/${res.json().id}/reject`, {});
    expect(rejected.json().status).toBe('rejected');
  });

  it('applies deductions up to the threshold at once and refuses one that would go below zero', async () => {
    const res = await adjust('street1', -1, '测试');
    expect(res.json()).toMatchObject({ status: 'applied' });
    const big = await post('street1', '/api/v1/points/adjustments', {
      captainUserId: users.captain!.id,
      points: -100,
      reason: '扣减',
    });
    expect(big.statusCode).toBe(201);
    expect(await bal()).toBe(100);
    const tooMuch = await adjust('street1', -100, '扣减超出余额');
    expect(tooMuch.statusCode).toBe(201);
    expect(await bal()).toBe(0);
    const below = await adjust('street1', -1, '再扣');
    expect(below.statusCode).toBe(409);
    expect(below.json().error.code).toBe('INSUFFICIENT_POINTS');
    expect(await bal()).toBe(0);
  });

  it('does a retried request once and refuses the same key with another body', async () => {
    const idem = key();
    const first = await adjust('street1', 5, '重试测试', idem);
    const again = await adjust('street1', 5, '重试测试', idem);
    expect(again.json()).toEqual(first.json());
    expect(await bal()).toBe(5);
    const other = await adjust('street1', 6, '重试测试', idem);
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await bal()).toBe(5);
  });

  it('refuses a missing reason, zero points, captains outside the jurisdiction and roles that may not adjust', async () => {
    expect((await adjust('street1', 5, '')).statusCode).toBe(400);
    expect((await adjust('street1', 0)).statusCode).toBe(400);
    expect((await adjust('otherStreet', 5)).statusCode).toBe(404);
    expect((await adjust('community', 5)).statusCode).toBe(403);
    expect((await adjust('captain', 5)).statusCode).toBe(403);
    expect(await bal()).toBe(5);
  });

  it('lets the street set its threshold and point value, and no one outside it', async () => {
    const put = (who: string, body: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/points/settings',
        payload: body as object,
        headers: { cookie: cookies[who]! },
      });
    expect((await put('street1', { adjustmentThreshold: 10, yuanPerPoint: 0.49 })).json()).toEqual({
      streetId,
      adjustmentThreshold: 10,
      yuanPerPoint: 0.49,
    });
    expect((await adjust('street1', 11)).json().status).toBe('pending');
    expect((await adjust('street1', 10)).json().status).toBe('applied');
    expect((await put('otherStreet', { streetId, adjustmentThreshold: 1000 })).statusCode).toBe(404);
    expect((await put('community', { adjustmentThreshold: 1000 })).statusCode).toBe(403);
    expect((await put('street1', { yuanPerPoint: -1 })).statusCode).toBe(400);
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/v1/points/settings?streetId=${streetId}`,
      headers: { cookie: cookies.admin! },
    });
    expect(read.json()).toMatchObject({ adjustmentThreshold: 10, yuanPerPoint: 0.49 });
  });

  it('lets two approvers racing on one adjustment apply it once, and never its requester', async () => {
    const settings = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/points/settings?streetId=${streetId}`,
        headers: { cookie: cookies.street1! },
      })
    ).json();
    const asked = await adjust('street1', settings.adjustmentThreshold + 1, '并发审批测试');
    expect(asked.json().status).toBe('pending');
    const before = await bal();
    const id = asked.json().id;
    const self = await post('street1', `/api/v1/points/adjustments/${id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SECOND_APPROVER_REQUIRED');
    expect(await bal()).toBe(before);
    const results = await Promise.all([
      post('street2', `/api/v1/points/adjustments/${id}/approve`, {}),
      post('admin', `/api/v1/points/adjustments/${id}/approve`, {}),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('ALREADY_DECIDED');
    expect(await bal()).toBe(before + settings.adjustmentThreshold + 1);
    // The list names the people involved, for a screen to show.
    const approver = results.find((r) => r.statusCode === 200)!.json().decidedBy;
    const listed = (
      await t.app.inject({ method: 'GET', url: '/api/v1/points/adjustments', headers: { cookie: cookies.street2! } })
    )
      .json()
      .items.find((x: { id: number }) => x.id === id);
    expect(listed).toMatchObject({
      status: 'applied',
      captainName: users.captain!.name,
      requestedByName: users.street1!.name,
      decidedByName: Object.values(users).find((u) => u.id === approver)!.name,
    });
  });

  it('writes an audit row for each decision and keeps the ledger balanced', async () => {
    const [r] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where object_type = 'point_adjustment'`,
    );
    expect(r!.n).toBeGreaterThanOrEqual(9);
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });
});
