import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree, uniq } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { readPdf } from '../../../test/pdf-text';
import { jpeg } from '../../../test/world';
import { rows } from '../../platform/db';
import { insertHousehold, insertResidents } from '../households/households.repository';

/**
 * Shared funds through HTTP (docs/rules.md#shared-funds): the 江滨新村10栋 sewer: the captain posts the quote and the
 * notice, shares sum to the total exactly, households pay on the phone or the captain records a receipt, the
 * contractor's bill is an expense with its photo, the remainder is refunded, the cost list is open to every
 * household and prints on A4. Refusals change nothing.
 */
let t: TestApp;
let a: Tree;
let captain: string;
let staffElsewhere: string;
let neighbour: string;
const homes: { id: number; cookie: string }[] = [];
// 6 households of 江滨新村10栋 (m²).
const AREAS = [58.3, 62.75, 71.4, 58.3, 62.75, 71.4];

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  t.clock.set('2026-12-20T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  for (const [i, area] of AREAS.entries()) {
    const h = await insertHousehold(db, {
      streetId: a.building.streetId as number,
      buildingId: a.building.id,
      path: a.building.path,
      unitLabel: null,
      floor: i + 1,
      room: `${i + 1}01`,
      floorArea: area,
    });
    const u = await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]);
    await insertResidents(db, [
      { householdId: h.id, streetId: h.streetId, name: `住户${uniq()}`, relation: '户主', userId: u.id },
    ]);
    homes.push({ id: h.id, cookie: await login(t.app, u.phone) });
  }
  captain = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }])).phone);
  const other = await child(db, a.estate, 'building');
  neighbour = await login(t.app, (await buildUser(db, t.cipher, [{ role: 'resident', unit: other }])).phone);
  staffElsewhere = await login(
    t.app,
    (await buildUser(db, t.cipher, [{ role: 'community_staff', unit: (await buildTree(db)).community }])).phone,
  );
});
afterAll(() => t?.close());

