import { hasLoneSurrogate, isValidPhone, type Lang, normalisePhone, shanghaiIso } from '@louzhang/contracts';
import { invalid, missing } from './open311-errors';

/**
 * Reading a GeoReport v2 request: its form fields, the service attributes every service carries, ids,
 * dates and the time window of a search — each bad value a spec error naming its field.
 */

const DAY = 86_400_000;
const MAX_SPAN_DAYS = 90;
export const MAX_RESULTS = 1000;

/** The request's fields as sent: scalars by name, `attribute[code]` / `attribute[code][]` by code. */
export interface Fields {
  get(name: string): string | undefined;
  attributes: Map<string, string[]>;
}

interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

/**
 * Every service carries the same two questions; the answers go into the report (where exactly, and
 * whether the problem keeps coming back — what a captain asks first on the phone).
 */
export function attributesFor(lang: Lang): ServiceAttribute[] {
  const zh = lang === 'zh';
  return [
    {
      variable: true,
      code: 'LOCATION',
      datatype: 'string',
      required: false,
      datatype_description: zh ? '最多 100 字' : 'At most 100 characters',
      order: 1,
      description: zh ? '楼内具体位置（如：2单元3楼楼道）' : 'Where in the building (e.g. unit 2, 3rd floor landing)',
      values: [],
    },
    {
      variable: true,
      code: 'RECURRING',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: null,
      order: 2,
      description: zh ? '这个问题是第一次出现吗？' : 'Is this the first time?',
      values: [
        { key: 'first', name: zh ? '第一次出现' : 'First time' },
        { key: 'recurring', name: zh ? '反复出现' : 'It keeps coming back' },
      ],
    },
  ];
}

