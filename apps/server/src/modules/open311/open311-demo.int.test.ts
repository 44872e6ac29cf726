import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { loadDemo } from '../../seed/load-demo';
import { DEMO_OPEN311_KEY } from './open311-keys';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.database.db, t.cipher, t.clock);
}, 120_000);
afterAll(() => t.close());

describe('Open311 on the demo data', () => {
  it('files a report for 福宁街5号 with the demo key, typed with full-width digits and spaces', async () => {
    const body = new URLSearchParams({
      api_key: DEMO_OPEN311_KEY,
      service_code: 'repair.door_lock',
      address_string: '福宁街 ５ 号',
      description: '单元门锁坏了，关不上',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json()[0].service_request_id;
    const [r] = await rows<{ name: string; channel: string }>(
      t.database.db,
      sql`select b.name, r.channel from reports r join org_units b on b.id = r.building_id where r.id = ${id}`,
    );
    expect(r).toEqual({ name: '福宁街5号', channel: 'open311' });
    expect(res.json()[0].service_notice).toContain('福宁街5号楼长');

    // a building of 长沙街道 is unknown to 三埠街道's key
    const [elsewhere] = await rows<{ name: string }>(
      t.database.db,
      sql`select b.name from org_units b join org_units s on s.id = b.street_id
          where b.kind = 'building' and s.name = '长沙街道'
            and not exists (select 1 from org_units o join org_units os on os.id = o.street_id
                            where o.kind = 'building' and o.name = b.name and os.name = '三埠街道')
          order by b.id limit 1`,
    );
    expect(elsewhere).toBeDefined();
    body.set('address_string', elsewhere?.name as string);
    const outside = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(outside.statusCode).toBe(400);
  });
});
