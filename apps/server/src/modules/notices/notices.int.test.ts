import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHousehold, buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { readPdf } from '../../../test/pdf-text';
import { jpeg } from '../../../test/world';
import { rows } from '../../platform/db';

/**
 * Notices through HTTP: who may send to which scope (never above their own), the resident feed and its
 * unread badge, read receipts counted once under concurrent reads, per-building counts and the captain's
 * list of households that have not read it.
 */
let t: TestApp;
let a: Tree;
let building2: Awaited<ReturnType<typeof child>>;
let households: number[] = [];
let users: Record<string, { id: number; phone: string }>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 12 });
  const db = t.database.db;
  a = await buildTree(db);
  building2 = await child(db, a.estate, 'building');
  const hh = t.services.households;
  users = {
    street: await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]),
    community: await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]),
    captain: await buildUser(db, t.cipher, [{ role: 'captain', unit: a.building }]),
    residentA: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]),
    residentA2: await buildUser(db, t.cipher, [{ role: 'resident', unit: a.building }]),
    residentB: await buildUser(db, t.cipher, [{ role: 'resident', unit: building2 }]),
    department: await buildUser(db, t.cipher, [{ role: 'department_staff', unit: a.district }]),
  };
  // Building 1: three households; residentA and residentA2 are members of the same one. Building 2: one.
  const h1 = await buildHousehold(db, hh, a.building, [{ name: '张三' }, { name: '张三妻' }], {
    userId: users.residentA!.id,
  });
  await db.execute(
    sql`update residents set user_id = ${users.residentA2!.id} where household_id = ${h1.household.id} and name = '张三妻'`,
  );
  const h2 = await buildHousehold(db, hh, a.building, [{ name: '李四' }]);
  const h3 = await buildHousehold(db, hh, a.building, [{ name: '王五' }]);
  const h4 = await buildHousehold(db, hh, building2, [{ name: '赵六' }], { userId: users.residentB!.id });
  households = [h1.household.id, h2.household.id, h3.household.id, h4.household.id];
  for (const [k, u] of Object.entries(users)) cookies[k] = await login(t.app, u.phone);
});
afterAll(() => t?.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: cookies[who]! },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const count = async (table: string) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;
const publish = (who: string, scopeOrgUnitId: number, extra: Record<string, unknown> = {}) =>
  call(who, 'POST', '/api/v1/notices', {
    scopeOrgUnitId,
    kind: 'safety',
    title: '关于清理楼道杂物的通知',
    body: '请各住户于本周六前清理楼道堆放杂物，消防通道严禁堆物。',
    ...extra,
  });

describe('who may send a notice where', () => {
  it('refuses a scope above one’s own with a coded error, and changes nothing', async () => {
    const before = await count('notices');
    const up = await publish('community', a.street.id);
    expect(up.statusCode).toBe(403);
    expect(up.json().error.code).toBe('NOTICE_SCOPE_ABOVE');
    const captainUp = await publish('captain', a.estate.id);
    expect(captainUp.json().error.code).toBe('NOTICE_SCOPE_ABOVE');
    const sideways = await publish('captain', building2.id);
    expect(sideways.statusCode).toBe(404);
    expect((await publish('department', a.building.id)).statusCode).toBe(404);
    expect((await publish('residentA', a.building.id)).statusCode).toBe(404);
    const badKind = await publish('community', a.community.id, { kind: 'gossip' });
    expect(badKind.statusCode).toBe(400);
    expect(await count('notices')).toBe(before);
    expect(await count('notifications')).toBe(0);
  });

  it('lets the street, the community and the captain publish within their scope, and tells the residents', async () => {
    const street = await publish('street', a.street.id, { kind: 'policy', title: '2026年高龄津贴申领政策' });
    expect(street.statusCode).toBe(201);
    expect(street.json()).toMatchObject({ scopeName: a.street.name, kind: 'policy', readAt: null });
    const captain = await publish('captain', a.building.id, { kind: 'event', title: '周六楼道大扫除' });
    expect(captain.statusCode).toBe(201);
    const inbox = await call('residentB', 'GET', '/api/v1/notifications');
    expect(inbox.json().items.map((n: { title: string }) => n.title)).toEqual(['【政策】2026年高龄津贴申领政策']);
  });
});

