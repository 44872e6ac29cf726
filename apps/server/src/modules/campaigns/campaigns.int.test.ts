import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, multipartFile, startTestApp, type TestApp } from '../../../test/harness';
import { readPdf } from '../../../test/pdf-text';
import { jpeg } from '../../../test/world';
import { rows } from '../../platform/db';

/**
 * Campaigns (专项整治) through HTTP: who opens one where, the period and departments; patrols logging
 * sites; assignment to a department that must accept (报到) or to a person; clearing only with an "after"
 * photo; progress that equals the cleared sites; reappeared sites linked to the earlier one; the Excel
 * export and the one-page summary.
 */
let t: TestApp;
let a: Tree;
let building2: Awaited<ReturnType<typeof child>>;
let lane: Awaited<ReturnType<typeof child>>;
let otherBuilding: Awaited<ReturnType<typeof child>>;
let dept: Awaited<ReturnType<typeof child>>;
let dept2: Awaited<ReturnType<typeof child>>;
let farDept: Awaited<ReturnType<typeof child>>;
const users: Record<string, { id: number; phone: string }> = {};
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000' }, { poolSize: 12 });
  t.clock.set('2026-11-10T02:00:00Z');
  const db = t.database.db;
  a = await buildTree(db);
  building2 = await child(db, a.estate, 'building');
  lane = await child(db, a.grid, 'place', `幸福巷-${Date.now() % 1000}`);
  const community2 = await child(db, a.street, 'community');
  const grid2 = await child(db, community2, 'grid');
  otherBuilding = await child(db, grid2, 'building');
  dept = await child(db, a.district, 'department', `城管-${Date.now() % 100000}`);
  dept2 = await child(db, a.district, 'department', `市场监管-${Date.now() % 100000}`);
  const far = await buildTree(db);
  farDept = await child(db, far.district, 'department');
  const b = (role: Parameters<typeof buildUser>[2][number]['role'], unit: { id: number; streetId: number | null }) =>
    buildUser(db, t.cipher, [{ role, unit: unit as never }]);
  Object.assign(users, {
    street: await b('street_staff', a.street),
    community: await b('community_staff', a.community),
    grid: await b('grid_worker', a.grid),
    captain: await b('captain', a.building),
    resident: await b('resident', a.building),
    grid2: await b('grid_worker', grid2),
    community2: await b('community_staff', community2),
    dept: await b('department_staff', dept),
    dept2: await b('department_staff', dept2),
  });
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
const count = async (table: string, where = sql`true`) =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0]!
    .n;
