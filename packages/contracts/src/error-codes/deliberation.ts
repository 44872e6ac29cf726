import type { ErrorEntry } from '../errors';

/** Votes (proposals, ballots), councils and shared funds: their error codes, part of `ERRORS`. */
export const DELIBERATION_ERRORS = {
  PROPOSAL_SCOPE_KIND: {
    status: 422,
    zh: '议题须面向一个楼栋或小区',
    en: 'A proposal is put to a building or an estate',
  },
  PROPOSAL_ROLL_EMPTY: {
    status: 422,
    zh: '该范围内没有登记住户，无法表决',
    en: 'No households are registered there to vote',
  },
  PROPOSAL_AREAS_MISSING: {
    status: 422,
    zh: '按民法典表决须登记每户的专有部分面积，请先补全面积',
    en: 'A Civil Code vote needs every household’s registered floor area; fill them in first',
  },
  PROPOSAL_DEADLINE_PAST: { status: 422, zh: '截止时间须晚于现在', en: 'The deadline must be in the future' },
  PROPOSAL_CLOSED: {
    status: 409,
    zh: '表决已结束，结果已公布，不能再修改',
    en: 'The vote is closed and its result frozen',
  },
  PROPOSAL_STILL_OPEN: {
    status: 409,
    zh: '未到截止时间且仍有住户未表决，暂不能结束表决',
    en: 'The deadline has not passed and some households have not voted yet',
  },
  BALLOT_DEADLINE_PASSED: { status: 409, zh: '已过表决截止时间', en: 'The deadline for voting has passed' },
  BALLOT_EXISTS: {
    status: 409,
    zh: '该户已表决，本议题不允许更改',
    en: 'This household has voted, and this proposal does not allow changes',
  },
  BALLOT_NOT_ON_ROLL: {
    status: 403,
    zh: '该户不在本议题的表决名册内',
    en: 'This household is not on the roll of this proposal',
  },
  BALLOT_HOUSEHOLD_REQUIRED: {
    status: 422,
    zh: '请选择代哪一户表决',
    en: 'Say which household this ballot is for',
  },
  BALLOT_FORM_PHOTO_REQUIRED: {
    status: 422,
    zh: '纸质表决票须上传签名表决票的照片',
    en: 'A paper ballot needs a photo of the signed form',
  },
  PROPOSAL_OPTIONS_INVALID: {
    status: 422,
    zh: '自定义选项仅用于楼栋议事，须为 2–10 个互不相同的选项',
    en: 'Custom options are for building votes only: 2 to 10 different options',
  },
  BALLOT_OPTION_UNKNOWN: {
    status: 422,
    zh: '所选选项不是本议题的选项',
    en: 'That choice is not one of this proposal’s options',
  },
  PROPOSAL_NO_ABSENTEES: {
    status: 409,
    zh: '没有需要发送表决链接的外地业主（均已表决、已发送或未登记手机号）',
    en: 'No absentee owner needs the vote link (all voted, already sent, or no phone registered)',
  },
  FUND_SHARES_LOCKED: {
    status: 409,
    zh: '已有住户缴费，不能再修改分摊',
    en: 'Payments have started: the shares can no longer change',
  },
  FUND_SHARES_SUM: {
    status: 422,
    zh: '各户分摊金额之和须等于总金额',
    en: 'The households’ shares must add up to the total exactly',
  },
  FUND_AREAS_MISSING: {
    status: 422,
    zh: '按面积分摊须登记每户的面积',
    en: 'Splitting by floor area needs every household’s floor area',
  },
  FUND_NO_HOUSEHOLDS: { status: 422, zh: '该楼栋没有登记住户', en: 'No households are registered in this building' },
  FUND_PROPOSAL_INVALID: {
    status: 422,
    zh: '关联的议题须为本楼栋已通过的议题',
    en: 'The linked proposal must be one of this building’s, and passed',
  },
  FUND_RECEIPT_REQUIRED: { status: 422, zh: '请上传收据照片', en: 'Add a photo of the receipt' },
  FUND_PAYMENT_EXISTS: { status: 409, zh: '该户已缴纳', en: 'This household has already paid' },
  FUND_NOT_MY_HOUSEHOLD: { status: 403, zh: '您不是该户的成员', en: 'You are not a member of this household' },
  FUND_SETTLED: { status: 409, zh: '该费用已结清，不能再修改', en: 'This fund is settled and can no longer change' },
  COUNCIL_EXISTS: { status: 409, zh: '该楼栋（小区）已有楼事会', en: 'This building or estate already has a council' },
} as const satisfies Record<string, ErrorEntry>;
