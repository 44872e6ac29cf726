import type { z } from 'zod';
import type { Role } from './enums';
import type { APPLICATION_STATUSES } from './schemas/captain-life';
import type { ChoreCategory, ChoreTaskStatus } from './schemas/chores';
import type { REPORT_EVENT_TYPES, ReportLevel, ReportStatus } from './schemas/reports';

/**
 * The one vocabulary of the product: what each status, level and event is called, the same on the
 * phone and in the console (docs/glossary.md lists them). Both apps' message files take these tables,
 * so a report that is `resolved` reads 已办结 everywhere; a word missing for a value fails the type check.
 */
export type Words<K extends string> = Readonly<Record<K, { readonly 'zh-CN': string; readonly en: string }>>;

export const REPORT_STATUS_WORDS: Words<ReportStatus> = {
  submitted: { 'zh-CN': '待受理', en: 'Awaiting acceptance' },
  accepted: { 'zh-CN': '已受理', en: 'Accepted' },
  in_progress: { 'zh-CN': '办理中', en: 'In progress' },
  resolved: { 'zh-CN': '已办结', en: 'Resolved' },
  closed: { 'zh-CN': '已结案', en: 'Closed' },
  reopened: { 'zh-CN': '重新办理', en: 'Reopened' },
  rejected: { 'zh-CN': '不予受理', en: 'Not accepted' },
  merged: { 'zh-CN': '已合并', en: 'Merged' },
};

/** Who a report is with, by level. */
export const REPORT_LEVEL_WORDS: Words<ReportLevel> = {
  building: { 'zh-CN': '楼长', en: 'Captain' },
  grid: { 'zh-CN': '网格', en: 'Grid' },
  community: { 'zh-CN': '社区', en: 'Community' },
  street: { 'zh-CN': '街道', en: 'Street' },
  department: { 'zh-CN': '职能部门', en: 'Department' },
};

export const REPORT_EVENT_WORDS: Words<(typeof REPORT_EVENT_TYPES)[number]> = {
  submitted: { 'zh-CN': '提交诉求', en: 'Reported' },
  accepted: { 'zh-CN': '受理', en: 'Accepted' },
  answered: { 'zh-CN': '回复进展', en: 'Progress update' },
  resolved: { 'zh-CN': '办结答复', en: 'Resolved' },
  escalated: { 'zh-CN': '上报上一级', en: 'Passed up' },
  auto_escalated: { 'zh-CN': '超时自动上报', en: 'Passed up when overdue' },
  overdue: { 'zh-CN': '超时', en: 'Overdue' },
  rejected: { 'zh-CN': '不予受理', en: 'Not accepted' },
  rated: { 'zh-CN': '评价', en: 'Rated' },
  closed: { 'zh-CN': '结案', en: 'Closed' },
  auto_closed: { 'zh-CN': '自动结案', en: 'Closed automatically' },
  reopened: { 'zh-CN': '没解决，重新办理', en: 'Not solved, reopened' },
  joined: { 'zh-CN': '有人也遇到了', en: 'Someone has it too' },
  merged: { 'zh-CN': '合并重复诉求', en: 'Duplicate merged in' },
  merged_into: { 'zh-CN': '并入其他诉求', en: 'Merged into another report' },
  returned: { 'zh-CN': '转回街道，重新分派', en: 'Back with the street to reassign' },
};

export const CHORE_TASK_STATUS_WORDS: Words<z.infer<typeof ChoreTaskStatus>> = {
  open: { 'zh-CN': '待认领', en: 'Open' },
  claimed: { 'zh-CN': '已认领，待提交', en: 'Claimed, to submit' },
  submitted: { 'zh-CN': '已提交，待审核', en: 'Submitted, awaiting review' },
  rejected: { 'zh-CN': '被退回，请重新提交', en: 'Sent back, submit again' },
  approved: { 'zh-CN': '已通过', en: 'Approved' },
};

export const ROLE_WORDS: Words<Role> = {
  resident: { 'zh-CN': '居民', en: 'Resident' },
  captain: { 'zh-CN': '楼长', en: 'Building captain' },
  grid_worker: { 'zh-CN': '网格员', en: 'Grid worker' },
  community_staff: { 'zh-CN': '社区工作者', en: 'Community staff' },
  street_staff: { 'zh-CN': '街道工作人员', en: 'Street office staff' },
  department_staff: { 'zh-CN': '职能部门', en: 'Department staff' },
  property_window: { 'zh-CN': '物业服务窗口', en: 'Property service window' },
  partner: { 'zh-CN': '共建单位', en: 'Partner' },
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
};

export const CHORE_CATEGORY_WORDS: Words<ChoreCategory> = {
  cleaning: { 'zh-CN': '清洁', en: 'Cleaning' },
  patrol: { 'zh-CN': '巡查', en: 'Patrol' },
  notice: { 'zh-CN': '张贴通知', en: 'Posting a notice' },
  publicity: { 'zh-CN': '政策宣传', en: 'Publicity' },
  hazard: { 'zh-CN': '隐患排查', en: 'Hazard check' },
  mediation: { 'zh-CN': '矛盾调解', en: 'Mediation' },
  visit: { 'zh-CN': '入户走访', en: 'Home visit' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const APPLICATION_STATUS_WORDS: Words<(typeof APPLICATION_STATUSES)[number]> = {
  awaiting_consent: { 'zh-CN': '待本人同意', en: 'Awaiting consent' },
  applied: { 'zh-CN': '已报名', en: 'Applied' },
  vetted: { 'zh-CN': '已审查', en: 'Vetted' },
  chosen: { 'zh-CN': '已入选', en: 'Chosen' },
  registered: { 'zh-CN': '已登记', en: 'Registered' },
  rejected: { 'zh-CN': '未入选', en: 'Not chosen' },
};

/** One language's column of a table: `wordsIn(REPORT_STATUS_WORDS, 'zh-CN').resolved === '已办结'`. */
export function wordsIn<K extends string>(table: Words<K>, lang: 'zh-CN' | 'en'): Record<K, string> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, (v as Words<K>[K])[lang]])) as Record<K, string>;
}
