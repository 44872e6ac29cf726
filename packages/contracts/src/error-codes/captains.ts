import type { ErrorEntry } from '../errors';

/** Captains: recruitment drives, applications, status, training and honours: their error codes, part of `ERRORS`. */
export const CAPTAIN_ERRORS = {
  CAPTAIN_EXITED_NEEDS_APPLICATION: {
    status: 409,
    zh: '该楼长已退出，须通过新的招募报名重新登记',
    en: 'This captain has exited; register them again only through a new application',
  },
  CAPTAIN_SUSPENDED: {
    status: 409,
    zh: '该楼长已暂停履职，请先恢复',
    en: 'This captain is suspended; reinstate them first',
  },
  CAPTAIN_NOT_REGISTERED: { status: 404, zh: '该用户不是楼长', en: 'This person is not a captain' },
  CAPTAIN_STATUS_UNCHANGED: { status: 409, zh: '楼长状态未变化', en: 'The captain already has this status' },
  CAPTAIN_EXITED: {
    status: 409,
    zh: '已退出的楼长不能恢复，须重新报名',
    en: 'An exited captain comes back only through a new application',
  },
  DRIVE_CLOSED: { status: 409, zh: '招募已截止', en: 'This recruitment drive has closed' },
  DRIVE_BUILDING_INVALID: {
    status: 422,
    zh: '招募楼栋须为发布单位辖区内的楼栋',
    en: 'The buildings wanted must be buildings under the drive’s unit',
  },
  DRIVE_UNIT_KIND: { status: 422, zh: '招募须由街道或社区发布', en: 'A drive is published by a street or a community' },
  APPLICATION_EXISTS: { status: 409, zh: '该手机号已报名本次招募', en: 'This phone has already applied to this drive' },
  APPLICATION_STATE: {
    status: 409,
    zh: '报名当前状态不允许此操作',
    en: 'The application is not in a state that allows this',
  },
  APPLICATION_NOT_NOMINEE: {
    status: 403,
    zh: '只有被推选人本人可以确认推选',
    en: 'Only the nominee may consent to a nomination',
  },
  DRIVE_PLACES_EXCEEDED: {
    status: 409,
    zh: '入选人数超过招募名额',
    en: 'Choosing these would exceed the drive’s places',
  },
  HONOUR_PERIOD_NOT_ENDED: { status: 409, zh: '评选周期尚未结束', en: 'The period has not ended yet' },
  HONOUR_ROUND_EXISTS: {
    status: 409,
    zh: '该周期的评选已审核或发布，不能重新生成',
    en: 'This period’s honours are already reviewed or published',
  },
  HONOUR_ALREADY_PUBLISHED: { status: 409, zh: '该评选已发布', en: 'These honours are already published' },
  HONOUR_NOT_REVIEWED: { status: 409, zh: '评选须先审核再发布', en: 'Honours are reviewed before they are published' },
  HONOUR_QUOTA_INVALID: {
    status: 422,
    zh: '评选比例须在 1% 至 100% 之间',
    en: 'An honours quota is between 1 % and 100 %',
  },
  HONOUR_PERIOD_KIND: {
    status: 422,
    zh: '星级楼长按季度评选（如 2026-Q3），最美楼长按年度评选（如 2026）',
    en: 'Star captains are per quarter (2026-Q3), most beautiful captains per year (2026)',
  },
  SESSION_UNIT_KIND: {
    status: 422,
    zh: '培训和座谈会须由街道或社区举办',
    en: 'A street or a community holds trainings and meetings',
  },
  NOT_A_CAPTAIN_HERE: {
    status: 422,
    zh: '所选人员不是本辖区在岗楼长',
    en: 'Everyone named must be an active captain under this unit',
  },
  MENTEE_HAS_MENTOR: { status: 409, zh: '该楼长已有带教老楼长', en: 'This captain already has a mentor' },
  MENTOR_SELF: { status: 422, zh: '老楼长和新楼长不能是同一人', en: 'A captain cannot mentor themselves' },
  HONOUR_NOT_HONOURED: { status: 404, zh: '该楼长未获此荣誉', en: 'This captain holds no such honour' },
} as const satisfies Record<string, ErrorEntry>;
