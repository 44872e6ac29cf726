import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadPhoto } from '../../../test/chore-fixtures';
import { buildTree, buildUser, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { transaction } from '../../platform/db';

/**
 * The notifications the first wave missed (docs/rules.md#notifications): a chore approved (with its points) or sent back
 * (with the reason), an order ready for pick-up, the mall's monthly window opening — each once.
 */
let t: TestApp;
let a: Tree;
let users: Record<string, { id: number; phone: string }>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' });
  const db = t.database.db;
  a = await buildTree(db);
  users = {
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
    captain2: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
  };
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t?.close());

async function api(who: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  if (res.statusCode >= 300) throw new Error(`${who} ${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
const inbox = async (who: string, kind: string) =>
  (await api(who, 'GET', '/api/v1/notifications?limit=100')).items.filter((n: { kind: string }) => n.kind === kind);

async function submission(points: number): Promise<number> {
  const tpl = await api('street', 'POST', '/api/v1/chore-templates', {
    name: `扫楼梯-${points}-${Math.random().toString(36).slice(2, 7)}`,
    category: 'cleaning',
    points,
    minPhotos: 1,
  });
  await api('street', 'POST', '/api/v1/chore-publications', {
    templateId: tpl.id,
    orgUnitId: a.building.id,
    recurrence: 'once',
    startsOn: '2026-11-02',
  });
  const tasks = await api('captain', 'GET', '/api/v1/chores/tasks?view=open&limit=50');
  const task = tasks.items.find((x: { templateId?: number; name: string }) => x.name === tpl.name);
  await api('captain', 'POST', `/api/v1/chores/tasks/${task.id}/claim`);
  const sub = await api('captain', 'POST', `/api/v1/chores/tasks/${task.id}/submissions`, {
    photos: [{ id: await uploadPhoto(t.app, cookies.captain!), kind: 'after' }],
  });
  return sub.id;
}

describe('chore review notifications', () => {
  it('tells the captain the points of an approved chore, once', async () => {
    const id = await submission(10);
    await api('street', 'POST', `/api/v1/chores/submissions/${id}/approve`);
    const got = await inbox('captain', 'chore_approved');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ title: '任务已通过，获得 10 积分', objectType: 'chore_submission', objectId: id });
  });

  it('tells the captain the reason a chore was sent back', async () => {
    const id = await submission(5);
    await api('street', 'POST', `/api/v1/chores/submissions/${id}/reject`, { reason: '照片看不清楼道' });
    const got = await inbox('captain', 'chore_rejected');
    expect(got).toHaveLength(1);
    expect(got[0].body).toContain('照片看不清楼道');
  });
});

describe('mall notifications', () => {
  it('tells every captain of the street once when the window opens, and the buyer when the order is ready', async () => {
    await api('street', 'POST', '/api/v1/mall/products', {
      name: '大米',
      pointsPrice: 50,
      stock: 10,
      unitCostYuan: 25,
    });
    // 2026-11-30T17:00Z is 1 December, 01:00 in Shanghai: the default window (days 1–7) is open.
    t.clock.set('2026-11-25T02:00:00Z');
    expect(await t.services.mall.announceWindows()).toBe(0);
    t.clock.set('2026-11-30T17:00:00Z');
    await t.services.mall.announceWindows();
    await t.services.mall.announceWindows();
    for (const who of ['captain', 'captain2']) cookies[who] = await login(t.app, users[who]!.phone);
    cookies.community = await login(t.app, users.community!.phone);
    cookies.street = await login(t.app, users.street!.phone);
    for (const who of ['captain', 'captain2']) {
      const got = await inbox(who, 'mall_window_open');
      expect(got, who).toHaveLength(1);
      expect(got[0].body).toContain('2026-12-07');
    }
    await transaction(t.database.db, (tx) =>
      t.services.ledger.credit(tx, {
        streetId: a.street.id,
        userId: users.captain!.id,
        points: 200,
        causeKey: 'test:notify-order',
        memo: '测试',
        actorUserId: null,
      }),
    );
    const products = await api('captain', 'GET', '/api/v1/mall/products');
    const order = await api('captain', 'POST', '/api/v1/mall/orders', {
      items: [{ productId: products.items[0].id, quantity: 1 }],
    });
    await api('community', 'POST', `/api/v1/mall/orders/${order.id}/ready`);
    const ready = await inbox('captain', 'order_ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ objectType: 'mall_order', objectId: order.id });
    expect(ready[0].body).toContain(order.pickupCode);
  });
});
