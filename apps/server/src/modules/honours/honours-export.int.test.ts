import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { honoursFixture } from '../../../test/honours-fixture';
import { readSheet } from '../../../test/read-sheet';
import { rows } from '../../platform/db';

/**
 * A round's scores exported as its page shows them, audited before the first byte; refused (nothing written)
 * for a captain and for staff of another street. Three captains with chore points in 2026-Q3 — 甲 100, 乙 60,
 * 丙 20 — and a merit of 30 for 丙; no ratings. 30 % of 3 eligible = a quota of 1: 甲 alone is honoured.
 */
let t: TestApp;
let f: ReturnType<typeof honoursFixture>;

beforeAll(async () => {
  t = await startTestApp({});
  f = honoursFixture(t);
});
afterAll(() => t.close());

const exportsOf = (roundId: number) =>
  rows<{ actor_user_id: number; detail: { rows: number } }>(
    t.database.db,
    sql`select actor_user_id, detail from audit_log where action = 'honour_round.export' and object_id = ${String(roundId)}`,
  );

describe('评选得分: export', () => {
  it('writes every score of the round in its order, refuses those who may not read it, and audits it', async () => {
    const s = await f.street();
    const ids: Record<string, number> = {};
    const phones: Record<string, string> = {};
    for (const [name, pts] of [
      ['甲', 100],
      ['乙', 60],
      ['丙', 20],
    ] as const) {
      const c = await f.captain(s, name);
      ids[name] = c.id;
      phones[name] = c.phone;
      await f.chorePoints(s, c.id, pts, `${s.tree.street.id}-${name}`);
    }
    const merit = await f.call(s.staff, 'POST', '/api/v1/honours/merits', {
      userId: ids.丙,
      points: 30,
      reason: '调解邻里纠纷',
      awardedOn: '2026-09-10',
    });
    expect(merit.statusCode, merit.body).toBe(201);
    const round = (await f.draft(s, 'star', '2026-Q3')).json();
    const url = `/api/v1/honours/rounds/${round.id}/export`;

    const res = await f.call(s.staff, 'GET', url);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const sheet = await readSheet(res.rawPayload);
    expect(sheet.name).toBe('评选得分');
    expect(sheet.header).toEqual([
      '名次',
      '姓名',
      '任务积分',
      '评价数',
      '平均分',
      '收缩满意度',
      '满意度分',
      '评审加分',
      '总分',
      '入选',
    ]);
    expect(sheet.body.map((r) => [r[0], r[1], r[2], r[3], r[7], r[9]])).toEqual([
      [1, '甲', 100, 0, 0, '是'],
      [2, '乙', 60, 0, 0, null],
      [3, '丙', 20, 0, 30, null],
    ]);
    // The other figures are those the round's page shows.
    const page = (await f.call(s.staff, 'GET', `/api/v1/honours/rounds/${round.id}`)).json();
    expect(sheet.body.map((r) => [r[4], r[5], r[6], r[8]])).toEqual(
      page.scores.map(
        (x: { ratingMean: number | null; shrunkRating: number | null; satisfaction: number; total: number }) => [
          x.ratingMean,
          x.shrunkRating,
          x.satisfaction,
          x.total,
        ],
      ),
    );

    const captain = await login(t.app, phones.甲!);
    expect((await f.call(captain, 'GET', url)).statusCode).toBe(403);
    const other = await f.street();
    expect([403, 404]).toContain((await f.call(other.staff, 'GET', url)).statusCode);
    const logged = await exportsOf(round.id);
    expect(logged.map((x) => x.detail.rows)).toEqual([3]);
  });
});
