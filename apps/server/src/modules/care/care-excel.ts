import { CARE_TAG_LABELS, type CarePersonView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const STATUS = {
  zh: { ok: '按期', due_today: '今日应访', overdue: '已逾期', unassigned: '未分配' },
  en: { ok: 'On schedule', due_today: 'Due today', overdue: 'Overdue', unassigned: 'No visitor' },
} as const;

const tagLabel = (tag: string, lang: 'zh' | 'en') =>
  tag in CARE_TAG_LABELS ? CARE_TAG_LABELS[tag as keyof typeof CARE_TAG_LABELS][lang] : tag;

/** 关爱走访's export: the columns the console shows, care tags as labels (custom tags as typed). */
export const CARE_SHEET: ListSheet<CarePersonView> = {
  sheet: { zh: '关爱走访', en: 'Care visits' },
  columns: [
    { key: 'name', zh: '姓名', en: 'Name', width: 12, cell: (p) => p.name },
    { key: 'address', zh: '住址', en: 'Address', width: 28, cell: (p) => p.address },
    {
      key: 'tags',
      zh: '关爱标签',
      en: 'Care tags',
      width: 24,
      cell: (p, lang) => p.careTags.map((t) => tagLabel(t, lang)).join(lang === 'zh' ? '、' : ', '),
    },
    { key: 'everyDays', zh: '走访周期（天）', en: 'Every (days)', width: 10, cell: (p) => p.everyDays },
    { key: 'visitor', zh: '走访人', en: 'Visitor', width: 12, cell: (p) => p.visitorName },
    { key: 'lastVisit', zh: '上次走访', en: 'Last visit', width: 12, cell: (p) => p.lastVisitOn },
    { key: 'dueOn', zh: '应访日期', en: 'Due on', width: 12, cell: (p) => p.dueOn },
    { key: 'status', zh: '状态', en: 'Status', width: 10, cell: (p, lang) => STATUS[lang][p.status] },
  ],
};
