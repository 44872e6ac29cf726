import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';
import { SPEC } from './open311.service';

/*
 * Built from the examples of the GeoReport v2 page (wiki.open311.org/GeoReport_v2) and of Service
 * Discovery: each response is checked against the element names and nesting of the spec's example,
 * in XML and in JSON.
 */
const SPEC_SERVICES_XML = `<?xml version="1.0" encoding="utf-8"?>
<services>
    <service>
        <service_code>001</service_code>
        <service_name>Cans left out 24x7</service_name>
        <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
        <metadata>true</metadata>
        <type>realtime</type>
        <keywords>lorem, ipsum, dolor</keywords>
        <group>sanitation</group>
    </service>
</services>`;
const SPEC_DEFINITION_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_definition>
    <service_code>DMV66</service_code>
    <attributes>
        <attribute>
            <variable>true</variable>
            <code>WHISHETN</code>
            <datatype>singlevaluelist</datatype>
            <required>true</required>
            <datatype_description></datatype_description>
            <order>1</order>
            <description>What is the ticket/tag/DL number?</description>
            <values>
                <value>
                    <key>123</key>
                    <name>Ford</name>
                </value>
                <value>
                    <key>124</key>
                    <name>Chrysler</name>
                </value>
            </values>
        </attribute>
    </attributes>
</service_definition>`;
/** The spec's example POST body, verbatim but for our key, service code and address. */
const SPEC_POST_BODY =
  'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001';
const SPEC_POST_RESPONSE_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>293944</service_request_id>
        <service_notice>The City will inspect and require the responsible party to correct within 24 hours</service_notice>
        <account_id/>
    </request>
</service_requests>`;
const SPEC_REQUESTS_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>638344</service_request_id>
        <status>closed</status>
        <status_notes>Duplicate request.</status_notes>
        <service_name>Sidewalk and Curb Issues</service_name>
        <service_code>006</service_code>
        <description></description>
        <agency_responsible></agency_responsible>
        <service_notice></service_notice>
        <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
        <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
        <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
        <address>8TH AVE and JUDAH ST</address>
        <address_id>545483</address_id>
        <zipcode>94122</zipcode>
        <lat>37.762221815</lat>
        <long>-122.4651145</long>
        <media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg </media_url>
    </request>
</service_requests>`;
const SPEC_TOKEN_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>638344</service_request_id>
        <token>12345</token>
    </request>
</service_requests>`;
const SPEC_ERROR_XML = `<?xml version="1.0" encoding="utf-8"?>
<errors>
    <error>
        <code>403</code>
        <description>Invalid api_key received -- can't proceed with create_request.</description>
    </error>
</errors>`;
const SPEC_DISCOVERY_XML = `<?xml version="1.0" encoding="UTF-8"?>
<discovery>
    <changeset>2011-02-03 14:18</changeset>
    <contact>You can email or call for assistance api@mycity.org +1 (555) 555-5555</contact>
    <key_service>You can request a key here: http://api.mycity.gov/api_key/request</key_service>
    <endpoints>
        <endpoint>
            <specification>http://wiki.open311.org/GeoReport_v2</specification>
            <url>http://open311.mycity.gov/v2</url>
            <changeset>2010-11-23 09:01</changeset>
            <type>production</type>
            <formats>
                <format>text/xml</format>
            </formats>
        </endpoint>
    </endpoints>
</discovery>`;

const LISTS = ['service', 'attribute', 'value', 'request', 'error', 'endpoint', 'format'];
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => LISTS.includes(name) });
type Node = Record<string, unknown>;
const parseXml = (s: string) => xml.parse(s) as Record<string, Node>;
/** The element names of an object, in order: what "exactly as the spec's example" is checked on. */
const keysOf = (o: unknown) => Object.keys(o as object);

const KEY = 'test-open311-key-a';
const OTHER_KEY = 'test-open311-key-b';
let t: TestApp;
let a: Tree;
let b: Tree;
let fuNing5: Awaited<ReturnType<typeof child>>;
let captainCookie: string;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  a = await buildTree(db);
  fuNing5 = await child(db, a.estate, 'building', '福宁街5号');
  await db.execute(sql`update org_units set address = '开平市三埠街道福宁街5号' where id = ${fuNing5.id}`);
  await child(db, a.estate, 'building', '福宁街15号');
  b = await buildTree(db, { city: a.city, district: a.district });
  const captain = await buildUser(db, t.cipher, [{ role: 'captain', unit: fuNing5 }], '陈美玲');
  captainCookie = await login(t.app, captain.phone);
  await t.services.open311.createClient(a.street.id, '12345 热线', KEY);
  await t.services.open311.createClient(b.street.id, '另一街道', OTHER_KEY);
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const postForm = (url: string, body: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
  });
