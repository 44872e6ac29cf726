import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { insertReport } from '../src/modules/reports/reports.repository';
import { rows } from '../src/platform/db';
import { buildTree, buildUser, child, type Tree } from './factories';
import { login, type TestApp } from './harness';

/**
 * The honours tests' street: its staff, captains registered by the community, chore points credited
 * through the ledger and reports rated through ReportsService.rate, all inside 2026-Q3 (the test clock
 * otherwise stands at 2026-11-02, after the quarter).
 */
export const IN_PERIOD = '2026-08-15T02:00:00Z';
export const NOW = '2026-11-02T02:00:00Z';

export interface Street {
  tree: Tree;
  staff: string;
  community: string;
}

export function honoursFixture(t: TestApp) {
  const call = (cookie: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: cookie ? { cookie } : {},
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  async function street(): Promise<Street> {
    const tree = await buildTree(t.database.db);
    const staff = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'street_staff', unit: tree.street }])).phone,
    );
    const community = await login(
      t.app,
      (await buildUser(t.database.db, t.cipher, [{ role: 'community_staff', unit: tree.community }])).phone,
    );
    return { tree, staff, community };
  }

  /** A captain of a fresh building of the street, registered by the community. */
  async function captain(s: Street, name: string) {
    const b = await child(t.database.db, s.tree.estate, 'building', `${name}的楼`);
    const u = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: b }], name);
    const r = await call(s.community, 'POST', `/api/v1/buildings/${b.id}/captains`, { userId: u.id });
    expect(r.statusCode, r.body).toBe(200);
    return { ...u, buildingId: b.id, building: b };
  }

  /** Approved chore points, credited in the period through the ledger as a chore approval does. */
  async function chorePoints(s: Street, userId: number, points: number, key: string) {
    t.clock.set(IN_PERIOD);
    try {
      await t.database.db.transaction((tx) =>
        t.services.ledger.credit(tx as never, {
          streetId: s.tree.street.id,
          userId,
          points,
          causeKey: `chore_submission:test-${key}`,
          memo: '扫楼梯',
          actorUserId: null,
        }),
      );
    } finally {
      t.clock.set(NOW);
    }
  }

  let catId: number;
  const reporters = new Map<number, number>();
  /**
   * A report resolved by `handlerId` (its timeline up to the resolution written as the handler's actions
   * would), then rated `rating` in the period by its reporter through ReportsService.rate, as the app does.
   */
  async function rated(s: Street, handlerId: number, buildingId: number, path: string, rating: number) {
    if (!catId) {
      const [c] = await rows<{ id: number }>(
        t.database.db,
        sql`select id from report_categories where parent_id is null and is_active order by id limit 1`,
      );
      catId = c?.id as number;
    }
    let reporter = reporters.get(s.tree.street.id);
    if (!reporter) {
      reporter = (await buildUser(t.database.db, t.cipher, [], '报事人')).id;
      reporters.set(s.tree.street.id, reporter);
    }
    const at = new Date(IN_PERIOD);
    const r = await insertReport(t.database.db, {
      streetId: s.tree.street.id,
      buildingId,
      path,
      categoryId: catId,
      description: '楼道灯不亮',
      channel: 'app',
      status: 'resolved',
      level: 1,
      peakLevel: 1,
      version: 2,
      reporterUserId: reporter,
      handlerOrgUnitId: buildingId,
      levelEnteredAt: at,
      resolvedAt: at,
      createdAt: at,
      updatedAt: at,
    });
    await t.database.db.execute(sql`
      insert into report_events (report_id, street_id, version, type, actor_user_id, to_status, to_level, at)
      values (${r.id}, ${s.tree.street.id}, 2, 'resolved', ${handlerId}, 'resolved', 1, ${at.toISOString()}::timestamptz)`);
    await t.database.db.execute(sql`
      insert into report_followers (report_id, user_id, street_id, kind, created_at)
      values (${r.id}, ${reporter}, ${s.tree.street.id}, 'reporter', ${at.toISOString()}::timestamptz)`);
    t.clock.set(IN_PERIOD);
    try {
      const actor = { userId: reporter, name: '报事人', bindings: [] };
      await t.services.reports.rate({ actor, ip: 'test', lang: 'zh' }, r.id, { rating, solved: true });
    } finally {
      t.clock.set(NOW);
    }
  }

  async function draft(s: Street, kind: 'star' | 'beauty', period: string, bonusPoints = 0) {
    return call(s.staff, 'POST', '/api/v1/honours/rounds', { streetId: s.tree.street.id, kind, period, bonusPoints });
  }

  return { call, street, captain, chorePoints, rated, draft };
}
