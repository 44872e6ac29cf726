/** 月度报告: a street's or community's month as a PDF. */
export const monthlyReportsZhCN = {
  title: '月度报告',
  intro:
    '每月 1 日自动生成上月各街道、社区的月度报告（诉求、任务与积分、关爱走访、积分商城、楼长覆盖，与前一月对比）。也可以选择单位和月份重新生成。',
  unit: '单位',
  unitPlaceholder: '选择街道或社区',
  month: '月份',
  generate: '生成报告',
  generated: '报告已生成',
  pickUnit: '请先选择街道或社区',
  pickMonth: '请选择月份',
  generatedBy: '生成人',
  byJob: '系统（每月 1 日）',
  generatedAt: '生成时间',
  size: '大小',
  actions: '操作',
  download: '下载',
  downloaded: '已开始下载',
  empty: '还没有月度报告',
};