/** The spec's example body with our key, a service of ours and an address in our street. */
const specBody = (over: Record<string, string | null> = {}) => {
  const p = new URLSearchParams(SPEC_POST_BODY);
  p.delete('attribute[WHISPAWN]');
  p.delete('attribute[WHISDORN]');
  const base: Record<string, string | null> = {
    api_key: KEY,
    jurisdiction_id: String(a.street.id),
    service_code: 'repair.street_light',
    address_string: '福宁街５号',
    phone: '13800138000',
    'attribute[LOCATION]': '2单元3楼楼道',
    'attribute[RECURRING]': 'recurring',
  };
  for (const [k, v] of Object.entries({ ...base, ...over })) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  return p.toString();
};
const reportCount = async () =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from reports`))[0]?.n ?? 0;

describe('service discovery', () => {
  it('answers discovery.xml and discovery.json shaped like the spec example', async () => {
    const x = await get('/open311/v2/discovery.xml');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toBe('text/xml; charset=utf-8');
    const ours = parseXml(x.body).discovery as Node;
    const spec = parseXml(SPEC_DISCOVERY_XML).discovery as Node;
    expect(keysOf(ours)).toEqual(keysOf(spec));
    const endpoint = (ours.endpoints as { endpoint: Node[] }).endpoint[0] as Node;
    expect(keysOf(endpoint)).toEqual(keysOf((spec.endpoints as { endpoint: Node[] }).endpoint[0]));
    expect(endpoint.specification).toBe(SPEC);
    expect(endpoint.url).toBe('http://localhost:3000/open311/v2');
    expect((endpoint.formats as { format: string[] }).format).toEqual(['text/xml', 'application/json']);

    const j = await get('/open311/v2/discovery.json');
    expect(j.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = j.json();
    expect(keysOf(body)).toEqual(keysOf(spec));
    expect(body.endpoints[0].formats).toEqual(['text/xml', 'application/json']);
  });
});

describe('OpenAPI', () => {
  it('lists the Open311 resources, outside the session API', async () => {
    const paths = (await get('/api/v1/openapi.json')).json().paths as Record<string, Record<string, Node>>;
    const open311 = Object.keys(paths).filter((p) => p.startsWith('/open311/v2/'));
    expect(open311).toEqual(
      expect.arrayContaining([
        '/open311/v2/{file}',
        '/open311/v2/services/{file}',
        '/open311/v2/requests/{file}',
        '/open311/v2/tokens/{file}',
      ]),
    );
    expect(paths['/open311/v2/{file}']?.post?.security).toEqual([]);
  });
});

describe('services', () => {
  it('lists the leaf categories as services, with the fields of the spec example, in JSON and XML', async () => {
    const j = await get('/open311/v2/services.json');
    expect(j.statusCode).toBe(200);
    const services = j.json() as Node[];
    const specService = (parseXml(SPEC_SERVICES_XML).services as { service: Node[] }).service[0];
    for (const s of services) expect(keysOf(s)).toEqual(keysOf(specService));
    const codes = services.map((s) => s.service_code);
    expect(codes).toContain('repair.street_light');
    expect(codes).toContain('sanitation');
    expect(codes).not.toContain('repair'); // has children: a group, not a service
    const light = services.find((s) => s.service_code === 'repair.street_light') as Node;
    expect(light).toMatchObject({ service_name: '路灯', group: '设施维修', metadata: true, type: 'realtime' });

    const x = await get('/open311/v2/services.xml');
    const parsed = (parseXml(x.body).services as { service: Node[] }).service;
    expect(parsed.map((s) => s.service_code)).toEqual(codes);
    expect(keysOf(parsed[0])).toEqual(keysOf(specService));
    expect(parsed.find((s) => s.service_code === 'repair.street_light')?.metadata).toBe('true');
  });

  it('names services in English for Accept-Language: en', async () => {
    const services = (await get('/open311/v2/services.json', { 'accept-language': 'en' })).json() as Node[];
    expect(services.find((s) => s.service_code === 'repair.street_light')?.group).toMatch(/[A-Za-z]/);
  });

  it('defines the attributes of a service like the spec example, and 404s an unknown service', async () => {
    const spec = parseXml(SPEC_DEFINITION_XML).service_definition as Node;
    const specAttr = (spec.attributes as { attribute: Node[] }).attribute[0] as Node;
    const x = parseXml((await get('/open311/v2/services/repair.street_light.xml')).body).service_definition as Node;
    expect(keysOf(x)).toEqual(keysOf(spec));
    expect(x.service_code).toBe('repair.street_light');
    const attrs = (x.attributes as { attribute: Node[] }).attribute;
    for (const attr of attrs) expect(keysOf(attr)).toEqual(keysOf(specAttr));
    const list = attrs.find((at) => at.datatype === 'singlevaluelist') as Node;
    expect((list.values as { value: Node[] }).value.map((v) => v.key)).toEqual(['first', 'recurring']);

    const j = (await get('/open311/v2/services/repair.street_light.json')).json();
    expect(keysOf(j)).toEqual(keysOf(spec));
    expect(j.attributes.map((at: Node) => at.code)).toEqual(attrs.map((at) => at.code));

    const missing = await get('/open311/v2/services/no.such.service.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: expect.stringContaining('no.such.service') }]);
    const missingXml = await get('/open311/v2/services/no.such.service.xml');
    expect(missingXml.statusCode).toBe(404);
    const errors = (parseXml(missingXml.body).errors as { error: Node[] }).error;
    expect(keysOf(errors[0])).toEqual(['code', 'description']);
  });

  it('404s an unknown jurisdiction_id and an unknown resource', async () => {
    expect((await get('/open311/v2/services.json?jurisdiction_id=city.gov')).statusCode).toBe(404);
    expect((await get(`/open311/v2/services.json?jurisdiction_id=${a.street.id}`)).statusCode).toBe(200);
    const nope = await get('/open311/v2/nothing.xml');
    expect(nope.statusCode).toBe(404);
    expect(parseXml(nope.body).errors).toBeDefined();
    expect((await get('/open311/v2/services.html')).statusCode).toBe(404);
  });
});

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

describe('issuing and revoking keys', () => {
  it('lets street staff issue a key shown once, which files requests until revoked', async () => {
    const db = t.database.db;
    const staff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: a.street }]);
    const otherStaff = await buildUser(db, t.cipher, [{ role: 'street_staff', unit: b.street }]);
    const community = await buildUser(db, t.cipher, [{ role: 'community_staff', unit: a.community }]);
    const cookie = await login(t.app, staff.phone);
    const issue = (c: string, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/open311/clients',
        payload: { streetId: a.street.id, name: '网格化服务管理平台' },
        headers: { cookie: c, ...headers },
      });

    const res = await issue(cookie, { 'idempotency-key': 'issue-key-0001' });
    expect(res.statusCode).toBe(201);
    const { id, key } = res.json();
    expect(key).toMatch(/^lz311_/);
    const replay = await issue(cookie, { 'idempotency-key': 'issue-key-0001' });
    expect(replay.json()).toMatchObject({ id, key: null });
    const [stored] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from idempotency_keys where response::text like ${`%${key}%`}`,
    );
    expect(stored?.n).toBe(0);
    const [audit] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_log where action = 'open311_client.issue' and object_id = ${String(id)}`,
    );
    expect(audit?.n).toBe(1);

    expect((await postForm('/open311/v2/requests.json', specBody({ api_key: key }))).statusCode).toBe(201);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/open311/clients', headers: { cookie } });
    expect(list.json().items.map((c: Node) => c.id)).toContain(id);
    expect(list.body).not.toContain(key);

    expect((await issue(await login(t.app, otherStaff.phone))).statusCode).toBe(404);
    expect((await issue(await login(t.app, community.phone))).statusCode).toBe(404);

    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/v1/open311/clients/${id}/revoke`,
      headers: { cookie },
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    expect((await postForm('/open311/v2/requests.json', specBody({ api_key: key }))).statusCode).toBe(403);
  });
});
