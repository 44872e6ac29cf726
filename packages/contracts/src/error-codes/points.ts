import type { ErrorEntry } from '../errors';

/** Chores, their review, points and the mall: their error codes, part of `ERRORS`. */
export const POINTS_ERRORS = {
  INSUFFICIENT_POINTS: { status: 409, zh: '积分不足', en: 'Not enough points' },
  NOT_A_CAPTAIN: { status: 403, zh: '只有楼长可以兑换积分', en: 'Only building captains can redeem points' },
  SOLD_OUT: { status: 409, zh: '商品已兑完，本次未扣积分', en: 'Sold out; no points were charged' },
  PRODUCT_UNAVAILABLE: {
    status: 404,
    zh: '商品不存在或已下架',
    en: 'This product does not exist or is no longer offered',
  },
  PER_PERSON_LIMIT: { status: 422, zh: '超过每人限兑数量', en: 'More than the per-person limit' },
  WINDOW_CLOSED: { status: 409, zh: '本月兑换时间未开始或已结束', en: 'The redemption window is not open' },
  ORDER_LIMIT_REACHED: {
    status: 409,
    zh: '本期已兑换过一次（每月兑换一次，人人有机会）',
    en: 'You already have an order in this redemption window',
  },
  ORDER_STATE: { status: 409, zh: '订单当前状态不允许此操作', en: 'The order is not in a state that allows this' },
  PICKUP_CODE_UNKNOWN: { status: 404, zh: '取货码无效', en: 'Unknown pick-up code' },
  ALREADY_DECIDED: { status: 409, zh: '该调整已处理', en: 'This adjustment has already been decided' },
  SECOND_APPROVER_REQUIRED: {
    status: 403,
    zh: '该调整须由另一位工作人员审批',
    en: 'This adjustment must be approved by another staff member',
  },
  CHORE_TASK_TAKEN: { status: 409, zh: '该任务已被认领', en: 'This chore has already been claimed' },
  CHORE_TASK_CLOSED: { status: 409, zh: '该任务已截止', en: 'This chore is past its due time' },
  CHORE_DAILY_LIMIT: {
    status: 409,
    zh: '该楼栋今日此类任务已达上限',
    en: 'This chore has reached its limit for this building today',
  },
  CHORE_NOT_SUBMITTABLE: {
    status: 409,
    zh: '该任务当前不能提交（未认领、已过期或待审核）',
    en: 'This chore cannot be submitted now (not claimed by you, expired, or awaiting review)',
  },
  CHORE_TOO_FEW_PHOTOS: { status: 422, zh: '照片数量不足', en: 'Not enough photos for this chore' },
  CHORE_BEFORE_AFTER_REQUIRED: {
    status: 422,
    zh: '此任务需要上传清洁前和清洁后的照片',
    en: 'This chore needs a before photo and an after photo',
  },
  CHORE_ALREADY_REVIEWED: { status: 409, zh: '该提交已审核', en: 'This submission has already been reviewed' },
  REVIEWER_IS_SUBMITTER: { status: 403, zh: '不能审核自己提交的任务', en: 'You cannot review your own submission' },
  CHORE_TEMPLATE_ARCHIVED: { status: 409, zh: '该任务模板已停用', en: 'This chore template is archived' },
  CHORE_SCOPE_INVALID: {
    status: 422,
    zh: '只能发布到社区、网格、小区或楼栋',
    en: 'Chores are published to a community, grid, estate or building',
  },
  TOO_MANY_BOARDS: {
    status: 400,
    zh: '一次最多打印 500 块公示牌，请按网格或小区分批打印',
    en: 'At most 500 boards per print run; print by grid or estate',
  },
} as const satisfies Record<string, ErrorEntry>;
