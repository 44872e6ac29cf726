import { isValidPhone, type Lang, normalisePhone, type ReportCategoryView } from '@louzhang/contracts';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import type { ReportCategoriesService } from '../reports/report-categories.service';
import type { ReportsService } from '../reports/reports.service';
import type { PublicReport, ReportsPublicService } from '../reports/reports-public.service';
import * as repo from './open311.repository';
import { matchAddress } from './open311-address';
import { badKey, invalid, missing, notFound } from './open311-errors';
import { hashApiKey } from './open311-keys';

export const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** Bumped when the service list or definitions change shape (Service Discovery `changeset`). */
const CHANGESET = '2026-12-01 00:00';
const DAY = 86_400_000;
const MAX_SPAN_DAYS = 90;
const MAX_RESULTS = 1000;
const OPEN = ['submitted', 'accepted', 'in_progress', 'reopened'];
const CLOSED = ['resolved', 'closed', 'rejected', 'merged'];

/** The request's fields as sent: scalars by name, `attribute[code]` / `attribute[code][]` by code. */
export interface Fields {
  get(name: string): string | undefined;
  attributes: Map<string, string[]>;
}

export interface ServiceAttribute {
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
function attributesFor(lang: Lang): ServiceAttribute[] {
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

export interface SubmitContext {
  apiKey: string | undefined;
  /** The client's submission key (Idempotency-Key header): the same key again returns the same request. */
  token: string | undefined;
  ip: string;
  lang: Lang;
}

/**
 * Open311 GeoReport v2 (DESIGN §4.6, wiki.open311.org/GeoReport_v2) over the reports module: leaf
 * categories are the services, a POST files a report through the same intake as the app (channel
 * `open311`, the client recorded as its submitter), and reads show reports of the key's street without
 * anybody's identity. Keys are per street; only their SHA-256 is stored.
 */
export class Open311Service {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly cipher: PiiCipher,
    private readonly reports: ReportsService,
    private readonly publicReports: ReportsPublicService,
    private readonly categories: ReportCategoriesService,
    private readonly publicUrl: string,
  ) {}

  /** Registers a client for a street; returns its key (shown once) — the demo data passes a fixed one. */
  async createClient(streetId: number, name: string, key: string): Promise<{ id: number; key: string }> {
    const street = await repo.findUnit(this.db, streetId);
    if (street?.kind !== 'street') throw new Error(`org unit ${streetId} is not a street`);
    const row = await repo.insertClient(this.db, {
      streetId,
      name,
      keyHash: hashApiKey(key),
      createdAt: this.clock.now(),
    });
    return { id: row.id, key };
  }

  /** Service Discovery (wiki.open311.org/Service_Discovery). */
  discovery(lang: Lang) {
    const zh = lang === 'zh';
    return {
      changeset: CHANGESET,
      contact: zh
        ? '楼长通 Open311 接口，请联系所在街道办事处。'
        : 'louzhang Open311 endpoint: contact your street office.',
      key_service: zh
        ? 'API 密钥由街道办事处按街道发放，请联系街道系统管理员。'
        : "API keys are issued per street by the street office's administrator.",
      endpoints: [
        {
          specification: SPEC,
          url: `${this.publicUrl}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  /** GET services: the leaf categories, grouped under their parent. */
  async services(lang: Lang, jurisdictionId: string | undefined) {
    await this.checkJurisdiction(jurisdictionId, null);
    const { items } = await this.categories.list();
    const byId = new Map(items.map((c) => [c.id, c]));
    const name = (c: ReportCategoryView) => (lang === 'en' ? c.nameEn : c.nameZh);
    return leaves(items).map((c) => {
      const parent = c.parentId ? byId.get(c.parentId) : undefined;
      return {
        service_code: c.code,
        service_name: name(c),
        description: lang === 'en' ? `${c.nameEn} (${c.nameZh})` : `${c.nameZh}（${c.nameEn}）`,
        metadata: true,
        type: 'realtime',
        keywords: [c.nameZh, c.nameEn, parent?.nameZh, parent?.nameEn].filter(Boolean).join(', '),
        group: parent ? name(parent) : name(c),
      };
    });
  }

  /** GET services/{code}: the attributes of one service. */
  async definition(code: string, lang: Lang, jurisdictionId: string | undefined) {
    await this.checkJurisdiction(jurisdictionId, null);
    await this.serviceByCode(code);
    return { service_code: code, attributes: attributesFor(lang) };
  }

  /** POST requests: files a report in the key's street. */
  async submit(fields: Fields, ctx: SubmitContext) {
    const client = await this.authenticate(ctx.apiKey);
    await this.checkJurisdiction(fields.get('jurisdiction_id'), client);
    const serviceCode = text(fields, 'service_code', 100);
    if (!serviceCode) throw missing('service_code');
    const service = await this.serviceByCode(serviceCode);
    const input = readSubmission(fields);
    const attributes = checkAttributes(fields.attributes, ctx.lang);
    const building = await this.locate(client, input);

    const description = [
      input.description ?? (ctx.lang === 'en' ? service.nameEn : service.nameZh),
      attributes.RECURRING?.[0] === 'recurring' ? '（反复出现 / recurring）' : '',
    ].join('');
    const token = ctx.token;
    if (token !== undefined && !/^[A-Za-z0-9_\-:.]{8,128}$/.test(token)) {
      throw invalid('Idempotency-Key', '须为 8–128 位字母、数字或 -_:.', 'must be 8–128 letters, digits or -_:.');
    }
    const { id } = await this.reports.createFromSystem(
      { actor: null, ip: ctx.ip },
      {
        buildingId: building.id,
        categoryId: service.id,
        description,
        location: attributes.LOCATION?.[0] ?? null,
        reporterName: input.name,
        reporterPhone: input.phone,
        externalId: token ? `${client.id}:${token}` : null,
      },
      async (tx: Db, reportId: number) => {
        await repo.insertRequest(tx, {
          reportId,
          streetId: client.streetId,
          clientId: client.id,
          token: token ?? null,
          lat: input.lat,
          long: input.long,
          addressString: input.addressString,
          mediaUrl: input.mediaUrl,
          deviceId: input.deviceId,
          accountId: input.accountId,
          emailEnc: input.email ? this.cipher.encrypt(input.email) : null,
          attributes,
          createdAt: this.clock.now(),
        });
      },
    );
    const [report] = await this.publicReports.getPublic([id], ctx.lang);
    const sla = service.slas.find((s) => s.level === report?.level) ?? service.slas.find((s) => s.level === 'building');
    let notice: string | null = null;
    if (report) {
      const who = report.handledByBuilding
        ? { zh: `${report.handlerName}楼长`, en: `the captain of ${report.handlerName}` }
        : { zh: report.handlerName, en: report.handlerName };
      notice =
        ctx.lang === 'en'
          ? `Passed to ${who.en}${sla ? `; acknowledged within ${sla.ackHours} h` : ''}.`
          : `已交由${who.zh}办理${sla ? `，${sla.ackHours}小时内受理` : ''}。`;
    }
    return [{ service_request_id: id, service_notice: notice, account_id: input.accountId }];
  }

  /** GET requests with the spec's filters, within the key's street. */
  async list(q: Fields, apiKey: string | undefined, lang: Lang) {
    const client = await this.authenticate(apiKey);
    await this.checkJurisdiction(q.get('jurisdiction_id'), client);
    const idsParam = q.get('service_request_id');
    if (idsParam) {
      const ids = idList(idsParam);
      return this.present(client, await this.publicReports.getPublic(ids, lang), lang);
    }
    const codes = csv(q.get('service_code'));
    let categoryIds: number[] | undefined;
    if (codes.length) {
      const { items } = await this.categories.list();
      categoryIds = codes.map((code) => {
        const c = items.find((i) => i.code === code);
        if (!c) throw invalid('service_code', `未知的服务代码 ${code}`, `unknown service_code ${code}`);
        return c.id;
      });
    }
    const statuses = csv(q.get('status'));
    for (const s of statuses) {
      if (s !== 'open' && s !== 'closed') throw invalid('status', '只能是 open 或 closed', 'must be open or closed');
    }
    const { from, to } = dateRange(q.get('start_date'), q.get('end_date'), this.clock.now());
    const wanted = new Set(statuses);
    const found = await this.publicReports.listPublic(
      {
        streetId: client.streetId,
        ...(categoryIds ? { categoryIds } : {}),
        ...(wanted.size === 1 ? { statuses: wanted.has('open') ? OPEN : CLOSED } : {}),
        from,
        // listPublic's window is half-open; the spec's end_date is inclusive
        to: new Date(to.getTime() + 1),
        limit: MAX_RESULTS,
      },
      lang,
    );
    return this.present(client, found, lang);
  }

  /** GET requests/{id}. */
  async get(idParam: string, apiKey: string | undefined, jurisdictionId: string | undefined, lang: Lang) {
    const client = await this.authenticate(apiKey);
    await this.checkJurisdiction(jurisdictionId, client);
    if (!/^[1-9]\d{0,15}$/.test(idParam)) throw notFound('service_request_id', idParam);
    const found = await this.present(client, await this.publicReports.getPublic([Number(idParam)], lang), lang);
    if (found.length === 0) throw notFound('service_request_id', idParam);
    return found;
  }

  /** GET tokens/{token}: the request filed with that submission key. */
  async token(token: string, apiKey: string | undefined, jurisdictionId: string | undefined) {
    const client = await this.authenticate(apiKey);
    await this.checkJurisdiction(jurisdictionId, client);
    const row = token.length <= 128 ? await repo.requestByToken(this.db, client.id, token) : undefined;
    if (!row) throw notFound('token', token.slice(0, 128));
    return [{ service_request_id: row.reportId, token }];
  }

  // ---------------------------------------------------------------- helpers

  private async authenticate(apiKey: string | undefined): Promise<repo.Open311Client> {
    if (!apiKey || apiKey.length > 200) throw badKey();
    const client = await repo.clientByKeyHash(this.db, hashApiKey(apiKey));
    if (!client) throw badKey();
    return client;
  }

  /** jurisdiction_id is a street's id; optional, since the key names the street. */
  private async checkJurisdiction(jurisdictionId: string | undefined, client: repo.Open311Client | null) {
    if (!jurisdictionId) return;
    const ok = /^[1-9]\d{0,15}$/.test(jurisdictionId);
    const street = ok ? await repo.findUnit(this.db, Number(jurisdictionId)) : undefined;
    if (street?.kind !== 'street' || (client && client.streetId !== street.id)) {
      throw notFound('jurisdiction_id', jurisdictionId.slice(0, 50));
    }
  }

  private async serviceByCode(code: string): Promise<ReportCategoryView> {
    const { items } = await this.categories.list();
    const c = leaves(items).find((i) => i.code === code);
    if (!c) throw notFound('service_code', code.slice(0, 100));
    return c;
  }

  /** The building the request is about: address_id, else address_string; lat/long alone cannot name a building. */
  private async locate(client: repo.Open311Client, input: Submission): Promise<{ id: number }> {
    if (input.addressId !== null) {
      const b = await repo.findUnit(this.db, input.addressId);
      if (b?.kind !== 'building' || b.streetId !== client.streetId) {
        throw invalid(
          'address_id',
          `找不到楼栋 ${input.addressId}`,
          `no building ${input.addressId} in this jurisdiction`,
        );
      }
      return b;
    }
    if (input.addressString) {
      const { match, ambiguous } = matchAddress(
        input.addressString,
        await repo.buildingsOfStreet(this.db, client.streetId),
      );
      if (match) return match;
      if (ambiguous.length) {
        const names = ambiguous
          .slice(0, 5)
          .map((b) => `${b.name}(address_id=${b.id})`)
          .join(', ');
        throw invalid(
          'address_string',
          `对应多栋楼：${names}，请改用 address_id`,
          `matches several buildings: ${names}; send address_id`,
        );
      }
      throw invalid('address_string', '找不到该地址对应的楼栋', 'no building found at this address');
    }
    if (input.lat !== null) {
      throw invalid(
        'lat/long',
        '仅凭经纬度无法确定楼栋，请同时提供 address_string 或 address_id',
        'a building cannot be found from lat/long alone; send address_string or address_id too',
      );
    }
    throw missing('location (lat & long, address_string or address_id)');
  }

  private async present(client: repo.Open311Client, found: PublicReport[], lang: Lang) {
    const mine = found.filter((r) => r.streetId === client.streetId);
    const extra = await repo.requestsOf(
      this.db,
      mine.map((r) => r.id),
    );
    const places = await repo.addressesOf(this.db, [...new Set(mine.map((r) => r.buildingId))]);
    return mine.map((r) => {
      const o = extra.get(r.id);
      const place = places.get(r.buildingId);
      const closed = !OPEN.includes(r.status);
      return {
        service_request_id: r.id,
        status: closed ? 'closed' : 'open',
        status_notes: r.lastNote ?? statusNote(r.status, lang),
        service_name: r.categoryName,
        service_code: r.categoryCode,
        description: r.description,
        agency_responsible: r.handlerName,
        service_notice: null,
        requested_datetime: w3(r.createdAt),
        updated_datetime: w3(r.updatedAt),
        expected_datetime: r.dueAt ? w3(r.dueAt) : null,
        address: [r.location, place?.name, place?.address].filter(Boolean).join(', ') || null,
        address_id: r.buildingId,
        zipcode: null,
        lat: o?.lat ?? null,
        long: o?.long ?? null,
        media_url: o?.mediaUrl ?? null,
      };
    });
  }
}

// ---------------------------------------------------------------- pure parts

function leaves(items: ReportCategoryView[]): ReportCategoryView[] {
  const parents = new Set(items.map((c) => c.parentId).filter((id) => id !== null));
  return items.filter((c) => !parents.has(c.id));
}

interface Submission {
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
function text(f: Fields, name: string, max: number, multiline = false): string | null {
  const raw = f.get(name);
  if (raw === undefined) return null;
  const v = raw.trim();
  if (!v) return null;
  if (v.length > max) throw invalid(name, `超过 ${max} 个字符`, `longer than ${max} characters`);
  if (CONTROL.test(multiline ? v : v.replace(/[\r\n\t]/g, '\u0000'))) {
    throw invalid(name, '含有不允许的控制字符', 'contains control characters');
  }
  return v;
}

function readSubmission(f: Fields): Submission {
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
function checkAttributes(sent: Map<string, string[]>, lang: Lang): Record<string, string[]> {
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

function csv(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function idList(v: string): number[] {
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
  const t = new Date(iso).getTime() + 8 * 3_600_000;
  return `${new Date(t).toISOString().slice(0, 19)}+08:00`;
}

function statusNote(status: string, lang: Lang): string | null {
  const notes: Record<string, [string, string]> = {
    merged: ['重复诉求，已合并办理。', 'Duplicate request.'],
    rejected: ['未予受理。', 'Not taken.'],
    resolved: ['已办结。', 'Resolved.'],
    closed: ['已关闭。', 'Closed.'],
  };
  const n = notes[status];
  return n ? (lang === 'en' ? n[1] : n[0]) : null;
}
