import { formatShanghaiDateTime, NOTICE_KIND_LABELS, type NoticeView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

/** 通知公告's export: the notices the console lists, whether each is pinned today. */
export const NOTICES_SHEET: ListSheet<NoticeView> = {
  sheet: { zh: '通知公告', en: 'Notices' },
  columns: [
    { key: 'title', zh: '标题', en: 'Title', width: 30, cell: (n) => n.title },
    {
      key: 'pinned',
      zh: '置顶',
      en: 'Pinned',
      width: 8,
      cell: (n, lang) => (n.isPinned ? { zh: '是', en: 'Yes' } : { zh: '否', en: 'No' })[lang],
    },
    { key: 'kind', zh: '类型', en: 'Kind', width: 8, cell: (n, lang) => NOTICE_KIND_LABELS[n.kind][lang] },
    { key: 'scope', zh: '发送范围', en: 'Send to', width: 20, cell: (n) => n.scopeName },
    { key: 'author', zh: '发布人', en: 'From', width: 12, cell: (n) => n.authorName },
    {
      key: 'publishedAt',
      zh: '发布时间',
      en: 'Published',
      width: 17,
      cell: (n) => formatShanghaiDateTime(n.publishedAt),
    },
  ],
};
