import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportKit } from '../../../test/export-kit';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { readSheet } from '../../../test/read-sheet';

/**
 * 积分调整's export: the adjustments the list shows for the same status and limit, newest first, audited before
 * the first byte; refused (nothing written) for community staff. Threshold 100 points; on 1 December 2026
 * (Shanghai) 街道张 adjusts 楼长李: 09:00 +50 补记扫楼 (applied at once), 10:00 +150 季度奖励 (waiting),
 * 11:00 -200 误记扣回 (waiting, then rejected by 街道赵).
 */
let t: TestApp;
let a: Tree;
const users: Record<string, { id: number; phone: string }> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  for (const [k, role, unit, name] of [
    ['captain', 'captain', a.building, '楼长李'],
    ['street1', 'street_staff', a.street, '街道张'],
    ['street2', 'street_staff', a.street, '街道赵'],
    ['community', 'community_staff', a.community, '社区王'],
  ] as const) {
    users[k] = await buildUser(db, t.cipher, [{ role, unit }], name);
  }
  await db.execute(
    sql`insert into point_settings (street_id, yuan_per_point, adjustment_threshold) values (${a.street.id}, 0.5, 100)`,
  );
  let rejected = 0;
  for (const [hour, points, reason] of [
    ['01', 50, '补记扫楼'],
    ['02', 150, '季度奖励'],
    ['03', -200, '误记扣回'],
  ] as const) {
    t.clock.set(`2026-12-01T${hour}:00:00Z`);
    // Staff sessions lapse when idle; sign in again at each hour.
    for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
    const res = await post('street1', '/api/v1/points/adjustments', {
      captainUserId: users.captain!.id,
      points,
      reason,
    });
    expect(res.statusCode, res.body).toBe(201);
    rejected = res.json().id;
  }
  expect((await post('street2', `/api/v1/points/adjustments/${rejected}/reject`, {})).statusCode).toBe(200);
});
afterAll(() => t?.close());

const post = (who: string, url: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { cookie: cookies[who]!, 'idempotency-key': `k-${Math.random()}` },
  });
const { get, audits, expectRefused } = exportKit(() => t, cookies);
const exportsBy = async (userId: number) =>
  (await audits('points.adjustments_export')).filter((x) => x.actor_user_id === userId);

describe('积分调整: export', () => {
  it('writes what the list shows for the same filters, newest first, and audits it', async () => {
    const res = await get('street1', '/api/v1/points/adjustments/export?limit=100');
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(s.name).toBe('积分调整');
    expect(s.header).toEqual(['楼长', '分值', '调整原因', '状态', '申请人', '审批人', '申请时间']);
    expect(s.body).toEqual([
      ['楼长李', -200, '误记扣回', '已驳回', '街道张', '街道赵', '2026-12-01 11:00'],
      ['楼长李', 150, '季度奖励', '待审批', '街道张', null, '2026-12-01 10:00'],
      ['楼长李', 50, '补记扫楼', '已生效', '街道张', null, '2026-12-01 09:00'],
    ]);
    const listed = (await get('street1', '/api/v1/points/adjustments?status=pending&limit=100')).json().items;
    const pending = await readSheet(
      (await get('street1', '/api/v1/points/adjustments/export?status=pending&limit=100')).rawPayload,
    );
    expect(pending.body.map((r) => r[2])).toEqual(listed.map((x: { reason: string }) => x.reason));
    expect(pending.body.map((r) => r[2])).toEqual(['季度奖励']);
    expect((await exportsBy(users.street1!.id)).map((x) => [x.detail.rows, x.detail.filters.status ?? null])).toEqual([
      [3, null],
      [1, 'pending'],
    ]);
  });

  it('refuses community staff, and writes nothing', async () => {
    await expectRefused('community', ['/api/v1/points/adjustments/export'], ['points.adjustments_export']);
  });
});
