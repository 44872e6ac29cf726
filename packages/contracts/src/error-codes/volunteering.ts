import type { ErrorEntry } from '../errors';

/** Volunteers, teams, activities, partners and their projects: their error codes, part of `ERRORS`. */
export const VOLUNTEERING_ERRORS = {
  ACTIVITY_CAPACITY_BELOW_SIGNUPS: {
    status: 409,
    zh: '名额不能少于已报名人数',
    en: 'The capacity cannot be below the number already signed up',
  },
  ACTIVITY_CANCELLED: { status: 409, zh: '该活动已取消', en: 'This activity is cancelled' },
  VOLUNTEER_EXISTS: { status: 409, zh: '您已登记为志愿者', en: 'You are already registered as a volunteer' },
  NOT_A_VOLUNTEER: { status: 422, zh: '请先登记为志愿者', en: 'Register as a volunteer first' },
  VOLUNTEER_COMMUNITY_INVALID: { status: 422, zh: '请选择一个社区', en: 'Choose a community' },
  TEAM_UNIT_KIND: { status: 422, zh: '志愿队伍须属于社区或街道', en: 'A team belongs to a community or a street' },
  TEAM_MEMBER_INVALID: {
    status: 422,
    zh: '该志愿者不在本社区（街道）登记',
    en: 'This volunteer is not registered under this unit',
  },
  TEAM_MEMBER_EXISTS: { status: 409, zh: '该志愿者已在队伍中', en: 'This volunteer is already in the team' },
  ACTIVITY_TIME_INVALID: { status: 422, zh: '活动结束时间须晚于开始时间', en: 'An activity ends after it starts' },
  ACTIVITY_TOO_LONG: { status: 422, zh: '一次活动最长 24 小时', en: 'An activity lasts 24 hours at most' },
  ACTIVITY_ORGANISER_INVALID: {
    status: 422,
    zh: '发布单位、队伍或共建单位不匹配',
    en: 'The publishing unit, team or partner does not match',
  },
  ACTIVITY_ROLE_INVALID: { status: 422, zh: '该活动没有这个岗位', en: 'The activity has no such role' },
  ACTIVITY_CLOSED: {
    status: 409,
    zh: '活动已开始或已取消，不能报名',
    en: 'The activity has started or was cancelled; sign-up is closed',
  },
  ALREADY_SIGNED_UP: { status: 409, zh: '您已报名该活动', en: 'You have already signed up' },
  NOT_SIGNED_UP: {
    status: 422,
    zh: '您未报名该活动（或仍在候补）',
    en: 'You are not signed up for this activity (or still on the waiting list)',
  },
  CHECKIN_OUTSIDE_TIME: {
    status: 422,
    zh: '不在签到时间内（活动开始前 30 分钟至结束）',
    en: 'Outside check-in time (30 minutes before the start until the end)',
  },
  ALREADY_CHECKED_IN: { status: 409, zh: '已签到，无需重复签到', en: 'Already checked in' },
  NOT_CHECKED_IN: { status: 422, zh: '尚未签到', en: 'Not checked in' },
  ALREADY_CHECKED_OUT: { status: 409, zh: '已签退', en: 'Already checked out' },
  HOURS_ABOVE_LENGTH: {
    status: 422,
    zh: '服务时长不能超过活动时长',
    en: 'Hours cannot exceed the length of the activity',
  },
  HOURS_ALREADY_CONFIRMED: { status: 409, zh: '服务时长已确认', en: 'The hours were already confirmed' },
  AGREEMENT_PARTNER_INVALID: {
    status: 422,
    zh: '共建单位或服务范围不在本街道',
    en: 'The partner or the area served is not in this street',
  },
  AGREEMENT_PERIOD_INVALID: {
    status: 422,
    zh: '协议结束日期不能早于开始日期',
    en: 'An agreement cannot end before it starts',
  },
  PROJECT_UNIT_KIND: {
    status: 422,
    zh: '民生实事须由街道或社区发布',
    en: 'A street or a community publishes projects',
  },
  PROJECT_OUTSIDE_AGREEMENT: {
    status: 422,
    zh: '该项目不在贵单位服务协议的范围（内容、区域或期限）内',
    en: "The project is outside your agreement's scope (what, where or when)",
  },
  PROJECT_ALREADY_CLAIMED: { status: 409, zh: '该项目已被认领', en: 'The project has already been claimed' },
  PROJECT_STATE: { status: 409, zh: '项目当前状态不允许此操作', en: 'Not possible in the project’s current state' },
  FEEDBACK_EXISTS: { status: 409, zh: '您已评价过该项目', en: 'You have already given feedback' },
  PAIR_INVALID: {
    status: 422,
    zh: '结对须为两个不同的社区',
    en: 'A pairing is between two different communities',
  },
  PAIR_EXISTS: { status: 409, zh: '这两个社区已结对', en: 'These communities are already paired' },
} as const satisfies Record<string, ErrorEntry>;
