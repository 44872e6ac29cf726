import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { honoursFixture } from '../../../test/honours-fixture';

/**
 * A round stores the rows of the honoured and of the top HONOURS_STORED_TOP (here 2) only; every other
 * captain's breakdown is worked from the tallies and the round's kept figures (docs/rules.md#honours).
 * Expected numbers by hand from the fixture below, with the street's defaults (30 %, C = 10, 20 points
 * per star, minimum activity 1).
 */
let t: TestApp;
let f: ReturnType<typeof honoursFixture>;

beforeAll(async () => {
  t = await startTestApp({ HONOURS_STORED_TOP: '2' }, { poolSize: 12 });
  f = honoursFixture(t);
});
afterAll(() => t.close());

describe('honours below the stored top', () => {
  it('gives a captain without a stored row their breakdown from the tallies and the round’s figures', async () => {
    const s = await f.street();
    const jia = await f.captain(s, '甲');
    const yi = await f.captain(s, '乙');
    const bing = await f.captain(s, '丙');
    const ding = await f.captain(s, '丁');
    const wu = await f.captain(s, '戊');
    const idle = await f.captain(s, '闲'); // no activity: not eligible
    await f.chorePoints(s, jia.id, 200, `${s.tree.street.id}-甲`);
    await f.chorePoints(s, yi.id, 150, `${s.tree.street.id}-乙`);
    await f.chorePoints(s, bing.id, 30, `${s.tree.street.id}-丙`);
    await f.chorePoints(s, ding.id, 20, `${s.tree.street.id}-丁`);
    await f.chorePoints(s, wu.id, 10, `${s.tree.street.id}-戊`);
    await f.rated(s, bing.id, bing.buildingId, bing.building.path, 5);
    await f.rated(s, bing.id, bing.buildingId, bing.building.path, 3);
    await f.rated(s, wu.id, wu.buildingId, wu.building.path, 1);
    const merit = await f.call(s.staff, 'POST', '/api/v1/honours/merits', {
      userId: bing.id,
      points: 7,
      reason: '调解邻里纠纷',
      awardedOn: '2026-09-10',
    });
    expect(merit.statusCode, merit.body).toBe(201);

    // Street mean (5 + 3 + 1) / 3 = 3.
    // 丙: shrunk (10 × 3 + 8) / 12 = 3.16666… → 3.1667; satisfaction 20 × 3.1667 = 63.334 → 63.33;
    //     total 30 + 63.33 + 7 = 100.33 (rank 3).
    // 戊: shrunk (30 + 1) / 11 = 2.81818… → 2.8182; satisfaction 56.364 → 56.36; total 66.36 (rank 4).
    // 甲 200 (1), 乙 150 (2), 丁 20 (5). Eligible 5, quota ⌈1.5⌉ = 2: 甲 and 乙, cut-off 150.
    const res = await f.draft(s, 'star', '2026-Q3');
    expect(res.statusCode, res.body).toBe(201);
    const round = res.json();
    expect(round).toMatchObject({ eligible: 5, quota: 2, honoured: 2, streetMeanRating: 3, cutoffTotal: 150 });
    // Stored: the honoured and the top 2 — the same two.
    expect(round.scores.map((x: { name: string; rank: number }) => [x.name, x.rank])).toEqual([
      ['甲', 1],
      ['乙', 2],
    ]);

    const scoreOf = (userId: number) =>
      f.call(s.community, 'GET', `/api/v1/honours/rounds/${round.id}/scores/${userId}`);
    const bingScore = {
      userId: bing.id,
      name: '丙',
      chorePoints: 30,
      choresApproved: 1,
      ratings: 2,
      ratingMean: 4,
      shrunkRating: 3.1667,
      satisfaction: 63.33,
      merit: 7,
      total: 100.33,
      rank: null,
      isHonoured: false,
    };
    expect((await scoreOf(bing.id)).json()).toEqual(bingScore);
    expect((await scoreOf(wu.id)).json()).toMatchObject({
      ratings: 1,
      shrunkRating: 2.8182,
      satisfaction: 56.36,
      total: 66.36,
      rank: null,
      isHonoured: false,
    });
    expect((await scoreOf(ding.id)).json()).toMatchObject({ chorePoints: 20, shrunkRating: null, total: 20 });
    // A stored row keeps its rank.
    expect((await scoreOf(yi.id)).json()).toMatchObject({ total: 150, rank: 2, isHonoured: true });
    // Below the minimum activity, or not a captain of the street: no score.
    expect((await scoreOf(idle.id)).statusCode).toBe(404);
    const outsider = await f.street();
    const stranger = await f.captain(outsider, '外');
    expect((await scoreOf(stranger.id)).statusCode).toBe(404);

    // Published: 丙 sees the breakdown on the phone, with the cut-off instead of a rank, and no certificate.
    expect((await f.call(s.staff, 'POST', `/api/v1/honours/rounds/${round.id}/review`)).statusCode).toBe(200);
    expect((await f.call(s.staff, 'POST', `/api/v1/honours/rounds/${round.id}/publish`)).statusCode).toBe(200);
    const me = await login(t.app, bing.phone);
    const mine = (await f.call(me, 'GET', '/api/v1/honours/me')).json().items;
    expect(mine).toEqual([
      {
        roundId: round.id,
        kind: 'star',
        period: '2026-Q3',
        status: 'published',
        score: bingScore,
        quota: 2,
        eligible: 5,
        streetMeanRating: 3,
        cutoffTotal: 150,
        verifyUrl: null,
      },
    ]);
    const cert = await f.call(me, 'GET', `/api/v1/honours/rounds/${round.id}/certificates/${bing.id}`);
    expect(cert.json().error.code).toBe('HONOUR_NOT_HONOURED');
    // The honoured still have their stored row, rank and certificate.
    const jiaMine = (await f.call(await login(t.app, jia.phone), 'GET', '/api/v1/honours/me')).json().items;
    expect(jiaMine[0]).toMatchObject({ score: { total: 200, rank: 1, isHonoured: true } });
    expect(jiaMine[0].verifyUrl).toMatch(/\/m\/honours\/verify\/[0-9a-f]{32}$/);
  });

  it('stores a tie at the stored line whole, so every stored rank is the rank among all the eligible', async () => {
    const s = await f.street();
    const plan: [string, number][] = [
      ['子', 100],
      ['丑', 50],
      ['寅', 50],
      ['卯', 10],
    ];
    const ids: Record<string, number> = {};
    for (const [name, pts] of plan) {
      const c = await f.captain(s, name);
      ids[name] = c.id;
      await f.chorePoints(s, c.id, pts, `${s.tree.street.id}-${name}`);
    }
    // 20 % of 4: ⌈0.8⌉ = 1 honoured (子); the top 2 stored, and 寅 ties 丑 at rank 2: three rows.
    const q = await f.call(s.staff, 'PUT', '/api/v1/captain-settings', {
      streetId: s.tree.street.id,
      starQuotaPercent: 20,
    });
    expect(q.statusCode, q.body).toBe(200);
    const round = (await f.draft(s, 'star', '2026-Q3')).json();
    expect(round).toMatchObject({ eligible: 4, quota: 1, honoured: 1, cutoffTotal: 100 });
    expect(
      round.scores.map((x: { name: string; rank: number; isHonoured: boolean }) => [x.name, x.rank, x.isHonoured]),
    ).toEqual([
      ['子', 1, true],
      ['丑', 2, false],
      ['寅', 2, false],
    ]);
    const worked = await f.call(s.staff, 'GET', `/api/v1/honours/rounds/${round.id}/scores/${ids.卯}`);
    expect(worked.json()).toMatchObject({ total: 10, rank: null, isHonoured: false });
  });
});
