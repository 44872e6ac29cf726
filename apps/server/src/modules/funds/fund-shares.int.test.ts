import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { insertHousehold, insertResidents } from '../households/households.repository';

/**
 * Editing a fund's shares before any payment (docs/rules.md#shared-funds): equal, by area or custom, always summing
 * to the total in fen; refused with a code once a household has paid, by anyone who does not run the fund, and for a
 * custom split that does not add up — each refusal changing nothing. An edit racing the first payment never leaves a
 * payment that differs from its share.
 */
let t: TestApp;
let a: Tree;
let captain: string;
let staffElsewhere: string;

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  t.clock.set('2026-12-20T02:00:00Z');
  a = await buildTree(t.database.db);
  staffElsewhere = await login(
    t.app,
    (
      await buildUser(t.database.db, t.cipher, [
        { role: 'community_staff', unit: (await buildTree(t.database.db)).community },
      ])
    ).phone,
  );
});
afterAll(() => t?.close());

const call = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

/** A building of households with the given areas (m²), each with a resident signed in; and its captain. */
async function building(areas: number[]) {
  const db = t.database.db;
  const b = await child(db, a.estate, 'building');
  const homes: { id: number; cookie: string }[] = [];
  for (const [i, area] of areas.entries()) {
    const h = await insertHousehold(db, {
      streetId: b.streetId as number,
      buildingId: b.id,
      path: b.path,
      floor: i + 1,
      room: `${i + 1}01`,
      floorArea: area,
    });
    const u = await buildUser(db, t.cipher, [{ role: 'resident', unit: b }]);
    await insertResidents(db, [
      { householdId: h.id, streetId: h.streetId, name: `住户${uniq()}`, relation: '户主', userId: u.id },
    ]);
    homes.push({ id: h.id, cookie: await login(t.app, u.phone) });
  }
  captain = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'captain', unit: b }])).phone);
  const f = await call(captain, 'POST', '/api/v1/funds', {
    buildingId: b.id,
    title: '更换楼道灯',
    notice: '楼道灯损坏，统一更换。',
    totalFen: 10000,
    split: 'equal',
  });
  expect(f.statusCode, f.body).toBe(201);
  return { homes, fundId: f.json().id as number };
}

const sharesOf = async (fundId: number) =>
  (
    await rows<{ householdId: number; amountFen: number }>(
      t.database.db,
      sql`select household_id as "householdId", amount_fen as "amountFen" from fund_shares
          where fund_id = ${fundId} order by household_id`,
    )
  ).map((r) => [Number(r.householdId), r.amountFen]);

describe('editing a fund’s shares', () => {
  it('re-splits 100.00 yuan equally, by area and custom, each summing to the total', async () => {
    const { homes, fundId } = await building([50, 50, 100]);
    const [h1, h2, h3] = homes.map((h) => h.id) as [number, number, number];
    // Equal: 10000 / 3 = 3333 r 1 → the first household registered gets the extra fen.
    expect(await sharesOf(fundId)).toEqual([
      [h1, 3334],
      [h2, 3333],
      [h3, 3333],
    ]);
    const byArea = await call(captain, 'PUT', `/api/v1/funds/${fundId}/shares`, { split: 'area' });
    expect(byArea.statusCode, byArea.body).toBe(200);
    expect(byArea.json().split).toBe('area');
    // 50 : 50 : 100 of 200 m² → 2500, 2500, 5000.
    expect(await sharesOf(fundId)).toEqual([
      [h1, 2500],
      [h2, 2500],
      [h3, 5000],
    ]);
    const custom = await call(captain, 'PUT', `/api/v1/funds/${fundId}/shares`, {
      split: 'custom',
      customShares: [
        { householdId: h1, amountFen: 0 },
        { householdId: h2, amountFen: 4000 },
        { householdId: h3, amountFen: 6000 },
      ],
    });
    expect(custom.statusCode, custom.body).toBe(200);
    expect(custom.json().shares.map((s: { amountFen: number }) => s.amountFen)).toEqual([0, 4000, 6000]);
    const audit = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'fund.shares' and object_id = ${String(fundId)}`,
    );
    expect(audit[0]!.n).toBe(2);
  });

  it('refuses custom amounts that do not add up or leave a household out, a resident and staff elsewhere, changing nothing', async () => {
    const { homes, fundId } = await building([60, 70]);
    const [h1, h2] = homes.map((h) => h.id) as [number, number];
    const before = await sharesOf(fundId);
    const short = await call(captain, 'PUT', `/api/v1/funds/${fundId}/shares`, {
      split: 'custom',
      customShares: [
        { householdId: h1, amountFen: 5000 },
        { householdId: h2, amountFen: 4999 },
      ],
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().error.code).toBe('FUND_SHARES_SUM');
    const missing = await call(captain, 'PUT', `/api/v1/funds/${fundId}/shares`, {
      split: 'custom',
      customShares: [{ householdId: h1, amountFen: 10000 }],
    });
    expect(missing.json().error.code).toBe('FUND_SHARES_SUM');
    expect((await call(homes[0]!.cookie, 'PUT', `/api/v1/funds/${fundId}/shares`, { split: 'area' })).statusCode).toBe(
      403,
    );
    expect((await call(staffElsewhere, 'PUT', `/api/v1/funds/${fundId}/shares`, { split: 'area' })).statusCode).toBe(
      404,
    );
    expect(await sharesOf(fundId)).toEqual(before);
  });

  it('refuses an edit once a household has paid (FUND_SHARES_LOCKED), changing nothing', async () => {
    const { homes, fundId } = await building([50, 50, 100]);
    const paid = await call(homes[1]!.cookie, 'POST', `/api/v1/funds/${fundId}/payments`, {});
    expect(paid.statusCode, paid.body).toBe(201);
    const before = await sharesOf(fundId);
    const res = await call(captain, 'PUT', `/api/v1/funds/${fundId}/shares`, { split: 'area' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('FUND_SHARES_LOCKED');
    expect(await sharesOf(fundId)).toEqual(before);
    expect((await call(captain, 'GET', `/api/v1/funds/${fundId}`)).json().split).toBe('equal');
  });

  it('never leaves a payment different from its share when an edit races the first payment', async () => {
    for (let round = 0; round < 3; round++) {
      const { homes, fundId } = await building([50, 50, 100]);
      const [edit, pay] = await Promise.all([
        call(captain, 'PUT', `/api/v1/funds/${fundId}/shares`, { split: 'area' }),
        call(homes[2]!.cookie, 'POST', `/api/v1/funds/${fundId}/payments`, {}),
      ]);
      expect(pay.statusCode, pay.body).toBe(201);
      expect([200, 409]).toContain(edit.statusCode);
      const [row] = await rows<{ paid: number; share: number }>(
        t.database.db,
        sql`select p.amount_fen as paid, s.amount_fen as share from fund_payments p
            join fund_shares s on s.fund_id = p.fund_id and s.household_id = p.household_id
            where p.fund_id = ${fundId}`,
      );
      expect(row!.paid).toBe(row!.share);
      // Edited first: the payment is the area share (5000); paid first: the equal share (3333) and the edit refused.
      expect(row!.paid).toBe(edit.statusCode === 200 ? 5000 : 3333);
    }
  });
});
