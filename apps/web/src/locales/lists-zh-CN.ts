/** What the console's lists share: the search box, labelled filters, 共 N 条, sorting, export, breadcrumbs. */
export const listsZhCN = {
  breadcrumb: '当前位置',
  total: '共 {n} 条',
  totalOver: '超过 {n} 条',
  filters: '筛选条件',
  keyword: '关键词',
  scope: '范围',
  sort: '排序',
  export: '导出',
  exporting: '正在导出…',
  exported: '已导出 {file}',
  reports: {
    searchPlaceholder: '诉求编号、手机号或地址',
    sorts: { newest: '最新提交在前', oldest: '最早提交在前', due: '剩余时限（超时在前）' },
    view: '视图',
  },
  captains: {
    sheet: '楼长名册',
    searchPlaceholder: '姓名、手机号或楼栋',
    sorts: { name: '按姓名', newest: '最近加入在前', oldest: '最早加入在前' },
    status: '状态',
  },
  reviews: {
    status: '状态',
    searchPlaceholder: '楼长姓名、任务名称或楼栋',
    sorts: { oldest: '最早提交在前', newest: '最新提交在前' },
  },
  orders: {
    sheet: '兑换订单',
    searchPlaceholder: '提货码、楼长手机号或姓名',
    sorts: { newest: '最新下单在前', oldest: '最早下单在前' },
  },
  households: {
    searchPlaceholder: '地址、房号、姓名或手机号',
  },
  activities: {
    sheet: '志愿活动',
    searchPlaceholder: '活动名称、地点或主办单位',
    sorts: { latest: '开始时间（最晚在前）', soonest: '开始时间（最早在前）', title: '按活动名称' },
    status: '状态',
    statuses: { published: '已发布', cancelled: '已取消' },
    period: '时段',
    periods: { upcoming: '未开始', ongoing: '进行中', open: '未结束', ended: '已结束' },
  },
  signups: {
    sheet: '报名签到',
    searchPlaceholder: '志愿者姓名或手机号',
    sorts: { signup: '报名先后（候补在后）', name: '按姓名', hours: '服务时长（最多在前）' },
    status: '报名状态',
    statuses: { confirmed: '已报名', waitlisted: '候补', cancelled: '已取消' },
    attendance: '到场',
    attendances: { checkedIn: '已签到', absent: '未到场', hoursConfirmed: '时长已确认' },
  },
  audit: {
    sheet: '操作日志',
  },
  /** File names of the lists' exports that need no other list strings. */
  sheets: {
    care: '关爱走访',
    choreTemplates: '任务模板',
    chorePublications: '发布任务',
    notices: '通知公告',
    projects: '民生实事',
    agreements: '共建协议',
    pairs: '结对共建',
  },
  scopeNoMatch: '本辖区内没有这个名称的单位',
};
