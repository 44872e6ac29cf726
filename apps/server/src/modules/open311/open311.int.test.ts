import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories';
import { login } from '../../../test/harness';
import { rows } from '../../platform/db';
import { SPEC } from './open311.service';
import {
  a,
  b,
  get,
  keysOf,
  type Node,
  parseXml,
  postForm,
  SPEC_DEFINITION_XML,
  SPEC_DISCOVERY_XML,
  SPEC_SERVICES_XML,
  specBody,
  t,
  useOpen311App,
} from './open311-fixture';

/*
 * Open311 GeoReport v2 against the spec's examples (open311-fixture.ts): service discovery, the services and
 * their definitions, and the key management. Filing and reading requests: open311-requests.int.test.ts.
 */
useOpen311App();

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
  it('keeps GeoReport out of the session API document, and lists the key management there', async () => {
    const paths = Object.keys((await get('/api/v1/openapi.json')).json().paths as object);
    expect(paths.filter((p) => p.startsWith('/open311/'))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/open311/clients', '/api/v1/open311/clients/{id}/revoke']));
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
