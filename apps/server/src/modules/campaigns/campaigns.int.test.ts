import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rows } from '../../platform/db';
import {
  a,
  building2,
  call,
  campaignBody,
  count,
  dept,
  dept2,
  farDept,
  lane,
  logSite,
  otherBuilding,
  photo,
  t,
  useCampaignsFixture,
  users,
} from './campaigns-fixture';

/**
 * Campaigns (专项整治) through HTTP: who opens one where, the period and departments; patrols logging
 * sites; assignment to a department that must accept (报到) or to a person; clearing only with an "after"
 * photo. Progress, reappeared sites and the exports are in campaign-progress.int.test.ts.
 */
useCampaignsFixture();

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
