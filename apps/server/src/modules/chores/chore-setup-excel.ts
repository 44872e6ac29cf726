import { CHORE_CATEGORY_WORDS, type ChorePublicationView, type ChoreTemplateView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const YES_NO = { zh: ['是', '否'], en: ['Yes', 'No'] } as const;
const RECURRENCE = {
  zh: { once: '单次', daily: '每天', weekly: '每周' },
  en: { once: 'Once', daily: 'Daily', weekly: 'Weekly' },
} as const;

/** 任务模板's export: the columns the console shows, and whether the template is archived. */
export const TEMPLATES_SHEET: ListSheet<ChoreTemplateView> = {
  sheet: { zh: '任务模板', en: 'Chore templates' },
  columns: [
    { key: 'name', zh: '名称', en: 'Name', width: 24, cell: (x) => x.name },
    {
      key: 'category',
      zh: '类别',
      en: 'Category',
      width: 12,
      cell: (x, lang) => CHORE_CATEGORY_WORDS[x.category][lang === 'zh' ? 'zh-CN' : 'en'],
    },
    { key: 'points', zh: '积分', en: 'Points', width: 8, cell: (x) => x.points },
    { key: 'minPhotos', zh: '最少照片', en: 'Min. photos', width: 10, cell: (x) => x.minPhotos },
    {
      key: 'beforeAfter',
      zh: '需前后对比照',
      en: 'Before/after photos',
      width: 12,
      cell: (x, lang) => YES_NO[lang][x.beforeAfter ? 0 : 1],
    },
    {
      key: 'dailyLimit',
      zh: '每楼每日上限',
      en: 'Per building per day',
      width: 12,
      cell: (x) => x.dailyLimitPerBuilding,
    },
    { key: 'claimTtl', zh: '认领有效期（小时）', en: 'Claim valid (hours)', width: 12, cell: (x) => x.claimTtlHours },
    { key: 'archived', zh: '已停用', en: 'Archived', width: 8, cell: (x, lang) => YES_NO[lang][x.archived ? 0 : 1] },
  ],
};

/** 发布任务's export: the publications the console lists. */
export const PUBLICATIONS_SHEET: ListSheet<ChorePublicationView> = {
  sheet: { zh: '发布任务', en: 'Chore publications' },
  columns: [
    { key: 'template', zh: '模板', en: 'Template', width: 24, cell: (p) => p.templateName },
    { key: 'scope', zh: '发布范围', en: 'Scope', width: 20, cell: (p) => p.orgUnitName },
    { key: 'recurrence', zh: '频次', en: 'Recurrence', width: 8, cell: (p, lang) => RECURRENCE[lang][p.recurrence] },
    { key: 'startsOn', zh: '开始日期', en: 'Starts', width: 12, cell: (p) => p.startsOn },
    { key: 'endsOn', zh: '结束日期', en: 'Ends', width: 12, cell: (p) => p.endsOn },
    { key: 'tasks', zh: '已生成任务', en: 'Tasks created', width: 10, cell: (p) => p.tasksCreated },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      width: 8,
      cell: (p, lang) => (p.cancelled ? { zh: '已取消', en: 'Cancelled' } : { zh: '进行中', en: 'Active' })[lang],
    },
  ],
};