let hue = 0;
async function photo(who: string): Promise<number> {
  hue = (hue + 7) % 255;
  const mp = multipartFile('file', 'p.jpg', await jpeg(hue), 'image/jpeg');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/photos',
    payload: mp.payload,
    headers: { ...mp.headers, cookie: cookies[who]! },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const campaignBody = (extra: Record<string, unknown> = {}) => ({
  scopeOrgUnitId: a.community.id,
  title: '背街小巷环境专项整治',
  startsOn: '2026-11-01',
  endsOn: '2026-11-30',
  problemTypes: ['clutter', 'abandoned_vehicle', 'street_stall', 'vegetable_plot'],
  leadDepartmentId: dept.id,
  memberDepartmentIds: [dept2.id],
  ...extra,
});
async function logSite(who: string, campaignId: number, extra: Record<string, unknown> = {}) {
  return call(who, 'POST', `/api/v1/campaigns/${campaignId}/sites`, {
    problemType: 'clutter',
    placeOrgUnitId: a.building.id,
    photoId: await photo(who),
    note: '楼道堆放纸箱',
    ...extra,
  });
}

let campaignId: number;

describe('opening a campaign', () => {
  it('refuses a period that ends before it starts, a scope that is not a street, community or grid, and departments not serving it, changing nothing', async () => {
    const before = await count('campaigns');
    const period = await call('community', 'POST', '/api/v1/campaigns', campaignBody({ endsOn: '2026-10-31' }));
    expect(period.statusCode).toBe(422);
    expect(period.json().error.code).toBe('CAMPAIGN_PERIOD_INVALID');
    const kind = await call('community', 'POST', '/api/v1/campaigns', campaignBody({ scopeOrgUnitId: a.building.id }));
    expect(kind.json().error.code).toBe('CAMPAIGN_SCOPE_KIND');
    const farLead = await call(
      'community',
      'POST',
      '/api/v1/campaigns',
      campaignBody({ leadDepartmentId: farDept.id }),
    );
    expect(farLead.json().error.code).toBe('CAMPAIGN_DEPARTMENT_INVALID');
    const notDept = await call(
      'community',
      'POST',
      '/api/v1/campaigns',
      campaignBody({ memberDepartmentIds: [a.grid.id] }),
    );
    expect(notDept.json().error.code).toBe('CAMPAIGN_DEPARTMENT_INVALID');
    const badType = await call('community', 'POST', '/api/v1/campaigns', campaignBody({ problemTypes: ['gossip'] }));
    expect(badType.statusCode).toBe(400);
    const noTypes = await call('community', 'POST', '/api/v1/campaigns', campaignBody({ problemTypes: [] }));
    expect(noTypes.statusCode).toBe(400);
    expect(await count('campaigns')).toBe(before);
    expect(await count('campaign_departments')).toBe(0);
  });

  it('lets community and street staff open one only within their jurisdiction', async () => {
    expect((await call('community2', 'POST', '/api/v1/campaigns', campaignBody())).statusCode).toBe(404);
    expect((await call('grid', 'POST', '/api/v1/campaigns', campaignBody())).statusCode).toBe(403);
    expect((await call('dept', 'POST', '/api/v1/campaigns', campaignBody())).statusCode).toBe(403);
    expect((await call('resident', 'POST', '/api/v1/campaigns', campaignBody())).statusCode).toBe(403);
    const res = await call('community', 'POST', '/api/v1/campaigns', campaignBody());
    expect(res.statusCode).toBe(201);
    campaignId = res.json().id;
    expect(res.json()).toMatchObject({
      scopeName: a.community.name,
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
      totals: { logged: 0, cleared: 0 },
    });
    expect(res.json().departments).toEqual([
      { id: dept.id, name: dept.name, isLead: true },
      { id: dept2.id, name: dept2.name, isLead: false },
    ]);
    // Seen by the street above, the patrols inside and the departments; not by the community next door.
    for (const who of ['street', 'grid', 'captain', 'dept', 'dept2']) {
      expect((await call(who, 'GET', `/api/v1/campaigns/${campaignId}`)).statusCode, who).toBe(200);
    }
    expect((await call('community2', 'GET', `/api/v1/campaigns/${campaignId}`)).statusCode).toBe(404);
    expect((await call('grid2', 'GET', '/api/v1/campaigns')).json().items).toEqual([]);
  });
});

describe('patrols logging sites', () => {
  it('refuses a place outside the scope or not a building or place, a type the campaign does not tackle, another’s photo, and days outside the period', async () => {
    const before = await count('campaign_sites');
    const outside = await logSite('grid', campaignId, { placeOrgUnitId: otherBuilding.id });
    expect(outside.json().error.code).toBe('CAMPAIGN_PLACE_INVALID');
    const gridAsPlace = await logSite('grid', campaignId, { placeOrgUnitId: a.grid.id });
    expect(gridAsPlace.json().error.code).toBe('CAMPAIGN_PLACE_INVALID');
    const type = await logSite('grid', campaignId, { problemType: 'flying_wire' });
    expect(type.statusCode).toBe(422);
    expect(type.json().error.code).toBe('CAMPAIGN_TYPE_NOT_COVERED');
    const theirs = await logSite('grid', campaignId, { photoId: await photo('captain') });
    expect(theirs.json().error.code).toBe('VALIDATION_FAILED');
    const noPhoto = await call('grid', 'POST', `/api/v1/campaigns/${campaignId}/sites`, {
      problemType: 'clutter',
      placeOrgUnitId: a.building.id,
    });
    expect(noPhoto.statusCode).toBe(400);
    // Now is 2026-11-10 10:00 in Shanghai: a campaign that ended yesterday or starts tomorrow takes no sites.
    for (const period of [
      { startsOn: '2026-11-01', endsOn: '2026-11-09' },
      { startsOn: '2026-11-11', endsOn: '2026-11-20' },
    ]) {
      const other = (await call('community', 'POST', '/api/v1/campaigns', campaignBody(period))).json().id;
      const late = await logSite('grid', other);
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('CAMPAIGN_NOT_RUNNING');
    }
    expect((await logSite('resident', campaignId)).statusCode).toBe(404);
    expect((await logSite('grid2', campaignId)).statusCode).toBe(404);
    expect((await logSite('dept', campaignId)).statusCode).toBe(403);
    expect(await count('campaign_sites')).toBe(before);
  });

  it('offers a patrol the buildings and places of the scope, their own patch first', async () => {
    const grid = (await call('grid', 'GET', `/api/v1/campaigns/${campaignId}/places`)).json().items;
    const ids = grid.map((p: { id: number }) => p.id);
    // The grid's lane, then its buildings by name; the other community's building is not in the scope.
    expect(ids[0]).toBe(lane.id);
    expect(ids).toEqual(expect.arrayContaining([a.building.id, building2.id]));
    expect(ids).not.toContain(otherBuilding.id);
    const found = (
      await call('grid', 'GET', `/api/v1/campaigns/${campaignId}/places?q=${encodeURIComponent('幸福')}`)
    ).json();
    expect(found.items).toEqual([{ id: lane.id, name: lane.name, kind: 'place' }]);
    expect((await call('dept', 'GET', `/api/v1/campaigns/${campaignId}/places`)).statusCode).toBe(403);
  });

  it('lets grid workers, community staff and captains log sites at buildings and places in the scope', async () => {
    const g = await logSite('grid', campaignId, { placeText: '3号楼东侧' });
    expect(g.statusCode).toBe(201);
    expect(g.json()).toMatchObject({
      status: 'open',
      placeName: a.building.name,
      placeText: '3号楼东侧',
      reappearedOfId: null,
      can: { assign: false, accept: false, clear: false },
    });
    expect(g.json().photo.url).toMatch(/^\/api\/v1\/photos\/\d+$/);
    expect(
      (await logSite('captain', campaignId, { placeOrgUnitId: lane.id, problemType: 'street_stall' })).statusCode,
    ).toBe(201);
    expect((await logSite('community', campaignId, { placeOrgUnitId: building2.id })).statusCode).toBe(201);
  });
});

describe('assigning, accepting (报到) and clearing', () => {
  let siteId: number;
  it('assigns a site to a department of the campaign, which is told and must accept before clearing', async () => {
    siteId = (await logSite('grid', campaignId, { placeOrgUnitId: lane.id })).json().id;
    const notCampaign = await call('community', 'POST', `/api/v1/campaign-sites/${siteId}/assign`, {
      departmentId: farDept.id,
    });
    expect(notCampaign.json().error.code).toBe('SITE_ASSIGNEE_INVALID');
    const both = await call('community', 'POST', `/api/v1/campaign-sites/${siteId}/assign`, {
      departmentId: dept.id,
      userId: users.grid!.id,
    });
    expect(both.statusCode).toBe(400);
    expect(
      (await call('grid', 'POST', `/api/v1/campaign-sites/${siteId}/assign`, { departmentId: dept.id })).statusCode,
    ).toBe(403);
    const assigned = await call('community', 'POST', `/api/v1/campaign-sites/${siteId}/assign`, {
      departmentId: dept.id,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', assignedDepartmentName: dept.name });
    const inbox = (await call('dept', 'GET', '/api/v1/notifications')).json().items;
    expect(inbox.map((n: { title: string }) => n.title)).toContain(`【专项整治】交办点位：乱堆乱放 · ${lane.name}`);
    expect((await call('dept2', 'GET', '/api/v1/notifications')).json().items).toEqual([]);

    const early = await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/clear`, {
      afterPhotoId: await photo('dept'),
    });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('SITE_NOT_ASSIGNEE');
    expect((await call('dept2', 'POST', `/api/v1/campaign-sites/${siteId}/accept`)).json().error.code).toBe(
      'SITE_NOT_ASSIGNEE',
    );
    const mine = (await call('dept', 'GET', '/api/v1/campaign-sites/mine')).json().items;
    expect(mine.map((s: { id: number }) => s.id)).toEqual([siteId]);
    expect(mine[0].can).toEqual({ assign: false, accept: true, clear: false });
    const accepted = await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/accept`);
    expect(accepted.json()).toMatchObject({ status: 'accepted', can: { clear: true } });
    expect((await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/accept`)).json().error.code).toBe(
      'SITE_STATE',
    );
    // Once accepted, the site is no longer reassigned.
    expect(
      (await call('community', 'POST', `/api/v1/campaign-sites/${siteId}/assign`, { departmentId: dept2.id })).json()
        .error.code,
    ).toBe('SITE_STATE');
  });

  it('refuses to clear without an after photo, changing nothing, and clears with one', async () => {
    const before = await rows(t.database.db, sql`select * from campaign_sites where id = ${siteId}`);
    const noPhoto = await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/clear`, { note: '已清理' });
    expect(noPhoto.statusCode).toBe(422);
    expect(noPhoto.json().error.code).toBe('SITE_AFTER_PHOTO_REQUIRED');
    expect(noPhoto.json().error.message).toBe('请上传整治后的照片');
    expect(await rows(t.database.db, sql`select * from campaign_sites where id = ${siteId}`)).toEqual(before);
    const cleared = await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/clear`, {
      afterPhotoId: await photo('dept'),
      note: '已清运杂物',
    });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ status: 'cleared', closeNote: '已清运杂物' });
    expect(cleared.json().afterPhoto).not.toBeNull();
    expect(
      (
        await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/clear`, { afterPhotoId: await photo('dept') })
      ).json().error.code,
    ).toBe('SITE_STATE');
  });

  it('assigns to a person over the site, who clears at once or marks it not clearable with a reason', async () => {
    const s1 = (await logSite('captain', campaignId)).json().id;
    const notOver = await call('community', 'POST', `/api/v1/campaign-sites/${s1}/assign`, { userId: users.grid2!.id });
    expect(notOver.json().error.code).toBe('SITE_ASSIGNEE_INVALID');
    const people = (await call('community', 'GET', `/api/v1/campaign-sites/${s1}/assignees`)).json();
    expect(people.people.map((p: { userId: number }) => p.userId).sort()).toEqual(
      [users.community!.id, users.grid!.id, users.captain!.id].sort(),
    );
    const before = (await call('grid', 'GET', '/api/v1/notifications')).json().items.length;
    const res = await call('community', 'POST', `/api/v1/campaign-sites/${s1}/assign`, { userId: users.grid!.id });
    expect(res.json()).toMatchObject({ status: 'accepted', assignedUserId: users.grid!.id });
    const inbox = (await call('grid', 'GET', '/api/v1/notifications')).json().items;
    expect(inbox).toHaveLength(before + 1);
    expect(inbox[0].title).toBe(`【专项整治】交办点位：乱堆乱放 · ${a.building.name}`);
    expect(
      (await call('captain', 'POST', `/api/v1/campaign-sites/${s1}/not-clearable`, { reason: '业主不在' })).json().error
        .code,
    ).toBe('SITE_NOT_ASSIGNEE');
    const short = await call('grid', 'POST', `/api/v1/campaign-sites/${s1}/not-clearable`, { reason: '' });
    expect(short.statusCode).toBe(400);
    const nc = await call('grid', 'POST', `/api/v1/campaign-sites/${s1}/not-clearable`, {
      reason: '物品属业主，已约谈',
    });
    expect(nc.json()).toMatchObject({ status: 'not_clearable', closeNote: '物品属业主，已约谈' });
  });

  // On PostgreSQL the clears race on separate connections; PGlite has one connection and serialises them.
  it('lets exactly one of concurrent clears through', async () => {
    const s = (
      await logSite('grid', campaignId, { placeOrgUnitId: building2.id, problemType: 'vegetable_plot' })
    ).json().id;
    await call('community', 'POST', `/api/v1/campaign-sites/${s}/assign`, { userId: users.grid!.id });
    const photos = await Promise.all(Array.from({ length: 6 }, () => photo('grid')));
    const results = await Promise.all(
      photos.map((p) => call('grid', 'POST', `/api/v1/campaign-sites/${s}/clear`, { afterPhotoId: p })),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'SITE_STATE')).toBe(true);
    expect(await count('audit_log', sql`action = 'campaign.site.clear' and object_id = ${String(s)}`)).toBe(1);
  });
});

