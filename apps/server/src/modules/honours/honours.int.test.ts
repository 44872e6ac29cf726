import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { honoursFixture, type Street } from '../../../test/honours-fixture';
import { readPdf } from '../../../test/pdf-text';
import { rows } from '../../platform/db';

/**
 * Honours against hand-worked fixtures and the rules of docs/rules.md#honours: quota ⌈eligible × % / 100⌉,
 * rank() over the total (ties share a rank), honoured = rank ≤ quota, so a tie at the cut-off is all in;
 * satisfaction = 20 points per star × (10 × street mean + sum of ratings) / (10 + ratings).
 */
let t: TestApp;
let f: ReturnType<typeof honoursFixture>;

beforeAll(async () => {
  t = await startTestApp({}, { poolSize: 12 });
  f = honoursFixture(t);
});
afterAll(() => t.close());

const street = () => f.street();
const captain = (s: Street, name: string) => f.captain(s, name);
const chorePoints = (s: Street, userId: number, points: number, key: string) => f.chorePoints(s, userId, points, key);
const rated = (s: Street, handlerId: number, buildingId: number, path: string, rating: number) =>
  f.rated(s, handlerId, buildingId, path, rating);
const call = (cookie: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  f.call(cookie, method, url, payload);
const draft = (s: Street, kind: 'star' | 'beauty', period: string, bonusPoints = 0) =>
  f.draft(s, kind, period, bonusPoints);

describe('honours', () => {
  it('puts a tie at the cut-off all in, by the documented rule and not by row order', async () => {
    const s = await street();
    // Ten active captains with chore points (and one with none: not eligible). 30 % of 10 = 3.
    const plan: [string, number][] = [
      ['甲', 100],
      ['乙', 90],
      ['丙', 80],
      ['丁', 80],
      ['戊', 80],
      ['己', 50],
      ['庚', 40],
      ['辛', 30],
      ['壬', 20],
      ['癸', 10],
    ];
    const ids: Record<string, number> = {};
    // Registered in an order that does not follow the scores, so no row order can decide.
    for (const [name, pts] of [...plan].reverse()) {
      const c = await captain(s, name);
      ids[name] = c.id;
      await chorePoints(s, c.id, pts, `${s.tree.street.id}-${name}`);
    }
    await captain(s, '闲');
    // A reviewer's merit lifts 己 from 50 to 80: now four share third place.
    const merit = await call(s.staff, 'POST', '/api/v1/honours/merits', {
      userId: ids.己,
      points: 30,
      reason: '调解邻里纠纷',
      awardedOn: '2026-09-10',
    });
    expect(merit.statusCode, merit.body).toBe(201);
    const res = await draft(s, 'star', '2026-Q3');
    expect(res.statusCode, res.body).toBe(201);
    const round = res.json();
    expect(round).toMatchObject({ status: 'draft', quotaPercent: 30, eligible: 10, quota: 3, honoured: 6 });
    const honoured = round.scores
      .filter((x: { isHonoured: boolean }) => x.isHonoured)
      .map((x: { name: string }) => x.name)
      .sort();
    expect(honoured).toEqual(['丁', '丙', '乙', '己', '戊', '甲'].sort());
    expect(round.scores.find((x: { name: string }) => x.name === '己')).toMatchObject({
      chorePoints: 50,
      merit: 30,
      total: 80,
      rank: 3,
    });
    expect(round.scores.find((x: { name: string }) => x.name === '庚')).toMatchObject({ rank: 7, isHonoured: false });
    expect(round.scores.some((x: { name: string }) => x.name === '闲')).toBe(false);

    // With a 40 % quota (⌈4⌉ = 4) the cut-off falls inside the same tie: still all six.
    expect(
      (await call(s.staff, 'PUT', '/api/v1/captain-settings', { streetId: s.tree.street.id, starQuotaPercent: 40 }))
        .statusCode,
    ).toBe(200);
    expect((await draft(s, 'star', '2026-Q3')).json()).toMatchObject({ quota: 4, honoured: 6 });
    // With 20 % (2) the cut-off is 乙 alone: two.
    await call(s.staff, 'PUT', '/api/v1/captain-settings', { streetId: s.tree.street.id, starQuotaPercent: 20 });
    expect((await draft(s, 'star', '2026-Q3')).json()).toMatchObject({ quota: 2, honoured: 2 });
  });

  it('shrinks satisfaction toward the street mean: one 5-star does not beat fifty 4s', async () => {
    const s = await street();
    const one = await captain(s, '一星五');
    const fifty = await captain(s, '五十四');
    const low = await captain(s, '低分');
    await rated(s, one.id, one.buildingId, one.building.path, 5);
    for (let i = 0; i < 50; i++) await rated(s, fifty.id, fifty.buildingId, fifty.building.path, 4);
    for (let i = 0; i < 29; i++) await rated(s, low.id, low.buildingId, low.building.path, 2);
    const round = (await draft(s, 'star', '2026-Q3')).json();
    // Street mean (5 + 200 + 58) / 80 = 3.2875.
    expect(round.streetMeanRating).toBe(3.2875);
    const by = (n: string) => round.scores.find((x: { name: string }) => x.name === n);
    // (10 × 3.2875 + 5) / 11 = 3.44318… ; (32.875 + 200) / 60 = 3.88125 ; (32.875 + 58) / 39 = 2.33012…
    expect(by('一星五')).toMatchObject({ ratings: 1, ratingMean: 5, shrunkRating: 3.4432, satisfaction: 68.86 });
    expect(by('五十四')).toMatchObject({ ratings: 50, ratingMean: 4, shrunkRating: 3.8813, satisfaction: 77.63 });
    expect(by('低分')).toMatchObject({ ratings: 29, shrunkRating: 2.3301, satisfaction: 46.6 });
    expect(by('五十四').rank).toBe(1);
    expect(by('一星五').rank).toBe(2);
  });

  it('refuses an unended period, a wrong period kind and quotas of 0 % or 120 %, changing nothing', async () => {
    const s = await street();
    await captain(s, '某');
    const early = await draft(s, 'star', '2026-Q4');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('HONOUR_PERIOD_NOT_ENDED');
    expect((await draft(s, 'beauty', '2026-Q3')).json().error.code).toBe('HONOUR_PERIOD_KIND');
    for (const q of [0, 120]) {
      const bad = await call(s.staff, 'PUT', '/api/v1/captain-settings', {
        streetId: s.tree.street.id,
        beautyQuotaPercent: q,
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.code).toBe('HONOUR_QUOTA_INVALID');
    }
    const settings = await call(s.staff, 'GET', `/api/v1/captain-settings?streetId=${s.tree.street.id}`);
    expect(settings.json()).toMatchObject({ starQuotaPercent: 30, beautyQuotaPercent: 5, exitRedeemDays: 90 });
    expect((await call(s.staff, 'GET', `/api/v1/honours/rounds?streetId=${s.tree.street.id}`)).json().items).toEqual(
      [],
    );
  });

  it('publishes once under concurrent publishes, credits each bonus once, and issues certificates that verify', async () => {
    const s = await street();
    const winners = [];
    for (const [i, name] of ['陈秀英', '李建国', '王芳'].entries()) {
      const c = await captain(s, name);
      await chorePoints(s, c.id, 100 - i * 10, `${s.tree.street.id}-${name}`);
      winners.push(c);
    }
    for (const [i, name] of ['赵一', '钱二', '孙三', '周四', '吴五', '郑六', '冯七'].entries()) {
      const c = await captain(s, name);
      await chorePoints(s, c.id, 20 - i, `${s.tree.street.id}-${name}`);
    }
    const round = (await draft(s, 'star', '2026-Q3', 50)).json();
    expect(round).toMatchObject({ eligible: 10, quota: 3, honoured: 3, bonusPoints: 50 });
    const early = await call(s.staff, 'POST', `/api/v1/honours/rounds/${round.id}/publish`);
    expect(early.json().error.code).toBe('HONOUR_NOT_REVIEWED');
    expect((await call(s.staff, 'POST', `/api/v1/honours/rounds/${round.id}/review`)).statusCode).toBe(200);
    // Five publishes at once: exactly one wins (PGlite runs them one after the other on its one connection).
    const all = await Promise.all(
      Array.from({ length: 5 }, () => call(s.staff, 'POST', `/api/v1/honours/rounds/${round.id}/publish`)),
    );
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of all.filter((x) => x.statusCode === 409))
      expect(r.json().error.code).toBe('HONOUR_ALREADY_PUBLISHED');
    const [bonus] = await rows<{ n: number; total: number }>(
      t.database.db,
      sql`select count(*)::int as n, coalesce(sum(p.amount), 0)::int as total
            from point_entries e join point_postings p on p.entry_id = e.id join point_accounts a on a.id = p.account_id
           where e.street_id = ${s.tree.street.id} and e.kind = 'honour_bonus' and a.kind = 'captain'`,
    );
    expect({ n: Number(bonus?.n), total: Number(bonus?.total) }).toEqual({ n: 3, total: 150 });
    for (const [i, w] of winners.entries()) {
      expect(await t.services.ledger.balanceOf(t.database.db, s.tree.street.id, w.id)).toBe(100 - i * 10 + 50);
    }
    expect((await draft(s, 'star', '2026-Q3')).json().error.code).toBe('HONOUR_ROUND_EXISTS');

    // The captain sees their own breakdown and certificate; its QR code verifies it publicly.
    const me = await login(t.app, winners[0]?.phone as string);
    const inbox = (await call(me, 'GET', '/api/v1/notifications')).json().items;
    expect(inbox.map((n: { title: string }) => n.title)).toContain('恭喜您被评为2026年第三季度星级楼长');
    const mine = (await call(me, 'GET', '/api/v1/honours/me')).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'star',
      period: '2026-Q3',
      score: { chorePoints: 100, rank: 1, isHonoured: true },
    });
    const cert = await call(me, 'GET', `/api/v1/honours/rounds/${round.id}/certificates/${winners[0]?.id}`);
    expect(cert.statusCode).toBe(200);
    expect(cert.headers['content-type']).toBe('application/pdf');
    const page = (await readPdf(cert.rawPayload)).pages[0];
    expect(page?.text).toContain('陈秀英');
    expect(page?.text).toContain('星级楼长');
    expect(page?.qr).toBe(mine[0].verifyUrl);
    const token = (page?.qr ?? '').split('/').pop();
    const verified = await call(null, 'GET', `/api/v1/public/honours/verify/${token}`);
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ valid: true, name: '陈秀英', title: '星级楼长', period: '2026-Q3' });
    expect((await call(null, 'GET', `/api/v1/public/honours/verify/${'0'.repeat(32)}`)).statusCode).toBe(404);
    // Not honoured: no certificate.
    const other = await call(
      s.staff,
      'GET',
      `/api/v1/honours/rounds/${round.id}/certificates/${mine[0].score.userId + 1000000}`,
    );
    expect(other.statusCode).toBe(404);
    // The honour roll on the building's board.
    const board = await call(s.community, 'GET', `/api/v1/buildings/${winners[0]?.buildingId}/board.pdf`);
    const boardText = (await readPdf(board.rawPayload)).pages[0]?.text ?? '';
    expect(boardText).toContain('荣誉榜');
    expect(boardText).toContain('2026年第三季度星级楼长');
  });
});
