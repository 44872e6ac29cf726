import {
  AssignSiteRequest,
  CampaignList,
  CampaignPlaces,
  CampaignPlacesQuery,
  CampaignProgress,
  CampaignView,
  ClearSiteRequest,
  CreateCampaignRequest,
  IdParams,
  LogSiteRequest,
  NotClearableRequest,
  SiteAssignees,
  SiteList,
  SiteListQuery,
  SiteView,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { CampaignSitesService } from './campaign-sites.service';
import type { CampaignsService } from './campaigns.service';

const disposition = (kind: 'inline' | 'attachment', filename: string) =>
  `${kind}; filename*=UTF-8''${encodeURIComponent(filename)}`;

/** Campaigns (专项整治): campaigns, their progress and exports, problem sites and their assignment and clearing. */
export function campaignsRoutes(app: FastifyInstance, campaigns: CampaignsService, sites: CampaignSitesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['campaigns'];

  r.post(
    '/api/v1/campaigns',
    {
      schema: {
        tags,
        summary: '发起专项整治 / Open a campaign',
        body: CreateCampaignRequest,
        response: { 201: CampaignView },
      },
    },
    async (req, reply) => reply.status(201).send(await campaigns.create(contextOf(req), req.body)),
  );

  r.get(
    '/api/v1/campaigns',
    { schema: { tags, summary: '专项整治 / Campaigns', response: { 200: CampaignList } } },
    async (req) => campaigns.list(contextOf(req)),
  );

  r.get(
    '/api/v1/campaigns/:id',
    { schema: { tags, summary: '整治详情 / A campaign', params: IdParams, response: { 200: CampaignView } } },
    async (req) => campaigns.get(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/campaigns/:id/progress',
    {
      schema: {
        tags,
        summary: '整治进度（按类型、点位）/ Progress by type and place',
        params: IdParams,
        response: { 200: CampaignProgress },
      },
    },
    async (req) => campaigns.progress(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/campaigns/:id/sites.xlsx',
    { schema: { tags, summary: '导出点位 / Sites as Excel', params: IdParams } },
    async (req, reply) => {
      const { file, filename } = await sites.exportSites(contextOf(req), req.params.id);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', disposition('attachment', filename))
        .send(file);
    },
  );

  r.get(
    '/api/v1/campaigns/:id/summary.pdf',
    { schema: { tags, summary: '整治简报 / One-page summary (PDF)', params: IdParams } },
    async (req, reply) => {
      const { pdf, filename } = await sites.summaryPdf(contextOf(req), req.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', disposition('inline', filename))
        .send(pdf);
    },
  );

  r.get(
    '/api/v1/campaigns/:id/places',
    {
      schema: {
        tags,
        summary: '可上报的楼栋与场所 / Buildings and places to log a site at',
        params: IdParams,
        querystring: CampaignPlacesQuery,
        response: { 200: CampaignPlaces },
      },
    },
    async (req) => sites.places(contextOf(req), req.params.id, req.query.q),
  );

  r.get(
    '/api/v1/campaigns/:id/sites',
    {
      schema: {
        tags,
        summary: '整治点位 / Sites of a campaign',
        params: IdParams,
        querystring: SiteListQuery,
        response: { 200: SiteList },
      },
    },
    async (req) => sites.sites(contextOf(req), req.params.id, req.query),
  );

  r.post(
    '/api/v1/campaigns/:id/sites',
    {
      schema: {
        tags,
        summary: '上报问题点位 / Log a site',
        params: IdParams,
        body: LogSiteRequest,
        response: { 201: SiteView },
      },
    },
    async (req, reply) => reply.status(201).send(await sites.logSite(contextOf(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/campaign-sites/mine',
    { schema: { tags, summary: '交办给我的点位 / Sites assigned to me', response: { 200: SiteList } } },
    async (req) => sites.mine(contextOf(req)),
  );

  r.get(
    '/api/v1/campaign-sites/:id',
    { schema: { tags, summary: '点位详情 / A site', params: IdParams, response: { 200: SiteView } } },
    async (req) => sites.site(contextOf(req), req.params.id),
  );

  r.get(
    '/api/v1/campaign-sites/:id/assignees',
    {
      schema: {
        tags,
        summary: '可交办对象 / Who a site can be assigned to',
        params: IdParams,
        response: { 200: SiteAssignees },
      },
    },
    async (req) => sites.assignees(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/campaign-sites/:id/assign',
    {
      schema: {
        tags,
        summary: '交办点位 / Assign a site',
        params: IdParams,
        body: AssignSiteRequest,
        response: { 200: SiteView },
      },
    },
    async (req) => sites.assign(contextOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/campaign-sites/:id/accept',
    {
      schema: { tags, summary: '部门报到 / Accept a site', params: IdParams, response: { 200: SiteView } },
    },
    async (req) => sites.accept(contextOf(req), req.params.id),
  );

  r.post(
    '/api/v1/campaign-sites/:id/clear',
    {
      schema: {
        tags,
        summary: '清理完成（附整治后照片）/ Clear a site with an after photo',
        params: IdParams,
        body: ClearSiteRequest,
        response: { 200: SiteView },
      },
    },
    async (req) => sites.clear(contextOf(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/campaign-sites/:id/not-clearable',
    {
      schema: {
        tags,
        summary: '无法清理 / Mark a site not clearable',
        params: IdParams,
        body: NotClearableRequest,
        response: { 200: SiteView },
      },
    },
    async (req) => sites.notClearable(contextOf(req), req.params.id, req.body.reason),
  );
}
