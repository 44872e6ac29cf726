import { ERRORS, errorInfo, type Role } from '@louzhang/contracts';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../src/platform/db';
import { ACCESS, EXTENSIONS, type RouteAccess } from './access-table';
import { login, startTestApp, type TestApp } from './harness';
import { operationsOf, urlOf } from './openapi-ops';
import { buildWorld, type World } from './world';

/**
 * Every endpoint of the OpenAPI document with malformed and hostile input (docs/rules.md#quality): the answer is a
 * 4xx with `{error:{code,message}}`, never a 5xx, and a refused request changes nothing (row counts
 * and a checksum of every table compared before and after). Seeded, few runs per endpoint.
 */

const SEED = 20261201;
const RUNS = 12;

/**
 * Tables a refused request may legitimately touch: sessions (last seen), and for sign-in the attempt
 * it reserved (password streak, a code's try count) and its audit row.
 */
// Sessions, and the maintained figures (derived from the reports: any dashboard read may bring them up to date).
const ALWAYS_SKIPPED = ['sessions', 'report_totals', 'report_totals_dirty'];
const MAY_WRITE_ON_REFUSAL: Record<string, string[]> = {
  'POST /api/v1/auth/login': ['login_throttles', 'audit_log'],
  'POST /api/v1/auth/sms-login': ['sms_codes'],
  'POST /api/v1/auth/password-reset': ['sms_codes'],
  // Signing out takes no body, so a body that parses is ignored and the sign-out (with its audit row) happens.
  'POST /api/v1/auth/logout': ['audit_log'],
};

const HUGE = 'A'.repeat(70_000);
const hostileStrings = fc.oneof(
  fc.constantFrom(
    "' OR 1=1 --",
    "'; DROP TABLE users; --",
    '1; select pg_sleep(5)',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '𠀀',
    '😀👨‍👩‍👧‍👦🏳️‍🌈',
    '\u202e\u200b\ufeff',
    '\u0000',
    '%00%27',
    '../../etc/passwd',
    '${7*7}{{7*7}}',
    '',
    ' ',
    'NaN',
    '-0',
    '1e308',
    '\ud800',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const hostileNumbers = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, -0.5, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ noNaN: true }),
);
/** Values that are wrong for a field of the given JSON type (null too, unless the field takes null). */
function wrongTypeFor(v: unknown, nullable = false) {
  const others = [
    ...(nullable ? [] : [fc.constant(null)]),
    fc.constant([]),
    fc.constant({}),
    fc.constant([1, 'a', null]),
    fc.constant({ $gt: '' }),
  ];
  if (typeof v === 'string') return fc.oneof(fc.integer(), fc.boolean(), ...others, fc.constant(HUGE));
  if (typeof v === 'number') return fc.oneof(fc.constant('12abc'), fc.boolean(), ...others);
  if (typeof v === 'boolean') return fc.oneof(fc.constant('yes'), fc.integer({ min: 2 }), ...others);
  const nothing = nullable ? [] : [fc.constant(null)];
  if (Array.isArray(v)) return fc.oneof(fc.constant('x'), fc.integer(), fc.constant({}), ...nothing);
  return fc.oneof(fc.constant('x'), fc.integer(), fc.constant([]), ...nothing);
}

function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}
const MALFORMED_JSON = [
  '{',
  '{"a":1}}',
  '{"a":1,}',
  "{'a':1}",
  'nul',
  '\ufeff{}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  '{"a":"\\ud800"}',
  '[]',
  '"text"',
  '12',
  'null',
];

function parses(raw: string): boolean {
  try {
    JSON.parse(raw);
    return !raw.includes('__proto__') && !raw.includes('constructor');
  } catch {
    return false;
  }
}

interface Attempt {
  label: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** The input is certainly invalid: the answer must be a 4xx. Otherwise a 2xx is acceptable too. */
  mustRefuse: boolean;
}

async function snapshot(t: TestApp, skip: string[]): Promise<Record<string, string>> {
  const db = t.database.db;
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (skip.includes(name) || name.startsWith('__drizzle')) continue;
    const [r] = await rows<{ n: number; h: string | null }>(
      db,
      sql.raw(`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from "${name}" t`),
    );
    out[name] = `${r?.n}:${r?.h}`;
  }
  return out;
}