export interface Submission {
  description: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  mediaUrl: string | null;
  deviceId: string | null;
  accountId: string | null;
  addressString: string | null;
  addressId: number | null;
  lat: number | null;
  long: number | null;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A trimmed optional field with a length bound and no control characters; empty is absent (spec "Optional Arguments"). */
export function text(f: Fields, name: string, max: number, multiline = false): string | null {
  const raw = f.get(name);
  if (raw === undefined) return null;
  const v = raw.trim();
  if (!v) return null;
  if (v.length > max) throw invalid(name, `超过 ${max} 个字符`, `longer than ${max} characters`);
  if (CONTROL.test(multiline ? v : v.replace(/[\r\n\t]/g, '\u0000'))) {
    throw invalid(name, '含有不允许的控制字符', 'contains control characters');
  }
  if (hasLoneSurrogate(v)) throw invalid(name, '含有无效字符', 'is not valid Unicode text');
  return v;
}

export function readSubmission(f: Fields): Submission {
  const description = text(f, 'description', 4000, true);
  if (description && /<[a-z!/][^>]*>/i.test(description)) {
    throw invalid('description', '不能包含 HTML 或代码', 'must not contain html or code');
  }
  const first = text(f, 'first_name', 30);
  const last = text(f, 'last_name', 30);
  const cjk = /[\u3400-\u9fff]/.test(`${first ?? ''}${last ?? ''}`);
  const name = first || last ? (cjk ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ')) : null;

  const rawPhone = text(f, 'phone', 20);
  const phone = rawPhone ? normalisePhone(rawPhone) : null;
  if (phone && !isValidPhone(phone)) throw invalid('phone', '不是有效的电话号码', 'not a valid phone number');

  const email = text(f, 'email', 254);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email', '不是有效的邮箱', 'not a valid email');

  const mediaUrl = text(f, 'media_url', 2000);
  if (mediaUrl && !isHttpUrl(mediaUrl)) throw invalid('media_url', '须为 http(s) 链接', 'must be an http(s) URL');

  const lat = coordinate(f, 'lat', 90);
  const long = coordinate(f, 'long', 180);
  if ((lat === null) !== (long === null)) {
    throw invalid('lat/long', 'lat 与 long 须同时提供', 'lat and long must both be sent');
  }
  const addressIdRaw = text(f, 'address_id', 20);
  if (addressIdRaw && !/^[1-9]\d{0,15}$/.test(addressIdRaw)) {
    throw invalid('address_id', '须为楼栋编号', 'must be a building id');
  }
  return {
    description,
    name,
    phone,
    email,
    mediaUrl,
    deviceId: text(f, 'device_id', 100),
    accountId: text(f, 'account_id', 100),
    addressString: text(f, 'address_string', 200),
    addressId: addressIdRaw ? Number(addressIdRaw) : null,
    lat,
    long,
  };
}

function coordinate(f: Fields, name: string, bound: number): number | null {
  const v = text(f, name, 30);
  if (v === null) return null;
  const n = Number(v);
  if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || Math.abs(n) > bound) {
    throw invalid(name, `须为 -${bound} 到 ${bound} 之间的 WGS84 坐标`, `must be a WGS84 coordinate within ±${bound}`);
  }
  return n;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Checks `attribute[...]` against the service definition: known codes, list values from the list, bounded. */
export function checkAttributes(sent: Map<string, string[]>, lang: Lang): Record<string, string[]> {
  const defs = attributesFor(lang);
  const out: Record<string, string[]> = {};
  for (const [code, values] of sent) {
    const def = defs.find((d) => d.code === code);
    if (!def)
      throw invalid(`attribute[${code.slice(0, 40)}]`, '该服务没有此属性', 'no such attribute for this service');
    const vs = values.map((v) => v.trim()).filter(Boolean);
    if (vs.length > 1 && def.datatype !== 'multivaluelist') {
      throw invalid(`attribute[${code}]`, '只能有一个值', 'takes one value');
    }
    for (const v of vs) {
      if (v.length > 100 || CONTROL.test(v))
        throw invalid(`attribute[${code}]`, '值过长或含控制字符', 'value too long');
      if (def.values.length && !def.values.some((o) => o.key === v)) {
        throw invalid(`attribute[${code}]`, `不是可选值：${v}`, `not one of the listed values: ${v}`);
      }
    }
    if (vs.length) out[code] = vs;
  }
  for (const d of defs) if (d.required && !out[d.code]) throw missing(`attribute[${d.code}]`);
  return out;
}

export function csv(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function idList(v: string): number[] {
  const parts = csv(v);
  if (parts.length === 0 || parts.length > MAX_RESULTS) {
    throw invalid('service_request_id', `须为 1–${MAX_RESULTS} 个编号`, `give 1–${MAX_RESULTS} ids`);
  }
  return parts.map((p) => {
    if (!/^[1-9]\d{0,15}$/.test(p))
      throw invalid('service_request_id', `不是编号：${p.slice(0, 20)}`, `not an id: ${p.slice(0, 20)}`);
    return Number(p);
  });
}

/** W3C datetime with a timezone (the spec requires one), e.g. 2010-01-01T00:00:00Z or …+08:00. */
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDate(name: string, v: string | undefined): Date | null {
  if (!v) return null;
  const d = new Date(v);
  if (!W3.test(v) || Number.isNaN(d.getTime())) {
    throw invalid(
      name,
      '须为带时区的 W3C 时间，如 2010-01-01T00:00:00Z',
      'must be a W3C datetime with a timezone, e.g. 2010-01-01T00:00:00Z',
    );
  }
  return d;
}

/** The spec's window: at most 90 days; the most recent 90 days when neither end is given. */
export function dateRange(start: string | undefined, end: string | undefined, now: Date): { from: Date; to: Date } {
  const s = parseDate('start_date', start);
  const e = parseDate('end_date', end);
  const to = e ?? (s ? new Date(s.getTime() + MAX_SPAN_DAYS * DAY) : now);
  const from = s ?? new Date(to.getTime() - MAX_SPAN_DAYS * DAY);
  if (from.getTime() > to.getTime()) throw invalid('start_date', '晚于 end_date', 'is after end_date');
  if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY) {
    throw invalid('start_date/end_date', '时间跨度不能超过 90 天', 'may not span more than 90 days');
  }
  return { from, to };
}

/** ISO 8601 in China time with its offset, as the spec's examples write times (2010-04-14T06:37:38-08:00). */
export function w3(iso: string): string {
  return shanghaiIso(iso);
}
