import type { ErrorEntry } from '../errors';

/** Care visits, notices and campaigns: their error codes, part of `ERRORS`. */
export const CARE_ERRORS = {
  CARE_NOT_ASSIGNED: {
    status: 403,
    zh: '该居民不在您的走访分工内',
    en: 'This resident is not assigned to you for visits',
  },
  CARE_NOT_CARED_FOR: {
    status: 409,
    zh: '该居民没有需要走访的关爱标签',
    en: 'This resident has no care tag with a visit cycle',
  },
  CARE_VISITOR_INVALID: {
    status: 422,
    zh: '走访人须为该楼楼长或所在网格网格员',
    en: "The visitor must be the building's captain or the grid's grid worker",
  },
  CARE_VISIT_REPORTED: { status: 409, zh: '该走访需求已转为诉求', en: 'This visit need has already become a report' },
  CARE_VISIT_IN_FUTURE: { status: 422, zh: '走访时间不能晚于现在', en: 'The visit time cannot be in the future' },
  CARE_NO_NEED: { status: 422, zh: '请先填写走访发现的需求', en: 'Describe the need found on the visit first' },
  NOTICE_SCOPE_ABOVE: {
    status: 403,
    zh: '不能向高于本人管辖范围的单位发布通知',
    en: 'You cannot send a notice to a scope above your own',
  },
  NOTICE_SCOPE_KIND: {
    status: 422,
    zh: '通知范围须为街道、社区、网格、小区或楼栋',
    en: 'A notice goes to a street, community, grid, estate or building',
  },
  NOTICE_NOT_IN_SCOPE: { status: 403, zh: '该通知不在您的楼栋范围内', en: 'This notice does not reach your building' },
  CAMPAIGN_PERIOD_INVALID: {
    status: 422,
    zh: '整治结束日期不能早于开始日期',
    en: 'A campaign cannot end before it starts',
  },
  CAMPAIGN_SCOPE_KIND: {
    status: 422,
    zh: '专项整治范围须为街道、社区或网格',
    en: 'A campaign covers a street, a community or a grid',
  },
  CAMPAIGN_DEPARTMENT_INVALID: {
    status: 422,
    zh: '牵头或参与部门须为服务本辖区的职能部门',
    en: 'Lead and member departments must be departments serving this jurisdiction',
  },
  CAMPAIGN_NOT_RUNNING: {
    status: 409,
    zh: '该专项整治不在进行期内',
    en: 'This campaign is not running today',
  },
  CAMPAIGN_TYPE_NOT_COVERED: {
    status: 422,
    zh: '该问题类型不在本次整治范围内',
    en: 'This campaign does not tackle this problem type',
  },
  CAMPAIGN_PLACE_INVALID: {
    status: 422,
    zh: '点位须为整治范围内的楼栋或场所',
    en: "A site is at a building or place within the campaign's scope",
  },
  SITE_AFTER_PHOTO_REQUIRED: {
    status: 422,
    zh: '请上传整治后的照片',
    en: 'Add a photo taken after clearing',
  },
  SITE_STATE: {
    status: 409,
    zh: '该点位当前状态不能进行此操作',
    en: 'The site is not in a state that allows this',
  },
  SITE_NOT_ASSIGNEE: {
    status: 403,
    zh: '该点位未交办给您或您的部门（部门须先报到）',
    en: 'This site is not assigned to you or your department (a department accepts it first)',
  },
  SITE_ASSIGNEE_INVALID: {
    status: 422,
    zh: '交办对象须为本次整治的部门，或该点位所在网格、社区的工作人员及楼长',
    en: 'Assign a site to a department of the campaign, or to staff or a captain over the site',
  },
} as const satisfies Record<string, ErrorEntry>;