describe('fuzz: every endpoint with malformed and hostile input', () => {
  let t: TestApp;
  let w: World;
  let ops: Awaited<ReturnType<typeof operationsOf>>;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_PER_MINUTE: '100000', SMS_RATE_PER_ADDRESS_PER_HOUR: '100000' });
    w = await buildWorld(t, EXTENSIONS);
    ops = await operationsOf(t);
  }, 120_000);
  afterAll(async () => t?.close());

  function callerOf(rule: RouteAccess): Role | null {
    if (rule.allow === 'public') return null;
    if (rule.allow === 'signed-in') return 'street_staff';
    return rule.allow[0] ?? null;
  }

  async function send(a: Attempt): Promise<LightMyRequestResponse> {
    return t.app.inject({
      method: a.method as 'GET',
      url: a.url,
      headers: a.headers,
      ...(a.payload === undefined ? {} : { payload: a.payload }),
    });
  }

  function problemOf(a: Attempt, res: LightMyRequestResponse): string | null {
    const s = res.statusCode;
    if (s >= 500) return `${a.label}: ${s} ${res.body.slice(0, 200)}`;
    // Open311 answers in its own spec's format ([{code, description}] or XML), not ours.
    if (s >= 400 && a.url.startsWith('/open311/')) return null;
    if (s >= 400) {
      let body: { error?: { code?: unknown; message?: unknown } } = {};
      try {
        body = res.json();
      } catch {
        return `${a.label}: ${s} without a JSON error body`;
      }
      if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string' || !body.error.message) {
        return `${a.label}: ${s} without {error:{code,message}}: ${res.body.slice(0, 200)}`;
      }
      // A deliberate refusal names a code of the catalogue with that very status; anything else is a
      // failure dressed up as the caller's fault.
      if (!(body.error.code in ERRORS) || errorInfo(body.error.code).status !== s) {
        return `${a.label}: ${s} with ${body.error.code}, not a deliberate refusal of the catalogue`;
      }
      return null;
    }
    if (a.mustRefuse) return `${a.label}: accepted (${s}) invalid input`;
    return null;
  }

  it('covers every route in the access table (so a new route gets fuzzed)', () => {
    expect(ops.length).toBeGreaterThan(10);
    expect(ops.filter((o) => !ACCESS[o.key]).map((o) => o.key)).toEqual([]);
  });

  /**
   * The routes are fuzzed in shards, each a test with its own time limit: every route still gets every
   * attempt, and a slow machine does not turn the whole suite's limit into a failure.
   */
  const SHARDS = 4;
  for (let shard = 0; shard < SHARDS; shard++)
    it(`answers hostile input with a 4xx and a code, never a 5xx, and changes nothing when it refuses (routes ${shard + 1}/${SHARDS})`, async () => {
      const mine = ops.filter((_, i) => i % SHARDS === shard);
      const { tried, problems } = await fuzzRoutes(mine);
      expect(tried).toBeGreaterThan(mine.length * RUNS);
      expect(problems).toEqual([]);
    }, 600_000);

  async function fuzzRoutes(list: typeof ops): Promise<{ tried: number; problems: string[] }> {
    const problems: string[] = [];
    let tried = 0;
    for (const op of list) {
      const rule = ACCESS[op.key];
      if (!rule) continue;
      const role = callerOf(rule);
      const skip = [...ALWAYS_SKIPPED, ...(MAY_WRITE_ON_REFUSAL[op.key] ?? [])];
      const cookieFor = async () =>
        role === null
          ? undefined
          : rule.freshSession
            ? await login(t.app, w.inside.users[role].phone)
            : w.cookies[role];
      const params = (await rule.params?.(w.inside, w, role)) ?? {};
      const query = rule.query?.(w.inside, w);
      const base = async (): Promise<Omit<Attempt, 'label' | 'mustRefuse'>> => {
        const cookie = await cookieFor();
        return {
          method: op.method,
          url: urlOf(op, params, query),
          headers: cookie ? { cookie } : {},
        };
      };
      const hasJsonBody = op.method !== 'GET' && !rule.multipart;
      const validBody = await rule.body?.(w.inside, w, role);

      const strict: fc.Arbitrary<(b: Omit<Attempt, 'label' | 'mustRefuse'>) => Attempt>[] = [];
      const loose: typeof strict = [];
      // Path parameters: ids that are not ids, or are nobody's.
      for (const name of Object.keys(params)) {
        strict.push(
          fc
            .oneof(
              hostileStrings.filter((s) => !/^\d+$/.test(s.trim()) && s.trim() !== ''),
              hostileNumbers.map(String),
              fc.constantFrom('99999999999999999999', '2147483648', '1.0e3'),
            )
            .map((v) => (b) => ({
              ...b,
              label: `${op.key} {${name}}=${JSON.stringify(v).slice(0, 40)}`,
              url: urlOf(op, { ...params, [name]: v }, query),
              mustRefuse: true,
            })),
        );
      }
      // Query: each value replaced, unknown keys added.
      loose.push(
        fc
          .tuple(
            fc.constantFrom('extra', ...Object.keys(query ?? {})),
            fc.oneof(hostileStrings, hostileNumbers.map(String)),
          )
          .map(([k, v]) => (b) => ({
            ...b,
            label: `${op.key} ?${k}=${JSON.stringify(v).slice(0, 40)}`,
            url: urlOf(op, params, { ...(query ?? {}), [k]: v }),
            mustRefuse: false,
          })),
      );
      if (hasJsonBody) {
        const json = { 'content-type': 'application/json' };
        strict.push(
          fc.constantFrom(...MALFORMED_JSON).map((raw) => (b) => ({
            ...b,
            label: `${op.key} raw ${JSON.stringify(raw.slice(0, 30))}`,
            headers: { ...b.headers, ...json },
            payload: raw,
            // A route without a body ignores any body that parses; only unparseable ones must be refused.
            mustRefuse: rule.body !== undefined || !parses(raw),
          })),
        );
        strict.push(
          fc.constantFrom(deep(3000), { unknownField: 1 }, [validBody], HUGE).map((v) => (b) => ({
            ...b,
            label: `${op.key} body ${JSON.stringify(v).slice(0, 30)}`,
            headers: { ...b.headers, ...json },
            payload: JSON.stringify(v),
            mustRefuse: rule.body !== undefined,
          })),
        );
        const fields = validBody && typeof validBody === 'object' ? Object.keys(validBody) : [];
        if (fields.length > 0 && !Array.isArray(validBody)) {
          const obj = validBody as Record<string, unknown>;
          strict.push(
            fc
              .constantFrom(...fields)
              .chain((f) => wrongTypeFor(obj[f], rule.nullable?.includes(f)).map((v) => [f, v] as const))
              .map(([f, v]) => (b) => ({
                ...b,
                label: `${op.key} .${f}=${JSON.stringify(v).slice(0, 40)}`,
                headers: { ...b.headers, ...json },
                payload: JSON.stringify({ ...(validBody as object), [f]: v }),
                mustRefuse: true,
              })),
          );
          strict.push(
            fc.string({ minLength: 1, maxLength: 12 }).map((k) => (b) => ({
              ...b,
              label: `${op.key} unknown field ${JSON.stringify(k)}`,
              headers: { ...b.headers, ...json },
              payload: JSON.stringify({ ...(validBody as object), [`x_${k}`]: 1 }),
              mustRefuse: true,
            })),
          );
          loose.push(
            fc.tuple(fc.constantFrom(...fields), fc.oneof(hostileStrings, hostileNumbers)).map(([f, v]) => (b) => ({
              ...b,
              label: `${op.key} .${f}=${JSON.stringify(v).slice(0, 40)}`,
              headers: { ...b.headers, ...json },
              payload: JSON.stringify({ ...(validBody as object), [f]: v }),
              mustRefuse: false,
            })),
          );
        }
      }
      if (rule.multipart) {
        strict.push(
          fc
            .constantFrom(
              { 'content-type': 'application/json', body: '{"file":"x"}' },
              { 'content-type': 'multipart/form-data; boundary=zz', body: '--zz\r\ngarbage' },
              { 'content-type': 'multipart/form-data', body: 'no boundary' },
              { 'content-type': 'text/plain', body: 'hello' },
              {
                'content-type': 'multipart/form-data; boundary=zz',
                body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nnot an image\r\n--zz--\r\n',
              },
            )
            .map((m) => (b) => ({
              ...b,
              label: `${op.key} ${m['content-type']} ${JSON.stringify(m.body.slice(0, 20))}`,
              headers: { ...b.headers, 'content-type': m['content-type'] },
              payload: m.body,
              mustRefuse: true,
            })),
        );
      }

      // Certainly-invalid input: all refused, and the database identical before and after.
      if (strict.length > 0) {
        const before = await snapshot(t, skip);
        let accepted = 0;
        await fc.assert(
          fc.asyncProperty(fc.oneof(...strict), async (make) => {
            const a = make(await base());
            tried++;
            const res = await send(a);
            if (res.statusCode < 400) accepted++;
            const p = problemOf(a, res);
            if (p) problems.push(p);
          }),
          { numRuns: RUNS, seed: SEED },
        );
        const after = await snapshot(t, skip);
        for (const [table, v] of Object.entries(after)) {
          if (accepted === 0 && before[table] !== v) problems.push(`${op.key}: refused input changed table ${table}`);
        }
      }
      // Hostile but possibly valid content (SQL, HTML, unicode in text fields): never a 5xx; a refusal
      // changes no row count.
      await fc.assert(
        fc.asyncProperty(fc.oneof(...loose), async (make) => {
          const a = make(await base());
          tried++;
          const before = await snapshot(t, skip);
          const res = await send(a);
          const p = problemOf(a, res);
          if (p) problems.push(p);
          if (res.statusCode >= 400) {
            const after = await snapshot(t, skip);
            for (const [table, v] of Object.entries(after)) {
              if (before[table] !== v) problems.push(`${a.label}: refused (${res.statusCode}) but changed ${table}`);
            }
          }
        }),
        { numRuns: Math.ceil(RUNS / 2), seed: SEED },
      );
    }
    return { tried, problems };
  }
});
