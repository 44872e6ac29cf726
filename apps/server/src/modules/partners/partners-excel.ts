import { type AgreementView, type PairView, PROJECT_CATEGORY_LABELS, type ProjectView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const STATUS = {
  zh: { published: '待认领', claimed: '实施中', submitted: '待验收', accepted: '已验收' },
  en: { published: 'Open', claimed: 'Under way', submitted: 'Awaiting acceptance', accepted: 'Accepted' },
} as const;

/** 民生实事's export: the projects the console lists for the status chosen. */
export const PROJECTS_SHEET: ListSheet<ProjectView> = {
  sheet: { zh: '民生实事', en: 'Livelihood projects' },
  columns: [
    { key: 'title', zh: '项目', en: 'Project', width: 28, cell: (p) => p.title },
    {
      key: 'category',
      zh: '类别',
      en: 'Category',
      width: 12,
      cell: (p, lang) => PROJECT_CATEGORY_LABELS[p.category][lang],
    },
    { key: 'unit', zh: '发布单位', en: 'Published by', width: 18, cell: (p) => p.orgUnitName },
    { key: 'status', zh: '状态', en: 'Status', width: 10, cell: (p, lang) => STATUS[lang][p.status] },
    { key: 'partner', zh: '共建单位', en: 'Partner', width: 20, cell: (p) => p.partnerName },
    { key: 'percent', zh: '进度（%）', en: 'Progress (%)', width: 10, cell: (p) => p.percent },
    { key: 'dueOn', zh: '计划完成', en: 'Due', width: 12, cell: (p) => p.dueOn },
  ],
};

/** 共建协议's export: the agreements the console lists. */
export const AGREEMENTS_SHEET: ListSheet<AgreementView> = {
  sheet: { zh: '共建协议', en: 'Agreements' },
  columns: [
    { key: 'partner', zh: '共建单位', en: 'Partner', width: 20, cell: (g) => g.partnerName },
    { key: 'title', zh: '协议名称', en: 'Agreement', width: 24, cell: (g) => g.title },
    { key: 'services', zh: '服务内容', en: 'Services', width: 28, cell: (g) => g.services },
    { key: 'beneficiaries', zh: '服务对象', en: 'For whom', width: 16, cell: (g) => g.beneficiaries },
    { key: 'area', zh: '服务区域', en: 'Area', width: 18, cell: (g) => g.scopeName },
    {
      key: 'categories',
      zh: '服务类别',
      en: 'Categories',
      width: 20,
      cell: (g, lang) => g.categories.map((c) => PROJECT_CATEGORY_LABELS[c][lang]).join(lang === 'zh' ? '、' : ', '),
    },
    { key: 'startsOn', zh: '开始日期', en: 'From', width: 12, cell: (g) => g.startsOn },
    { key: 'endsOn', zh: '结束日期', en: 'To', width: 12, cell: (g) => g.endsOn },
  ],
};

/** 结对共建's export: the pairs the console lists (the notes stay in the console). */
export const PAIRS_SHEET: ListSheet<PairView> = {
  sheet: { zh: '结对共建', en: 'Community pairing' },
  columns: [
    { key: 'mentor', zh: '示范社区', en: 'Model community', width: 18, cell: (p) => p.mentorName },
    { key: 'paired', zh: '结对社区', en: 'Paired community', width: 18, cell: (p) => p.partnerName },
    { key: 'goals', zh: '共建目标', en: 'Goals', width: 30, cell: (p) => p.goals },
    {
      key: 'seconded',
      zh: '选派人员（第一书记）',
      en: 'Seconded (first secretary)',
      width: 20,
      cell: (p) => [p.secondedName, p.secondedRole].filter(Boolean).join(' · ') || null,
    },
    { key: 'startsOn', zh: '开始日期', en: 'From', width: 12, cell: (p) => p.startsOn },
  ],
};
