import {
  ActivityExportQuery,
  ActivityList,
  ActivityListQuery,
  ActivityView,
  AddTeamMemberRequest,
  CancelActivityRequest,
  CheckinQr,
  CheckinQuery,
  CheckinRequest,
  ConfirmHoursRequest,
  CreateActivityRequest,
  CreateTeamRequest,
  IdParams,
  MarkAttendanceRequest,
  MyVolunteering,
  RegisterVolunteerRequest,
  ServedRequest,
  SignUpRequest,
  SignupExportQuery,
  SignupListQuery,
  SignupPage,
  SignupView,
  TeamList,
  TeamView,
  UpdateActivityRequest,
  VolunteerCommunities,
  VolunteerFigures,
  VolunteerFiguresQuery,
  VolunteerList,
  VolunteerView,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/http';
import { sendListSheet } from '../../platform/xlsx-export';
import type { ActivitiesService } from './activities.service';
import type { ActivityAttendanceService } from './activity-attendance.service';
import type { ActivitySignupsService } from './activity-signups.service';
import { ACTIVITIES_SHEET, SIGNUPS_SHEET } from './volunteering-excel';
import type { VolunteersService } from './volunteers.service';

const CancelResult = z.object({ cancelled: z.boolean(), promotedSignupId: z.number().nullable() });

/** Volunteering: volunteers, teams, activities with sign-up, QR check-in, attendance, hours and figures. */
export function volunteeringRoutes(
  app: FastifyInstance,
  volunteers: VolunteersService,
  activities: ActivitiesService,
  signups: ActivitySignupsService,
  attendance: ActivityAttendanceService,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['volunteering'];

  r.get(
    '/api/v1/volunteers/me',
    { schema: { tags, summary: '我的志愿服务 / My volunteering', response: { 200: MyVolunteering } } },
    async (req) => attendance.mine(contextOf(req)),
  );
  r.get(
    '/api/v1/volunteers/communities',
    { schema: { tags, summary: '可登记的社区 / Communities to register at', response: { 200: VolunteerCommunities } } },
    async (req) => volunteers.communities(contextOf(req)),
  );
  r.post(
    '/api/v1/volunteers',
    {
      schema: {
        tags,
        summary: '登记志愿者（党员双报到）/ Register as a volunteer',
        body: RegisterVolunteerRequest,
        response: { 201: VolunteerView },
      },
    },
    async (req, reply) => reply.status(201).send(await volunteers.register(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/volunteers',
    { schema: { tags, summary: '志愿者名册 / Volunteers', response: { 200: VolunteerList } } },
    async (req) => volunteers.list(contextOf(req)),
  );
  r.get(
    '/api/v1/volunteer-figures',
    {
      schema: {
        tags,
        summary: '志愿服务统计 / Volunteering figures',
        querystring: VolunteerFiguresQuery,
        response: { 200: VolunteerFigures },
      },
    },
    async (req) => volunteers.figures(contextOf(req), req.query.orgUnitId),
  );

  r.get(
    '/api/v1/volunteer-teams',
    { schema: { tags, summary: '志愿队伍 / Teams', response: { 200: TeamList } } },
    async (req) => volunteers.teams(contextOf(req)),
  );
  r.post(
    '/api/v1/volunteer-teams',
    { schema: { tags, summary: '组建队伍 / Create a team', body: CreateTeamRequest, response: { 201: TeamView } } },
    async (req, reply) => reply.status(201).send(await volunteers.createTeam(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/volunteer-teams/:id',
    { schema: { tags, summary: '队伍详情 / A team', params: IdParams, response: { 200: TeamView } } },
    async (req) => volunteers.team(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/volunteer-teams/:id/members',
    {
      schema: {
        tags,
        summary: '加入队员 / Add a member',
        params: IdParams,
        body: AddTeamMemberRequest,
        response: { 200: TeamView },
      },
    },
    async (req) => volunteers.addMember(contextOf(req), req.params.id, req.body.volunteerId),
  );

  r.get(
    '/api/v1/activities',
    {
      schema: {
        tags,
        summary: '志愿活动 / Activities',
        description: 'Search, status, period and unit filters, sorts with keyset pages, counted on the first page.',
        querystring: ActivityListQuery,
        response: { 200: ActivityList },
      },
    },
    async (req) => activities.list(contextOf(req), req.query),
  );
  r.get(
    '/api/v1/activities/export',
    {
      schema: {
        tags,
        summary: '导出志愿活动（按当前筛选）/ Export the filtered activities (.xlsx)',
        description:
          'The list’s filters and sort; streamed row by row; audited; 422 EXPORT_TOO_LARGE over 10,000 rows.',
        querystring: ActivityExportQuery,
      },
    },
    async (req, reply) => {
      // Refusals (scope, too many rows) come before the first byte; the audit entry too.
      const { rows } = await activities.exportActivities(contextOf(req), req.query);
      return sendListSheet(req, reply, ACTIVITIES_SHEET, rows);
    },
  );
  r.post(
    '/api/v1/activities',
    {
      schema: {
        tags,
        summary: '发布活动 / Publish an activity',
        body: CreateActivityRequest,
        response: { 201: ActivityView },
      },
    },
    async (req, reply) => reply.status(201).send(await activities.create(contextOf(req), req.body)),
  );
  r.get(
    '/api/v1/activities/:id',
    { schema: { tags, summary: '活动详情 / An activity', params: IdParams, response: { 200: ActivityView } } },
    async (req) => activities.get(contextOf(req), req.params.id),
  );
  r.patch(
    '/api/v1/activities/:id',
    {
      schema: {
        tags,
        summary: '修改活动（开始前；名额不少于已报名）/ Change an activity before it starts',
        params: IdParams,
        body: UpdateActivityRequest,
        response: { 200: ActivityView },
      },
    },
    async (req) => activities.update(contextOf(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/activities/:id/cancel',
    {
      schema: {
        tags,
        summary: '取消活动并通知已报名者 / Cancel an activity and tell those signed up',
        params: IdParams,
        body: CancelActivityRequest,
        response: { 200: ActivityView },
      },
    },
    async (req) => activities.cancelActivity(contextOf(req), req.params.id, req.body.reason),
  );
  r.post(
    '/api/v1/activities/:id/signup',
    {
      schema: {
        tags,
        summary: '报名（满员候补）/ Sign up (waiting list when full)',
        params: IdParams,
        body: SignUpRequest,
        response: { 201: SignupView },
      },
    },
    async (req, reply) => reply.status(201).send(await signups.signUp(contextOf(req), req.params.id, req.body.role)),
  );
  r.post(
    '/api/v1/activities/:id/cancel-signup',
    {
      schema: {
        tags,
        summary: '取消报名（候补递补）/ Cancel my sign-up',
        params: IdParams,
        response: { 200: CancelResult },
      },
    },
    async (req) => signups.cancel(contextOf(req), req.params.id),
  );
  r.get(
    '/api/v1/activities/:id/signups',
    {
      schema: {
        tags,
        summary: '报名与签到 / Sign-ups and attendance',
        description:
          'For the organisers: search (a mobile number or a name), status and attendance filters, sorts with keyset pages, counted; phones masked.',
        params: IdParams,
        querystring: SignupListQuery,
        response: { 200: SignupPage },
      },
    },
    async (req) => signups.signups(contextOf(req), req.params.id, req.query),
  );
  r.get(
    '/api/v1/activities/:id/signups/export',
    {
      schema: {
        tags,
        summary: '导出报名与签到（按当前筛选，电话打码）/ Export the filtered sign-ups (.xlsx, masked)',
        description: 'The list’s filters and sort; streamed row by row; audited before the first byte.',
        params: IdParams,
        querystring: SignupExportQuery,
      },
    },
    async (req, reply) => {
      const { rows } = await signups.exportSignups(contextOf(req), req.params.id, req.query);
      return sendListSheet(req, reply, SIGNUPS_SHEET, rows);
    },
  );
  r.get(
    '/api/v1/activities/:id/checkin-qr',
    { schema: { tags, summary: '签到二维码 / Check-in QR link', params: IdParams, response: { 200: CheckinQr } } },
    async (req) => activities.checkinQr(contextOf(req), req.params.id),
  );
  r.post(
    '/api/v1/activities/:id/served',
    {
      schema: {
        tags,
        summary: '登记服务人次 / Record people served',
        params: IdParams,
        body: ServedRequest,
        response: { 200: ActivityView },
      },
    },
    async (req) => activities.recordServed(contextOf(req), req.params.id, req.body.servedCount),
  );
  r.get(
    '/api/v1/activity-checkin',
    {
      schema: {
        tags,
        summary: '扫码签到页 / The activity a QR code names',
        querystring: CheckinQuery,
        response: { 200: ActivityView },
      },
    },
    async (req) => attendance.byToken(contextOf(req), req.query.token),
  );
  r.post(
    '/api/v1/activity-checkin',
    {
      schema: {
        tags,
        summary: '扫码签到 / 签退 / Check in or out by QR',
        body: CheckinRequest,
        response: { 200: SignupView },
      },
    },
    async (req) => attendance.checkin(contextOf(req), req.body.token, req.body.action),
  );
  r.post(
    '/api/v1/activity-signups/:id/attendance',
    {
      schema: {
        tags,
        summary: '组织者登记到场 / Mark attendance',
        params: IdParams,
        body: MarkAttendanceRequest,
        response: { 200: SignupView },
      },
    },
    async (req) => attendance.markAttendance(contextOf(req), req.params.id, req.body.checkedOut),
  );
  r.post(
    '/api/v1/activity-signups/:id/confirm-hours',
    {
      schema: {
        tags,
        summary: '确认服务时长 / Confirm hours',
        params: IdParams,
        body: ConfirmHoursRequest,
        response: { 200: SignupView },
      },
    },
    async (req) => attendance.confirmHours(contextOf(req), req.params.id, req.body.hours),
  );
}
