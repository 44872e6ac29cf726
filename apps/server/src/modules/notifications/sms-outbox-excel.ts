import { formatShanghaiDateTime, type SmsOutboxPage } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

/** 短信发件箱's export: the messages as the service gives them for export (phones masked, codes blanked). */
export const SMS_OUTBOX_SHEET: ListSheet<SmsOutboxPage['items'][number]> = {
  sheet: { zh: '短信发件箱', en: 'SMS outbox' },
  columns: [
    { key: 'createdAt', zh: '时间', en: 'Time', width: 17, cell: (m) => formatShanghaiDateTime(m.createdAt) },
    { key: 'phone', zh: '手机号', en: 'Phone', width: 14, cell: (m) => m.phone },
    { key: 'text', zh: '内容', en: 'Text', width: 60, cell: (m) => m.text },
  ],
};
