import {
  CaptainRecordView,
  CaptainSettingsQuery,
  CaptainSettingsView,
  CaptainUserParams,
  ChangeCaptainStatusRequest,
  UpdateCaptainProfileRequest,
  UpdateCaptainSettingsRequest,
} from '@louzhang/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/http';
import type { CaptainRecordsService } from './captain-records.service';

/** A captain's record (profile, duties, status, history) and the street's captain settings. */
export function captainRecordsRoutes(app: FastifyInstance, records: CaptainRecordsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['captains'];

  r.get(
    '/api/v1/captains/me',
    {
      schema: { tags, summary: '我的楼长档案 / My captain record', response: { 200: CaptainRecordView } },
    },
    async (req) => records.mine(contextOf(req)),
  );

  r.get(
    '/api/v1/captains/:userId',
    {
      schema: {
        tags,
        summary: '楼长档案 / A captain’s record with history',
        params: CaptainUserParams,
        response: { 200: CaptainRecordView },
      },
    },
    async (req) => records.get(contextOf(req), req.params.userId),
  );

  r.post(
    '/api/v1/captains/:userId/profile',
    {
      schema: {
        tags,
        summary: '修改楼长档案（标签、单位、五大员职责）/ Edit a captain’s profile',
        params: CaptainUserParams,
        body: UpdateCaptainProfileRequest,
        response: { 200: CaptainRecordView },
      },
    },
    async (req) => records.updateProfile(contextOf(req), req.params.userId, req.body),
  );

  r.post(
    '/api/v1/captains/:userId/status',
    {
      schema: {
        tags,
        summary: '暂停、恢复或退出 / Suspend, reinstate or exit a captain',
        params: CaptainUserParams,
        body: ChangeCaptainStatusRequest,
        response: { 200: CaptainRecordView },
      },
    },
    async (req) => records.changeStatus(contextOf(req), req.params.userId, req.body),
  );

  r.get(
    '/api/v1/captain-settings',
    {
      schema: {
        tags,
        summary: '楼长设置（评选比例、退出后积分保留天数）/ Captain settings of a street',
        querystring: CaptainSettingsQuery,
        response: { 200: CaptainSettingsView },
      },
    },
    async (req) => records.settings(contextOf(req), req.query.streetId),
  );

  r.put(
    '/api/v1/captain-settings',
    {
      schema: {
        tags,
        summary: '修改楼长设置 / Set a street’s captain settings',
        body: UpdateCaptainSettingsRequest,
        response: { 200: CaptainSettingsView },
      },
    },
    async (req) => records.updateSettings(contextOf(req), req.body),
  );
}
