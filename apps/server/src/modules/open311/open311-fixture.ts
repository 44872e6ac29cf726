import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll } from 'vitest';
import { buildTree, buildUser, child, type Tree } from '../../../test/factories';
import { login, startTestApp, type TestApp } from '../../../test/harness';
import { rows } from '../../platform/db';

/*
 * The Open311 tests' world, shared by open311.int.test.ts and open311-requests.int.test.ts: each file calls
 * useOpen311App() for its own app, then reads the live bindings below.
 */
/*
 * Built from the examples of the GeoReport v2 page (wiki.open311.org/GeoReport_v2) and of Service
 * Discovery: each response is checked against the element names and nesting of the spec's example,
 * in XML and in JSON.
 */
export const SPEC_SERVICES_XML = `<?xml version="1.0" encoding="utf-8"?>
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
export const SPEC_DEFINITION_XML = `<?xml version="1.0" encoding="utf-8"?>
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
export const SPEC_POST_BODY =
  'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001';
export const SPEC_POST_RESPONSE_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>293944</service_request_id>
        <service_notice>The City will inspect and require the responsible party to correct within 24 hours</service_notice>
        <account_id/>
    </request>
</service_requests>`;
export const SPEC_REQUESTS_XML = `<?xml version="1.0" encoding="utf-8"?>
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
export const SPEC_TOKEN_XML = `<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>638344</service_request_id>
        <token>12345</token>
    </request>
</service_requests>`;
export const SPEC_ERROR_XML = `<?xml version="1.0" encoding="utf-8"?>
<errors>
    <error>
        <code>403</code>
        <description>Invalid api_key received -- can't proceed with create_request.</description>
    </error>
</errors>`;
export const SPEC_DISCOVERY_XML = `<?xml version="1.0" encoding="UTF-8"?>
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
export type Node = Record<string, unknown>;
export const parseXml = (s: string) => xml.parse(s) as Record<string, Node>;
/** The element names of an object, in order: what "exactly as the spec's example" is checked on. */
export const keysOf = (o: unknown) => Object.keys(o as object);

export const KEY = 'test-open311-key-a';
export const OTHER_KEY = 'test-open311-key-b';
export let t: TestApp;
export let a: Tree;
export let b: Tree;
export let fuNing5: Awaited<ReturnType<typeof child>>;
export let captainCookie: string;

/** Starts this file's app: two streets, each with an Open311 client key, and a captain of 福宁街5号. */
export function useOpen311App(): void {
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
}

export const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
export const postForm = (url: string, body: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
  });
/** The spec's example body with our key, a service of ours and an address in our street. */
export const specBody = (over: Record<string, string | null> = {}) => {
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
export const reportCount = async () =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from reports`))[0]?.n ?? 0;
