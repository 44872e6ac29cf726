import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AREAS, a, call, cookies, lift, proposal, t, useDeliberationFixture } from '../../../test/deliberation-fixture';
import { readSheet } from '../../../test/read-sheet';
import { rows } from '../../platform/db';

/**
 * The exports of 议事表决: the proposals list and a proposal's 表决名册, as their pages show them, audited before
 * the first byte; the roll is refused (nothing written) to a neighbour. The lift building's 12 households
 * (1,013.05 ㎡ in all): 101 (62.35 ㎡) agrees and 102 (75.8 ㎡) is against, both on the phone; the rest have
 * not voted.
 */
useDeliberationFixture();

const audits = (action: string) =>
  rows<{ actor_user_id: number; detail: { rows: number } }>(
    t.database.db,
    sql`select actor_user_id, detail from audit_log where action = ${action} order by id`,
  );

describe('议事表决: export', () => {
  it('writes the roll with each ballot and the proposals list, refuses a neighbour the roll, and audits each', async () => {
    const created = await call(cookies.community!, 'POST', '/api/v1/proposals', proposal());
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    for (const [i, choice] of [
      [0, 'agree'],
      [1, 'against'],
    ] as const) {
      const b = await call(lift[i]!.cookie, 'POST', `/api/v1/proposals/${id}/ballots`, { choice });
      expect(b.statusCode, b.body).toBeLessThan(300);
    }

    const res = await call(cookies.community!, 'GET', `/api/v1/proposals/${id}/roll/export`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('表决名册');
    expect(s.header).toEqual(['住户', '面积（㎡）', '表决', '方式', '录入人', '表决时间']);
    expect(s.body.map((r) => [r[1], r[2], r[3], r[5]])).toEqual(
      AREAS.map((m2, i) => [
        m2,
        ['同意', '反对'][i] ?? '未表决',
        i < 2 ? '手机表决' : null,
        i < 2 ? '2026-11-10 10:00' : null,
      ]),
    );
    const roll = (await call(cookies.community!, 'GET', `/api/v1/proposals/${id}/roll`)).json().items;
    expect(s.body.map((r) => [r[0], r[4]])).toEqual(
      roll.map((e: { address: string; ballot: { castByName: string } | null }) => [
        e.address,
        e.ballot?.castByName ?? null,
      ]),
    );

    const list = await readSheet((await call(cookies.community!, 'GET', '/api/v1/proposals/export')).rawPayload);
    expect(list.name).toBe('议事表决');
    expect(list.header.slice(3, 10)).toEqual([
      '应参与（户）',
      '应参与（㎡）',
      '参与（户）',
      '参与（㎡）',
      '同意（户）',
      '同意（㎡）',
      '结果',
    ]);
    expect(list.body).toEqual([
      ['加装电梯', a.building.name, expect.any(String), 12, 1013.05, 2, 138.15, 1, 62.35, '表决中', '2026-11-20 18:00'],
    ]);

    expect([403, 404]).toContain(
      (await call(cookies.neighbour!, 'GET', `/api/v1/proposals/${id}/roll/export`)).statusCode,
    );
    expect((await audits('proposal.roll_export')).map((x) => x.detail.rows)).toEqual([12]);
    expect((await audits('proposal.export')).map((x) => x.detail.rows)).toEqual([1]);
  });
});