const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
const count = async (table: string) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;
let hue = 0;
async function photo(cookie: string): Promise<number> {
  hue = (hue + 13) % 255;
  const mp = multipartFile('file', 'p.jpg', await jpeg(hue), 'image/jpeg');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const fund = (over: Record<string, unknown> = {}) => ({
  buildingId: a.building.id,
  title: '疏通一楼下水道',
  notice: '12月20日一楼下水道堵塞倒灌，施工队报价600元，按户平均分摊，每户100元。',
  totalFen: 60000,
  split: 'equal',
  ...over,
});

describe('the 江滨新村10栋 sewer fund', () => {
  let id: number;

  it('opens with the quote and equal shares of 100 yuan', async () => {
    const quote = await photo(captain);
    const res = await call(
      captain,
      'POST',
      '/api/v1/funds',
      fund({ quotes: [{ contractor: '开平通渠队', amountFen: 60000, photoId: quote }] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    id = f.id;
    expect(f.shares.map((s: { amountFen: number }) => s.amountFen)).toEqual([10000, 10000, 10000, 10000, 10000, 10000]);
    expect(f.quotes[0]).toMatchObject({ contractor: '开平通渠队', amountFen: 60000, photo: { id: quote } });
    expect(f.canManage).toBe(true);
  });

  it('splits by floor area so the shares sum to the total to the fen', async () => {
    const f = (await call(captain, 'POST', '/api/v1/funds', fund({ totalFen: 100001, split: 'area' }))).json();
    const shares: number[] = f.shares.map((s: { amountFen: number }) => s.amountFen);
    expect(shares.reduce((x, y) => x + y, 0)).toBe(100001);
    // Areas 58.30, 62.75, 71.40 twice each (total 384.90 m²): 100001 × 58.30 / 384.90 = 15146.94…, 62.75 → 16303.10…,
    // 71.40 → 18550.46…. Floors sum to 99998; the 3 fen go to the remainders .94 (twice) and then one of the two .46s,
    // the household registered first.
    expect(shares).toEqual([15147, 16303, 18551, 15147, 16303, 18550]);
  });

  it('refuses custom shares that do not add up, a resident opening a fund, and an unpassed proposal; nothing is written', async () => {
    const before = await count('funds');
    const custom = homes.map((h) => ({ householdId: h.id, amountFen: 10000 }));
    custom[0]!.amountFen = 9999;
    expect(
      (await call(captain, 'POST', '/api/v1/funds', fund({ split: 'custom', customShares: custom }))).json().error.code,
    ).toBe('FUND_SHARES_SUM');
    expect((await call(homes[0]!.cookie, 'POST', '/api/v1/funds', fund())).statusCode).toBe(403);
    expect((await call(staffElsewhere, 'POST', '/api/v1/funds', fund())).statusCode).toBe(404);
    expect((await call(captain, 'POST', '/api/v1/funds', fund({ proposalId: 999999 }))).json().error.code).toBe(
      'FUND_PROPOSAL_INVALID',
    );
    expect(await count('funds')).toBe(before);
    // The database itself refuses shares that do not sum to the total.
    await expect(
      t.database.db.execute(
        sql`update fund_shares set amount_fen = amount_fen + 1 where fund_id = ${id} and household_id = ${homes[0]!.id}`,
      ),
    ).rejects.toThrow();
  });

  it('takes a household’s payment on the phone once, and a captain’s only with the receipt photo', async () => {
    const paid = await call(homes[0]!.cookie, 'POST', `/api/v1/funds/${id}/payments`, {});
    expect(paid.statusCode, paid.body).toBe(201);
    expect(paid.json()).toMatchObject({ householdId: homes[0]!.id, amountFen: 10000, method: 'household' });
    expect((await call(homes[0]!.cookie, 'POST', `/api/v1/funds/${id}/payments`, {})).json().error.code).toBe(
      'FUND_PAYMENT_EXISTS',
    );
    expect(
      (await call(homes[0]!.cookie, 'POST', `/api/v1/funds/${id}/payments`, { householdId: homes[1]!.id })).json().error
        .code,
    ).toBe('FUND_NOT_MY_HOUSEHOLD');
    expect(
      (await call(captain, 'POST', `/api/v1/funds/${id}/payments`, { householdId: homes[1]!.id })).json().error.code,
    ).toBe('FUND_RECEIPT_REQUIRED');
    const receipt = await photo(captain);
    const byCaptain = await call(captain, 'POST', `/api/v1/funds/${id}/payments`, {
      householdId: homes[1]!.id,
      receiptPhotoId: receipt,
    });
    expect(byCaptain.statusCode, byCaptain.body).toBe(201);
    expect(byCaptain.json()).toMatchObject({ method: 'captain', receiptPhoto: { id: receipt } });
    const all = await Promise.all(
      homes.slice(2).map((h) => call(h.cookie, 'POST', `/api/v1/funds/${id}/payments`, {})),
    );
    expect(all.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
  });

  it('takes an expense only with its receipt, and shows the cost list to every household but not to neighbours', async () => {
    expect(
      (
        await call(captain, 'POST', `/api/v1/funds/${id}/expenses`, {
          item: '通渠人工及材料',
          amountFen: 55000,
          spentOn: '2026-12-21',
        })
      ).json().error.code,
    ).toBe('FUND_RECEIPT_REQUIRED');
    const bill = await photo(captain);
    const res = await call(captain, 'POST', `/api/v1/funds/${id}/expenses`, {
      item: '通渠人工及材料',
      amountFen: 55000,
      receiptPhotoId: bill,
      spentOn: '2026-12-21',
    });
    expect(res.statusCode, res.body).toBe(200);
    const seen = (await call(homes[4]!.cookie, 'GET', `/api/v1/funds/${id}`)).json();
    expect(seen.totals).toEqual({
      households: 6,
      paidHouseholds: 6,
      sharesFen: 60000,
      paidFen: 60000,
      expensesFen: 55000,
      refundedFen: 0,
      balanceFen: 5000,
    });
    expect(seen.expenses[0].receiptPhoto.id).toBe(bill);
    expect(seen.canManage).toBe(false);
    expect((await call(homes[4]!.cookie, 'GET', `/api/v1/photos/${bill}`)).statusCode).toBe(200);
    expect((await call(neighbour, 'GET', `/api/v1/funds/${id}`)).statusCode).toBe(404);
    expect((await call(neighbour, 'GET', `/api/v1/photos/${bill}`)).statusCode).toBe(404);
    expect(
      (
        await call(homes[4]!.cookie, 'POST', `/api/v1/funds/${id}/expenses`, {
          item: 'x',
          amountFen: 1,
          receiptPhotoId: bill,
          spentOn: '2026-12-21',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('settles, refunding the 50 yuan left equally to the six payers, then refuses changes', async () => {
    const res = await call(captain, 'POST', `/api/v1/funds/${id}/settle`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    // 5000 fen over six equal payments: 833 each (4998) and the 2 fen left to the two registered first.
    expect(f.shares.map((s: { refundFen: number }) => s.refundFen)).toEqual([834, 834, 833, 833, 833, 833]);
    expect(f.totals.balanceFen).toBe(0);
    expect((await call(captain, 'POST', `/api/v1/funds/${id}/settle`)).json().error.code).toBe('FUND_SETTLED');
    expect(
      (await call(captain, 'POST', `/api/v1/funds/${id}/quotes`, { contractor: '另一家', amountFen: 100 })).json().error
        .code,
    ).toBe('FUND_SETTLED');
  });

  it('prints the cost list on A4 in Chinese', async () => {
    const res = await call(homes[2]!.cookie, 'GET', `/api/v1/funds/${id}/cost-list.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(res.rawPayload)).pages.map((p) => p.text).join('');
    expect(text).toContain('费用清单');
    expect(text).toContain('通渠人工及材料');
    expect(text).toContain('550.00');
  });
});