describe('the resident feed and read receipts', () => {
  let noticeId: number;
  it('shows pinned notices first and counts the unread ones for the badge', async () => {
    t.clock.set('2026-11-02T03:00:00Z');
    const res = await publish('community', a.community.id, { pinnedUntil: '2026-11-10' });
    noticeId = res.json().id;
    const feed = (await call('residentA', 'GET', '/api/v1/notices/feed')).json();
    expect(feed.items[0]).toMatchObject({ id: noticeId, isPinned: true });
    expect(feed.unreadCount).toBe(3); // street, captain's building, community
    const feedB = (await call('residentB', 'GET', '/api/v1/notices/feed')).json();
    expect(feedB.unreadCount).toBe(2); // not the other building's captain notice
  });

  // On PostgreSQL the eight reads race on separate connections; PGlite has one connection and serialises them.
  it('counts concurrent reads of one person once, and a household once however many members read', async () => {
    const reads = await Promise.all(
      Array.from({ length: 8 }, () => call('residentA', 'POST', `/api/v1/notices/${noticeId}/read`)),
    );
    expect(reads.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(reads.map((r) => r.json().readAt)).size).toBe(1);
    expect(reads[0]!.json().unreadCount).toBe(2);
    await call('residentA2', 'POST', `/api/v1/notices/${noticeId}/read`);
    const [n] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notice_reads where notice_id = ${noticeId}`,
    );
    expect(n!.n).toBe(2);
    const receipts = (await call('community', 'GET', `/api/v1/notices/${noticeId}/receipts`)).json();
    expect(receipts).toMatchObject({ households: 4, householdsRead: 1, readers: 2 });
    expect(receipts.buildings).toContainEqual({
      buildingId: a.building.id,
      buildingName: a.building.name,
      households: 3,
      householdsRead: 1,
    });
  });

  it('gives the captain the households of the building that have not read it, shrinking as they read', async () => {
    const url = `/api/v1/notices/${noticeId}/unread-households?buildingId=${a.building.id}`;
    const before = (await call('captain', 'GET', url)).json();
    expect(before.items.map((h: { householdId: number }) => h.householdId).sort()).toEqual(
      [households[1], households[2]].sort(),
    );
    // The captain sees only their own building's list.
    const other = await call(
      'captain',
      'GET',
      `/api/v1/notices/${noticeId}/unread-households?buildingId=${building2.id}`,
    );
    expect(other.statusCode).toBe(403);
    // A resident may read the notice, not its receipts.
    expect((await call('residentA', 'GET', url)).statusCode).toBe(403);
    // 李四 signs up and reads it: their household leaves the list.
    const li = await buildUser(t.database.db, t.cipher, [{ role: 'resident', unit: a.building }]);
    await t.database.db.execute(sql`update residents set user_id = ${li.id} where household_id = ${households[1]!}`);
    cookies.li = await login(t.app, li.phone);
    expect((await call('li', 'POST', `/api/v1/notices/${noticeId}/read`)).statusCode).toBe(200);
    const after = (await call('captain', 'GET', url)).json();
    expect(after.items.map((h: { householdId: number }) => h.householdId)).toEqual([households[2]]);
    expect(after.items[0].headName).toBe('王五');
  });

  it('refuses a read of a notice that does not reach the reader', async () => {
    const captainNotice = (await call('captain', 'GET', '/api/v1/notices'))
      .json()
      .items.find((n: { title: string }) => n.title === '周六楼道大扫除');
    const before = await count('notice_reads');
    const res = await call('residentB', 'POST', `/api/v1/notices/${captainNotice.id}/read`);
    expect(res.statusCode).toBe(404);
    expect(await count('notice_reads')).toBe(before);
  });
});

describe('posters and boards', () => {
  it('prints a notice as a poster whose QR code opens it, and lists it on the building’s board', async () => {
    const n = (await publish('community', a.community.id, { title: '燃气安全检查通知' })).json();
    const poster = await call('captain', 'GET', `/api/v1/notices/${n.id}/poster.pdf`);
    expect(poster.statusCode).toBe(200);
    expect(poster.headers['content-type']).toBe('application/pdf');
    const { pages } = await readPdf(poster.rawPayload);
    expect(pages[0]?.text).toContain('燃气安全检查通知');
    expect(pages[0]?.qr).toBe(`${t.config.publicUrl}/m/bulletins/${n.id}`);
    expect((await call('residentA', 'GET', `/api/v1/notices/${n.id}/poster.pdf`)).statusCode).toBe(403);
    const board = await call('community', 'GET', `/api/v1/buildings/${a.building.id}/board.pdf`);
    expect(board.statusCode).toBe(200);
    expect((await readPdf(board.rawPayload)).pages[0]?.text).toContain('燃气安全检查通知');
  });
});

describe('attachments', () => {
  const upload = async (who: string, hue: number) => {
    const mp = multipartFile('file', 'scan.jpg', await jpeg(hue), 'image/jpeg');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/photos',
      payload: mp.payload,
      headers: { ...mp.headers, cookie: cookies[who]! },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as number;
  };

  it('shows a notice’s attached picture to whoever the notice reaches, and to no one else', async () => {
    const photoId = await upload('captain', 33);
    const res = await publish('captain', a.building.id, { title: '电梯年检公告', attachmentPhotoId: photoId });
    expect(res.statusCode).toBe(201);
    expect(res.json().attachment).toMatchObject({ id: photoId, url: `/api/v1/photos/${photoId}` });
    const feed = (await call('residentA', 'GET', '/api/v1/notices/feed')).json();
    expect(feed.items.find((n: { id: number }) => n.id === res.json().id).attachment.id).toBe(photoId);
    for (const who of ['residentA', 'community', 'street']) {
      expect((await call(who, 'GET', `/api/v1/photos/${photoId}`)).statusCode, who).toBe(200);
    }
    // The notice reaches building 1 only: building 2's resident and the department do not see it or its picture.
    for (const who of ['residentB', 'department']) {
      expect((await call(who, 'GET', `/api/v1/photos/${photoId}?thumb=1`)).statusCode, who).toBe(404);
    }
  });

  it('refuses a picture the author did not upload, publishing nothing', async () => {
    const before = await count('notices');
    const theirs = await upload('residentA', 77);
    const res = await publish('community', a.community.id, { attachmentPhotoId: theirs });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(await count('notices')).toBe(before);
    expect((await call('residentB', 'GET', `/api/v1/photos/${theirs}`)).statusCode).toBe(404);
  });
});
