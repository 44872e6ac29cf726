import type { ConsoleMessages } from './console-zh-CN';

export const exportsEn: ConsoleMessages['exports'] = {
  title: 'Exports',
  intro:
    'Exports of more than 10,000 rows are written in the background; download them here when done. Only you can download a file; it is deleted at its “kept until” time.',
  started: 'Background export started; download it from Exports when it is done',
  kinds: { reports: 'Reports', households: 'Household registry', audit: 'Audit log' },
  statuses: { queued: 'Queued', running: 'Writing', done: 'Done', failed: 'Failed', expired: 'Expired' },
  kind: 'Export',
  status: 'Status',
  progress: 'Progress',
  progressOf: '{done} / {total} rows',
  progressLabel: 'Export progress',
  createdAt: 'Asked at',
  expiresAt: 'Kept until',
  actions: 'Actions',
  download: 'Download',
  downloaded: 'Download started',
  empty: 'No exports yet',
};
