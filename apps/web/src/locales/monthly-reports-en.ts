import type { monthlyReportsZhCN } from './monthly-reports-zh-CN';

export const monthlyReportsEn: typeof monthlyReportsZhCN = {
  title: 'Monthly reports',
  intro:
    'On the 1st, last month’s report of every street and community is made (reports, chores and points, care visits, the mall, captain coverage, beside the month before). You can also pick a unit and a month and make it again.',
  unit: 'Unit',
  unitPlaceholder: 'Pick a street or community',
  month: 'Month',
  generate: 'Make report',
  generated: 'The report is ready',
  pickUnit: 'Pick a street or community first',
  pickMonth: 'Pick a month',
  generatedBy: 'Made by',
  byJob: 'System (on the 1st)',
  generatedAt: 'Made at',
  size: 'Size',
  actions: 'Actions',
  download: 'Download',
  downloaded: 'Download started',
  empty: 'No monthly reports yet',
};
