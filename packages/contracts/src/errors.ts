/**
 * Every error the API can answer with. Clients branch on `code`; `message` is for people and comes
 * in the caller's language. The HTTP status of each code lives here too, so there is one table.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容有误，请检查后重试', en: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求格式错误（JSON 无法解析）', en: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, zh: '请求无法处理', en: 'The request cannot be processed' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { status: 401, zh: '手机号或密码错误', en: 'Wrong phone number or password' },
  FORBIDDEN: { status: 403, zh: '您没有权限执行此操作', en: 'You are not allowed to do this' },
  CROSS_ORIGIN_REFUSED: {
    status: 403,
    zh: '请求来自其他网站，已拒绝',
    en: 'Refused: the request came from another site',
  },
  NOT_FOUND: { status: 404, zh: '找不到该记录', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  CONFLICT: { status: 409, zh: '数据已被修改或已存在', en: 'Conflicts with the current state' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    zh: '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  BAD_IDEMPOTENCY_KEY: {
    status: 400,
    zh: 'Idempotency-Key 须为 8–128 位字母、数字或 -_:.',
    en: 'Idempotency-Key must be 8–128 characters of letters, digits or -_:.',
  },
  ID_NUMBER_REGISTERED: {
    status: 409,
    zh: '该身份证号已在您的管辖范围内登记',
    en: 'This ID number is already registered in your jurisdiction',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大', en: 'The request is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  IMPORT_HAS_ERRORS: {
    status: 422,
    zh: '导入文件有错误行，未写入任何数据',
    en: 'The import file has rows with errors; nothing was written',
  },
  EXPORT_TOO_LARGE: {
    status: 422,
    zh: '导出超过 10,000 条，请改用后台导出（导出任务），完成后下载',
    en: 'The export has more than 10,000 rows; start a background export (Exports) and download it when done',
  },
  EXPORT_FAILED: { status: 500, zh: '导出失败，请重新导出', en: 'The export failed; start it again' },
  EXPORT_EXPIRED: { status: 410, zh: '导出文件已过期，请重新导出', en: 'The export file has expired; export again' },
  MONTH_NOT_ENDED: {
    status: 409,
    zh: '该月尚未结束，月度报告须在次月生成',
    en: 'That month has not ended yet; its report can be made from the 1st of the next month',
  },
  REPORT_SCOPE_UNSUPPORTED: {
    status: 400,
    zh: '月度报告只按街道或社区生成',
    en: 'Monthly reports are made for a street or a community',
  },
  EXPORT_NOT_READY: { status: 409, zh: '导出尚未完成，请稍后再下载', en: 'The export is not finished yet' },
  BAD_FILE: { status: 400, zh: '文件无法读取，请上传 .xlsx 文件', en: 'The file cannot be read; upload an .xlsx file' },
  BAD_TEMPLATE: {
    status: 400,
    zh: '文件表头与模板不一致，请下载最新模板',
    en: 'The file headers do not match the template',
  },
  TOO_MANY_ROWS: { status: 400, zh: '文件行数超过上限', en: 'The file has too many rows' },
  UNSUPPORTED_IMAGE: {
    status: 415,
    zh: '只支持 JPEG、PNG 或 WebP 图片',
    en: 'Only JPEG, PNG or WebP images are accepted',
  },
  IMAGE_TOO_LARGE: {
    status: 413,
    zh: '图片过大（最大 10 MB、4000 万像素）',
    en: 'The image is too large (10 MB, 40 megapixels at most)',
  },
  IMAGE_UNREADABLE: { status: 400, zh: '图片已损坏，无法读取', en: 'The image is damaged and cannot be read' },
  TOTP_REQUIRED: {
    status: 401,
    zh: '请输入身份验证器上的 6 位动态码',
    en: 'Enter the 6-digit code from your authenticator app',
  },
  TOTP_INVALID: { status: 401, zh: '动态码错误或已使用', en: 'Wrong or already used authenticator code' },
  TOTP_SETUP_REQUIRED: {
    status: 403,
    zh: '本街道要求工作人员启用两步验证，请先绑定身份验证器',
    en: 'Your street requires a second factor: set up an authenticator app first',
  },
  TOTP_NOT_PENDING: {
    status: 409,
    zh: '没有待确认的身份验证器，请重新开始绑定',
    en: 'No authenticator is being set up; start again',
  },
  PASSWORD_REQUIRED_FOR_STAFF: {
    status: 403,
    zh: '本街道要求工作人员使用密码登录',
    en: 'Your street requires staff to sign in with their password',
  },
  RESIDENCY_ALREADY_RESIDENT: {
    status: 409,
    zh: '您已是该楼栋的登记住户',
    en: 'You are already a registered resident of this building',
  },
  RESIDENCY_CLAIM_PENDING: {
    status: 409,
    zh: '您在该楼栋已有待确认的申请',
    en: 'You already have a request waiting for confirmation in this building',
  },
  RESIDENCY_CLAIM_DECIDED: {
    status: 409,
    zh: '该申请已处理',
    en: 'This request has already been decided',
  },
  RESIDENCY_OWN_CLAIM: {
    status: 403,
    zh: '不能确认自己的住户申请',
    en: 'You cannot confirm your own request',
  },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
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
  REPORT_BAD_STATE: {
    status: 409,
    zh: '诉求当前状态不允许此操作',
    en: 'The report is not in a state that allows this',
  },
  REPORT_NOT_HANDLER: {
    status: 403,
    zh: '您不是该诉求当前的办理人',
    en: 'You are not the current handler of this report',
  },
  REPORT_NOT_ACCEPTED: {
    status: 409,
    zh: '部门须先报到（接收）才能答复或办结',
    en: 'The department must accept the report before answering it',
  },
  REPORT_NOT_AT_DEPARTMENT: {
    status: 409,
    zh: '诉求已不在本部门（已退回街道或已改派）',
    en: 'The report is no longer with your department (sent back or reassigned)',
  },
  REPORT_TOP_LEVEL: { status: 409, zh: '已是最高办理层级，无法再上报', en: 'The report is already at the top level' },
  REPORT_DEPARTMENT_REQUIRED: {
    status: 400,
    zh: '街道吹哨须指定职能部门',
    en: 'Choose the department the street dispatches to',
  },
  REPORT_NOT_REPORTER: { status: 403, zh: '只有报事人可以评价', en: 'Only the reporter may rate the answer' },
  REPORT_PLACE_NOT_NEARBY: {
    status: 403,
    zh: '只有本社区居民可以在该场所报事（或请网格员代报）',
    en: 'Only residents of this community may report at this place (or ask the grid worker to file it)',
  },
  REPORT_NOT_RESIDENT: {
    status: 403,
    zh: '只有本楼居民可以报事（或请楼长代报）',
    en: 'Only residents of this building may report here (or ask the captain to file it)',
  },
  REPORT_MERGE_INVALID: {
    status: 409,
    zh: '无法合并：须为同一街道、未办结的两条不同诉求',
    en: 'Cannot merge: two different open reports of the same street are needed',
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
  SMS_CODE_INVALID: {
    status: 401,
    zh: '验证码错误或已失效，请重新获取',
    en: 'The code is wrong or no longer valid; ask for a new one',
  },
  SMS_TOO_FREQUENT: {
    status: 429,
    zh: '验证码发送过于频繁，请稍后再试',
    en: 'Codes were sent too often; try again later',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    zh: '尝试次数过多，请稍后再试',
    en: 'Too many attempts; try again later',
  },
  SECOND_FACTOR_REQUIRED: {
    status: 401,
    zh: '工作人员登录须输入动态验证码',
    en: 'Staff sign-in needs the code from your authenticator app',
  },
  GRANT_NOT_ALLOWED: {
    status: 403,
    zh: '您不能在该范围授予此角色',
    en: 'You may not grant this role at this place',
  },
  LAST_ADMIN: {
    status: 409,
    zh: '不能停用或撤销最后一位系统管理员',
    en: 'The last administrator cannot be disabled or removed',
  },
  ROLE_UNIT_MISMATCH: {
    status: 400,
    zh: '该角色不能设在这一级组织（如楼长须设在楼栋）',
    en: 'This role is not held at this kind of unit (a captain is held at a building)',
  },
  PHONE_TAKEN: { status: 409, zh: '该手机号已有账号', en: 'This phone number already has an account' },
  NO_BUILDINGS: { status: 404, zh: '该范围内没有楼栋', en: 'There are no buildings here' },
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
  STALE_VERSION: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'Someone changed this record; reload and try again',
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
  ACTIVITY_CAPACITY_BELOW_SIGNUPS: {
    status: 409,
    zh: '名额不能少于已报名人数',
    en: 'The capacity cannot be below the number already signed up',
  },
  ACTIVITY_CANCELLED: { status: 409, zh: '该活动已取消', en: 'This activity is cancelled' },
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
  INTERNAL: { status: 500, zh: '服务器开小差了，请稍后再试', en: 'Something went wrong on our side' },
  UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'zh' | 'en';

export interface ErrorBody {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    fields?: { path: string; message: string }[];
    requestId?: string;
  };
}

/** The status and messages of a code; unknown codes read as INTERNAL. Features add their codes to ERRORS. */
export function errorInfo(code: string): { status: number; zh: string; en: string } {
  return (ERRORS as Record<string, { status: number; zh: string; en: string }>)[code] ?? ERRORS.INTERNAL;
}
