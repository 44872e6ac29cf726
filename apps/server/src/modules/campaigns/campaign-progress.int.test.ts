import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../../../test/pdf-text';
import { rows } from '../../platform/db';
import {
  a,
  building2,
  call,
  campaignBody,
  count,
  dept,
  lane,
  logSite,
  photo,
  t,
  useCampaignsFixture,
  users,
} from './campaigns-fixture';

/**
 * Campaigns (专项整治) through HTTP: progress that equals the cleared sites; reappeared sites linked to the
 * earlier one; the Excel export and the one-page summary.
 */
useCampaignsFixture();

let campaignId: number;

/** The community's campaign as campaigns.int.test.ts leaves it for these: a clutter site on the lane, cleared by the department. */
beforeAll(async () => {
  const opened = await call('community', 'POST', '/api/v1/campaigns', campaignBody());
  expect(opened.statusCode, opened.body).toBe(201);
  campaignId = opened.json().id;
  const siteId = (await logSite('grid', campaignId, { placeOrgUnitId: lane.id })).json().id;
  const assigned = await call('community', 'POST', `/api/v1/campaign-sites/${siteId}/assign`, {
    departmentId: dept.id,
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  expect((await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/accept`)).statusCode).toBe(200);
  const cleared = await call('dept', 'POST', `/api/v1/campaign-sites/${siteId}/clear`, {
    afterPhotoId: await photo('dept'),
  });
  expect(cleared.statusCode, cleared.body).toBe(200);
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
