import type { Lang, ReportCategoryView } from '@louzhang/contracts';
import type { Clock } from '../../platform/clock';
import type { PiiCipher } from '../../platform/crypto';
import type { Db } from '../../platform/db';
import type { ReportCategoriesService } from '../reports/report-categories.service';
import type { ReportsService } from '../reports/reports.service';
import type { PublicReport, ReportsPublicService } from '../reports/reports-public.service';
import * as repo from './open311.repository';
import { matchAddress } from './open311-address';
import { badKey, invalid, missing, notFound } from './open311-errors';
import {
  attributesFor,
  checkAttributes,
  csv,
  dateRange,
  type Fields,
  idList,
  MAX_RESULTS,
  readSubmission,
  type Submission,
  text,
  w3,
} from './open311-input';
import { hashApiKey } from './open311-keys';

export const SPEC = 'http://wiki.open311.org/GeoReport_v2';
/** Bumped when the service list or definitions change shape (Service Discovery `changeset`). */
const CHANGESET = '2026-12-01 00:00';
const OPEN = ['submitted', 'accepted', 'in_progress', 'reopened'];
const CLOSED = ['resolved', 'closed', 'rejected', 'merged'];

export interface SubmitContext {
  apiKey: string | undefined;
  /** The client's submission key (Idempotency-Key header): the same key again returns the same request. */
  token: string | undefined;
  ip: string;
  lang: Lang;
}

/**
 * Open311 GeoReport v2 (docs/rules.md#reports, wiki.open311.org/GeoReport_v2) over the reports module: leaf
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