describe('progress, reappeared sites and exports', () => {
  let c2: number;
  // A fresh campaign with known numbers: 5 clutter sites (3 cleared, 1 not clearable, 1 open), 2 abandoned cars (1 cleared).
  const expected = {
    clutter: { logged: 5, cleared: 3, notClearable: 1, open: 1 },
    abandoned_vehicle: { logged: 2, cleared: 1, notClearable: 0, open: 1 },
  };
  const clearAs = async (id: number) => {
    await call('community', 'POST', `/api/v1/campaign-sites/${id}/assign`, { departmentId: dept.id });
    await call('dept', 'POST', `/api/v1/campaign-sites/${id}/accept`);
    const r = await call('dept', 'POST', `/api/v1/campaign-sites/${id}/clear`, { afterPhotoId: await photo('dept') });
    expect(r.statusCode).toBe(200);
  };

  it('counts by type and place equal to the sites cleared', async () => {
    c2 = (
      await call(
        'street',
        'POST',
        '/api/v1/campaigns',
        campaignBody({ scopeOrgUnitId: a.street.id, title: '僵尸车集中清理行动', memberDepartmentIds: [] }),
      )
    ).json().id;
    const clutter: number[] = [];
    for (let i = 0; i < 5; i++)
      clutter.push((await logSite('grid', c2, { placeOrgUnitId: i < 3 ? lane.id : a.building.id })).json().id);
    const cars = [
      (await logSite('grid', c2, { problemType: 'abandoned_vehicle', placeOrgUnitId: lane.id })).json().id,
      (await logSite('grid', c2, { problemType: 'abandoned_vehicle', placeOrgUnitId: lane.id })).json().id,
    ];
    for (const id of [clutter[0]!, clutter[1]!, clutter[3]!, cars[0]!]) await clearAs(id);
    await call('community', 'POST', `/api/v1/campaign-sites/${clutter[2]}/assign`, { userId: users.grid!.id });
    await call('grid', 'POST', `/api/v1/campaign-sites/${clutter[2]}/not-clearable`, { reason: '产权争议' });

    const p = (await call('street', 'GET', `/api/v1/campaigns/${c2}/progress`)).json();
    for (const [type, want] of Object.entries(expected)) {
      expect(p.byType.find((x: { type: string }) => x.type === type)).toMatchObject(want);
    }
    expect(p.totals).toMatchObject({ logged: 7, cleared: 4, notClearable: 1, open: 2 });
    expect(p.byPlace.find((x: { placeOrgUnitId: number }) => x.placeOrgUnitId === lane.id)).toMatchObject({
      logged: 5,
      cleared: 3,
    });
    // The counts are the rows with an "after" photo, counted here without the service.
    const proofs = await count(
      'campaign_sites',
      sql`campaign_id = ${c2} and status = 'cleared' and after_photo_id is not null`,
    );
    expect(p.totals.cleared).toBe(proofs);
    expect((await call('community', 'GET', `/api/v1/campaigns/${c2}`)).json().totals.cleared).toBe(4);
    const clearedList = await call('street', 'GET', `/api/v1/campaigns/${c2}/sites?status=cleared`);
    expect(clearedList.json().items).toHaveLength(4);
  });

  it('links a site logged again at the same place with the same type after clearing to the earlier one', async () => {
    // On the lane: clutter cleared (the first campaign's site, then this campaign's two); a car cleared.
    const lastClutter = (
      await rows<{ id: number }>(
        t.database.db,
        sql`select id from campaign_sites where place_org_unit_id = ${lane.id} and problem_type = 'clutter'
            and status = 'cleared' order by closed_at desc, id desc limit 1`,
      )
    )[0]!.id;
    const again = await logSite('captain', c2, { placeOrgUnitId: lane.id, note: '又堆上了' });
    expect(again.json().reappearedOfId).toBe(lastClutter);
    const stall = await logSite('captain', c2, { placeOrgUnitId: lane.id, problemType: 'street_stall' });
    expect(stall.json().reappearedOfId).toBeNull();
    const elsewhere = await logSite('captain', c2, { placeOrgUnitId: building2.id });
    expect(elsewhere.json().reappearedOfId).toBeNull();
    // The three lane clutter sites of this campaign were logged after the first campaign's lane site was
    // cleared, so they count as reappeared too (any campaign of the street): 3 + this one.
    const p = (await call('street', 'GET', `/api/v1/campaigns/${c2}/progress`)).json();
    expect(p.totals.reappeared).toBe(4);
  });

  it('exports the sites to Excel with typed text kept inert, for staff only', async () => {
    await logSite('grid', c2, { note: '=HYPERLINK("http://evil","点我")' });
    const res = await call('street', 'GET', `/api/v1/campaigns/${c2}/sites.xlsx`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount - 1).toBe(await count('campaign_sites', sql`campaign_id = ${c2}`));
    const notes = ws.getColumn(5).values.slice(2);
    expect(notes).toContain(`'=HYPERLINK("http://evil","点我")`);
    expect(ws.getColumn(6).values.filter((v) => v === '已清理')).toHaveLength(4);
    expect((await call('grid', 'GET', `/api/v1/campaigns/${c2}/sites.xlsx`)).statusCode).toBe(403);
  });

  it('prints a one-page summary with 已清理 per type', async () => {
    const res = await call('street', 'GET', `/api/v1/campaigns/${c2}/summary.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { pages } = await readPdf(res.rawPayload);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.text).toContain('僵尸车集中清理行动');
    expect(pages[0]!.text).toContain('已清理乱堆乱放 3 处');
    expect(pages[0]!.text).toContain('已清理僵尸车 1 处');
  });

  it('shows a site’s photos to who may see the site, not to a resident or another community', async () => {
    // A cleared site of the first campaign (over the community): the community next door is not a patrol there.
    const s = (await call('dept', 'GET', `/api/v1/campaigns/${campaignId}/sites?status=cleared`)).json().items[0];
    for (const who of ['dept', 'community', 'street']) {
      expect((await call(who, 'GET', s.photo.url)).statusCode, who).toBe(200);
      expect((await call(who, 'GET', s.afterPhoto.url)).statusCode, who).toBe(200);
    }
    for (const who of ['resident', 'community2', 'grid2']) {
      expect((await call(who, 'GET', s.photo.url)).statusCode, who).toBe(404);
    }
  });
});
