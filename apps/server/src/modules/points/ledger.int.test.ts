import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { balanceOf, ledgerViolations } from '../../../test/ledger';
import { type Db, pgCode, rows, transaction } from '../../platform/db';
import { captainKey, ISSUANCE } from './ledger.service';

let t: TestApp;
let a: Tree;
let b: Tree; // another community of the same street
let other: Tree; // another street
let captain: { id: number; phone: string };
let captainB: { id: number; phone: string };
let cookies: Record<string, string>;
let streetId: number;

const credit = (userId: number, points: number, causeKey: string, memo = '扫楼梯 · 福宁街5号') =>
  transaction(t.database.db, (tx) =>
    t.services.ledger.credit(tx, { streetId, userId, points, causeKey, memo, actorUserId: null }),
  );

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  b = await buildTree(db, { city: a.city, district: a.district, street: a.street });
  other = await buildTree(db, { city: a.city, district: a.district });
  streetId = a.street.id;
  captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }], '李小红');
  captainB = await buildUser(db, t.cipher, [{ role: 'captain', unit: b.building }]);
  const users = {
    captain,
    captainB,
    communityA: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    communityB: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: b.community }]),
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    otherStreet: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: other.street }]),
  };
  cookies = {};
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t.close());

const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });

describe('crediting', () => {
  it('credits a captain from the street issuance account and shows it in their history', async () => {
    const r = await credit(captain.id, 10, 'chore_submission:1');
    expect(r.duplicate).toBe(false);
    const me = await get('captain', '/api/v1/points/me');
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.balance).toBe(10);
    expect(body.streetId).toBe(streetId);
    expect(body.items[0]).toMatchObject({
      entryId: r.entryId,
      kind: 'chore_award',
      amount: 10,
      memo: '扫楼梯 · 福宁街5号',
    });
    expect(body.yuanPerPoint).toBe(0.5);
    expect(body.balanceYuan).toBe(5);
    const [issuance] = await rows<{ balance: number }>(
      t.database.db,
      sql`select sum(p.amount)::bigint as balance from point_postings p join point_accounts a on a.id = p.account_id
           where a.street_id = ${streetId} and a.owner_key = ${ISSUANCE}`,
    );
    expect(issuance?.balance).toBe(-10);
  });

  it('credits each cause at most once, also when the same cause is credited concurrently', async () => {
    const before = await balanceOf(t.database.db, streetId, captain.id);
    const first = await credit(captain.id, 10, 'chore_submission:2');
    const again = await credit(captain.id, 10, 'chore_submission:2');
    expect(again).toEqual({ entryId: first.entryId, duplicate: true });
    const racing = await Promise.all(Array.from({ length: 6 }, () => credit(captain.id, 10, 'chore_submission:3')));
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.entryId)).size).toBe(1);
    expect(await balanceOf(t.database.db, streetId, captain.id)).toBe(before + 20);
    expect(await ledgerViolations(t.database.db)).toEqual([]);
  });

  it('refuses a credit that is not a positive integer', async () => {
    await expect(credit(captain.id, 0, 'chore_submission:zero')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(credit(captain.id, 1.5, 'chore_submission:frac')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('the ledger holds its invariants in the database', () => {
  it('refuses a debit that would make a balance negative, changing nothing', async () => {
    await credit(captainB.id, 30, 'chore_submission:b1');
    const entriesBefore = await count('point_entries');
    await expect(
      transaction(t.database.db, (tx) =>
        t.services.ledger.debitForRedemption(tx, {
          streetId,
          userId: captainB.id,
          points: 31,
          causeKey: 'mall_order:test-1',
          memo: '兑换',
        }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(await balanceOf(t.database.db, streetId, captainB.id)).toBe(30);
    expect(await count('point_entries')).toBe(entriesBefore);
  });

  it('refuses a debit from a captain who has no account at all', async () => {
    const nobody = await buildUser(t.database.db, t.cipher, [{ role: 'captain', unit: a.building }]);
    await expect(
      transaction(t.database.db, (tx) =>
        t.services.ledger.debitForRedemption(tx, {
          streetId,
          userId: nobody.id,
          points: 1,
          causeKey: 'mall_order:test-2',
          memo: '兑换',
        }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_POINTS' });
  });

  it('refuses to update or delete entries and postings (append-only)', async () => {
    const db = t.database.db;
    await expect(db.execute(sql`update point_entries set memo = 'x'`)).rejects.toSatisfy((e) => pgCode(e) === '23001');
    await expect(db.execute(sql`delete from point_postings`)).rejects.toSatisfy((e) => pgCode(e) === '23001');
    await expect(db.execute(sql`delete from point_accounts`)).rejects.toSatisfy((e) => pgCode(e) === '23001');
  });

  it('refuses at commit an entry whose postings do not sum to zero', async () => {
    const db = t.database.db;
    const before = await balanceOf(db, streetId, captain.id);
    await expect(
      transaction(db, async (tx: Db) => {
        const [e] = await rows<{ id: number }>(
          tx,
          sql`insert into point_entries (street_id, kind, cause_key, memo, created_at)
              values (${streetId}, 'adjustment', 'forged:1', 'forged', now()) returning id`,
        );
        await tx.execute(sql`insert into point_postings (entry_id, street_id, account_id, amount, created_at)
          select ${e?.id}, ${streetId}, id, 1000, now() from point_accounts where street_id = ${streetId} and owner_key = ${captainKey(captain.id)}`);
      }),
    ).rejects.toSatisfy((e) => pgCode(e) === '23514');
    expect(await balanceOf(db, streetId, captain.id)).toBe(before);
  });

  it('corrects by a reversal entry that references the original, at most once', async () => {
    const db = t.database.db;
    const before = await balanceOf(db, streetId, captain.id);
    const orig = await credit(captain.id, 10, 'chore_submission:wrong');
    const rev = () =>
      transaction(db, (tx) =>
        t.services.ledger.reverse(tx, {
          streetId,
          entryId: orig.entryId,
          kind: 'reversal',
          memo: '更正：误批',
          actorUserId: null,
        }),
      );
    const r1 = await rev();
    const r2 = await rev();
    expect(r1.duplicate).toBe(false);
    expect(r2).toEqual({ entryId: r1.entryId, duplicate: true });
    expect(await balanceOf(db, streetId, captain.id)).toBe(before);
    const me = (await get('captain', '/api/v1/points/me')).json();
    expect(me.items[0]).toMatchObject({
      entryId: r1.entryId,
      kind: 'reversal',
      amount: -10,
      reversesEntryId: orig.entryId,
    });
    expect(await ledgerViolations(db)).toEqual([]);
  });
});

describe('reading accounts', () => {
  it('pages a captain’s history newest first', async () => {
    for (let i = 0; i < 5; i++) await credit(captain.id, 1, `page:${i}`);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await get('captain', `/api/v1/points/me?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((i: { entryId: number }) => i.entryId));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
    const total = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from point_postings p join point_accounts a on a.id = p.account_id where a.owner_key = ${captainKey(captain.id)}`,
    );
    expect(seen).toHaveLength(total[0]!.n);
  });

  it('shows staff a captain’s account within their jurisdiction and 404 outside it', async () => {
    const url = `/api/v1/points/accounts/${captain.id}`;
    expect((await get('communityA', url)).json().balance).toBe(await balanceOf(t.database.db, streetId, captain.id));
    expect((await get('street', url)).statusCode).toBe(200);
    expect((await get('communityB', url)).statusCode).toBe(404);
    expect((await get('otherStreet', url)).statusCode).toBe(404);
    expect((await get('captainB', url)).statusCode).toBe(403);
  });

  it('answers 404 for /me to someone with no points account, and asks for sign-in without a session', async () => {
    expect((await get('communityA', '/api/v1/points/me')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/points/me' })).statusCode).toBe(401);
  });
});

async function count(table: string): Promise<number> {
  const [r] = await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
  return r?.n ?? 0;
}
