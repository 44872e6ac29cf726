import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db';
import {
  b,
  captainCookie,
  fuNing5,
  get,
  KEY,
  keysOf,
  type Node,
  OTHER_KEY,
  parseXml,
  postForm,
  reportCount,
  SPEC_ERROR_XML,
  SPEC_POST_RESPONSE_XML,
  SPEC_REQUESTS_XML,
  SPEC_TOKEN_XML,
  specBody,
  t,
  useOpen311App,
} from './open311-fixture';

/*
 * Open311 GeoReport v2 against the spec's examples (open311-fixture.ts): filing requests (POST) and reading them
 * back (GET), in JSON and XML.
 */
useOpen311App();

describe('POST requests', () => {
  it("files the spec example request as a report on the typed address's building, routed to its captain", async () => {
    const res = await postForm('/open311/v2/requests.json', specBody());
    expect(res.statusCode).toBe(201);
    const specResp = (parseXml(SPEC_POST_RESPONSE_XML).service_requests as { request: Node[] }).request[0];
    const [created] = res.json() as Node[];
    expect(keysOf(created)).toEqual(keysOf(specResp));
    expect(created?.account_id).toBe('123456');
    expect(created?.service_notice).toContain('福宁街5号楼长');
    const id = created?.service_request_id as number;
    expect(typeof id).toBe('number');

    const [report] = await rows<Record<string, unknown>>(
      t.database.db,
      sql`select building_id, channel, reporter_name, reporter_phone_enc, location, description from reports where id = ${id}`,
    );
    expect(report).toMatchObject({
      building_id: fuNing5.id,
      channel: 'open311',
      reporter_name: 'john smith',
      location: '2单元3楼楼道',
      description: 'A large sinkhole is destroying the street（反复出现 / recurring）',
    });
    expect(t.cipher.decrypt(report?.reporter_phone_enc as string)).toBe('13800138000');
    const [extra] = await rows<Record<string, unknown>>(
      t.database.db,
      sql`select c.name, r.email_enc, r.device_id, r.lat, r.media_url from open311_requests r join open311_clients c on c.id = r.client_id where r.report_id = ${id}`,
    );
    expect(extra).toMatchObject({ name: '12345 热线', device_id: 'tt222111', lat: 37.76524078 });
    expect(String(extra?.email_enc)).not.toContain('sfgov');
    expect(t.cipher.decrypt(extra?.email_enc as string)).toBe('smit333@sfgov.edu');

    // the captain sees it in the app like any other report
    const mine = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${id}`,
      headers: { cookie: captainCookie },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().channel).toBe('open311');
  });

  it('answers in XML as <service_requests><request>, and takes a building id as address_id', async () => {
    const res = await postForm(
      '/open311/v2/requests.xml',
      specBody({ address_string: null, address_id: String(fuNing5.id), first_name: '美玲', last_name: '陈' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    const req = (parseXml(res.body).service_requests as { request: Node[] }).request;
    expect(req).toHaveLength(1);
    const id = Number(req[0]?.service_request_id);
    const [r] = await rows<{ reporter_name: string }>(
      t.database.db,
      sql`select reporter_name from reports where id = ${id}`,
    );
    expect(r?.reporter_name).toBe('陈美玲');
  });

  it('refuses a missing or wrong api_key with 403 and files nothing', async () => {
    const before = await reportCount();
    for (const body of [specBody({ api_key: 'xyz' }), specBody({ api_key: null }), specBody({ api_key: '' })]) {
      const j = await postForm('/open311/v2/requests.json', body);
      expect(j.statusCode).toBe(403);
      expect(j.json()).toEqual([{ code: 403, description: expect.any(String) }]);
    }
    const x = await postForm('/open311/v2/requests.xml', specBody({ api_key: 'xyz' }));
    expect(x.statusCode).toBe(403);
    const spec = (parseXml(SPEC_ERROR_XML).errors as { error: Node[] }).error[0];
    const ours = (parseXml(x.body).errors as { error: Node[] }).error[0];
    expect(keysOf(ours)).toEqual(keysOf(spec));
    expect(ours?.code).toBe('403');
    expect(await reportCount()).toBe(before);
  });

  it('answers 400 for missing or bad fields and 404 for an unknown service, filing nothing', async () => {
    const before = await reportCount();
    const cases: [Record<string, string | null>, number, string][] = [
      [{ service_code: null }, 400, 'service_code'],
      [{ service_code: 'no.such' }, 404, 'service_code'],
      [{ address_string: '福宁街99号' }, 400, 'address_string'],
      [{ address_string: null, lat: null, long: null }, 400, 'location'],
      [{ address_string: null }, 400, 'lat/long'],
      [{ lat: '91' }, 400, 'lat'],
      [{ long: null }, 400, 'lat/long'],
      [{ address_string: null, lat: null, long: null, address_id: String(b.building.id) }, 400, 'address_id'],
      [{ 'attribute[RECURRING]': 'sometimes' }, 400, 'RECURRING'],
      [{ 'attribute[NOPE]': '1' }, 400, 'NOPE'],
      [{ description: '<script>alert(1)</script>' }, 400, 'description'],
      [{ description: 'x'.repeat(4001) }, 400, 'description'],
      [{ phone: '12' }, 400, 'phone'],
      [{ email: 'not-an-email' }, 400, 'email'],
      [{ media_url: 'javascript:alert(1)' }, 400, 'media_url'],
      [{ jurisdiction_id: String(b.street.id) }, 404, 'jurisdiction_id'],
    ];
    for (const [over, status, field] of cases) {
      const res = await postForm('/open311/v2/requests.json', specBody(over), { 'accept-language': 'en' });
      expect({ over, status: res.statusCode }).toEqual({ over, status });
      const [err] = res.json() as { code: number; description: string }[];
      expect(err?.code).toBe(status);
      expect(err?.description).toContain(field);
    }
    expect(await reportCount()).toBe(before);
  });

  it('takes only form encoding, and never answers 5xx to malformed input', async () => {
    const asJson = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: KEY, service_code: 'sanitation' },
    });
    expect(asJson.statusCode).toBe(400);
    expect(asJson.json()[0].code).toBe(400);
    const hostile = [
      '%%%%&&&==',
      'api_key=%E0%A4%A',
      `api_key=${KEY}&service_code=${'%00'.repeat(50)}`,
      `api_key=${KEY}&attribute[=1&attribute[]]=2&attribute[LOCATION][]=a&attribute[LOCATION][]=b`,
      `api_key=${KEY}&service_code=sanitation&address_string=${'福'.repeat(500)}`,
      `api_key=${KEY}&service_code=sanitation&address_id=99999999999999999999`,
      `api_key=${KEY}&service_code=sanitation&lat=NaN&long=Infinity`,
      'x'.repeat(70 * 1024),
    ];
    for (const body of hostile) {
      const res = await postForm('/open311/v2/requests.json', body);
      expect(res.statusCode, body.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, body.slice(0, 60)).toBeLessThan(500);
      expect(Array.isArray(res.json())).toBe(true);
    }
    const weirdGets = [
      '/open311/v2/requests.json?api_key=%ZZ',
      `/open311/v2/requests.json?api_key=${KEY}&start_date=yesterday`,
      `/open311/v2/requests.json?api_key=${KEY}&service_request_id=1,abc`,
      `/open311/v2/requests/0.json?api_key=${KEY}`,
      `/open311/v2/requests/${'9'.repeat(40)}.xml?api_key=${KEY}`,
      `/open311/v2/tokens/${'t'.repeat(300)}.json?api_key=${KEY}`,
    ];
    for (const url of weirdGets) {
      const res = await get(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });

  it('files once per Idempotency-Key, and the key resolves through tokens/{token} like the spec example', async () => {
    const token = `hotline-${Date.now()}`;
    const first = await postForm('/open311/v2/requests.json', specBody(), { 'idempotency-key': token });
    const again = await postForm('/open311/v2/requests.json', specBody(), { 'idempotency-key': token });
    const id = first.json()[0].service_request_id;
    expect(again.json()[0].service_request_id).toBe(id);

    const x = await get(`/open311/v2/tokens/${token}.xml?api_key=${KEY}`);
    expect(x.statusCode).toBe(200);
    const spec = (parseXml(SPEC_TOKEN_XML).service_requests as { request: Node[] }).request[0];
    const ours = (parseXml(x.body).service_requests as { request: Node[] }).request[0];
    expect(keysOf(ours)).toEqual(keysOf(spec));
    expect(ours).toEqual({ service_request_id: String(id), token });
    expect((await get(`/open311/v2/tokens/${token}.json?api_key=${KEY}`)).json()).toEqual([
      { service_request_id: id, token },
    ]);
    expect((await get(`/open311/v2/tokens/unknown-token.json?api_key=${KEY}`)).statusCode).toBe(404);
    // another street's key does not see it
    expect((await get(`/open311/v2/tokens/${token}.json?api_key=${OTHER_KEY}`)).statusCode).toBe(404);
  });
});

describe('GET requests', () => {
  let lightId: number;
  let sanitationId: number;
  let closedId: number;

  beforeAll(async () => {
    const file = async (over: Record<string, string | null>) =>
      (await postForm('/open311/v2/requests.json', specBody(over))).json()[0].service_request_id as number;
    t.clock.advance(60_000);
    lightId = await file({ description: '路灯不亮' });
    sanitationId = await file({ service_code: 'sanitation', description: '楼道垃圾没人清' });
    closedId = await file({ service_code: 'sanitation', description: '重复反映的垃圾问题' });
    const reject = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${closedId}/reject`,
      payload: { reason: '重复诉求，已在处理' },
      headers: { cookie: captainCookie },
    });
    expect(reject.statusCode).toBe(200);
  });

  it('shows one request with the fields of the spec example, in JSON and XML', async () => {
    const spec = (parseXml(SPEC_REQUESTS_XML).service_requests as { request: Node[] }).request[0];
    const j = await get(`/open311/v2/requests/${lightId}.json?api_key=${KEY}`);
    expect(j.statusCode).toBe(200);
    const [r] = j.json() as Node[];
    expect(keysOf(r)).toEqual(keysOf(spec));
    expect(r).toMatchObject({
      service_request_id: lightId,
      status: 'open',
      service_code: 'repair.street_light',
      service_name: '路灯',
      description: '路灯不亮（反复出现 / recurring）',
      address_id: fuNing5.id,
      lat: 37.76524078,
      long: -122.4212043,
      media_url: 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg',
    });
    expect(r?.address).toContain('福宁街5号');
    expect(String(r?.requested_datetime)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(r?.expected_datetime).not.toBeNull();
    // nobody's identity goes out
    expect(JSON.stringify(r)).not.toContain('13800138000');
    expect(JSON.stringify(r)).not.toContain('john');

    const x = parseXml((await get(`/open311/v2/requests/${lightId}.xml?api_key=${KEY}`)).body);
    const req = (x.service_requests as { request: Node[] }).request;
    expect(req).toHaveLength(1);
    expect(keysOf(req[0])).toEqual(keysOf(spec));
    expect(req[0]?.service_request_id).toBe(String(lightId));
  });

  it('says closed, with the handler note, once a request is closed', async () => {
    const [r] = (await get(`/open311/v2/requests/${closedId}.json?api_key=${KEY}`)).json() as Node[];
    expect(r?.status).toBe('closed');
    expect(r?.status_notes).toBe('重复诉求，已在处理');
  });

  it("filters by service_request_id, service_code, status and date range, within the key's street", async () => {
    const ids = (q: string) =>
      get(`/open311/v2/requests.json?api_key=${KEY}&${q}`).then((res) => {
        expect(res.statusCode, q).toBe(200);
        return (res.json() as Node[]).map((r) => r.service_request_id);
      });
    expect(await ids(`service_request_id=${lightId},${closedId}`)).toEqual(expect.arrayContaining([lightId, closedId]));
    expect(await ids(`service_request_id=${lightId},${closedId}`)).toHaveLength(2);
    // service_request_id overrides the other filters
    expect(await ids(`service_request_id=${lightId}&service_code=sanitation`)).toEqual([lightId]);
    const sanitation = await ids('service_code=sanitation');
    expect(sanitation).toEqual(expect.arrayContaining([sanitationId, closedId]));
    expect(sanitation).not.toContain(lightId);
    expect(await ids('service_code=sanitation&status=closed')).toEqual([closedId]);
    expect(await ids('service_code=sanitation&status=open')).toEqual([sanitationId]);
    expect(await ids('service_code=sanitation&status=open,closed')).toHaveLength(2);
    const now = t.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(await ids(`start_date=${iso(now.getTime() + 3_600_000)}`)).toEqual([]);
    const within = await ids(`start_date=${iso(now.getTime() - 3_600_000)}&end_date=${iso(now.getTime() + 3_600_000)}`);
    expect(within).toEqual(expect.arrayContaining([lightId, sanitationId, closedId]));
    // another street's key sees none of them
    const other = await get(`/open311/v2/requests.json?api_key=${OTHER_KEY}`);
    expect(other.json()).toEqual([]);
    expect((await get(`/open311/v2/requests/${lightId}.json?api_key=${OTHER_KEY}`)).statusCode).toBe(404);
    // XML list
    const x = parseXml((await get(`/open311/v2/requests.xml?api_key=${KEY}&service_code=sanitation`)).body);
    expect((x.service_requests as { request: Node[] }).request.map((r) => Number(r.service_request_id))).toEqual(
      sanitation,
    );
  });

  it('answers 400 for bad filters and a span over 90 days, 403 without a key', async () => {
    const bad = [
      'status=pending',
      'service_code=no.such',
      'start_date=2026-01-01',
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      'start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z',
      'service_request_id=abc',
    ];
    for (const q of bad) {
      const res = await get(`/open311/v2/requests.json?api_key=${KEY}&${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json()[0].code).toBe(400);
    }
    expect((await get('/open311/v2/requests.json')).statusCode).toBe(403);
    expect((await get(`/open311/v2/requests/${lightId}.xml`)).statusCode).toBe(403);
  });
});
