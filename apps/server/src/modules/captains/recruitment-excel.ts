import {
  APPLICATION_STATUS_WORDS,
  type ApplicationView,
  type DriveView,
  formatShanghaiDateTime,
} from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const KIND = {
  zh: { self: '自荐', nominated: '推选' },
  en: { self: 'Self-nominated', nominated: 'Nominated' },
} as const;

/** A drive's 报名名单: the applications its page lists, phones masked as on screen, best score first. */
export const APPLICATIONS_SHEET: ListSheet<ApplicationView> = {
  sheet: { zh: '报名名单', en: 'Applications' },
  columns: [
    { key: 'name', zh: '报名人', en: 'Applicant', width: 12, cell: (a) => a.name },
    { key: 'phone', zh: '手机号', en: 'Phone', width: 14, cell: (a) => a.phoneMasked },
    { key: 'kind', zh: '方式', en: 'How', width: 10, cell: (a, lang) => KIND[lang][a.kind] },
    { key: 'nominator', zh: '推选人', en: 'Nominated by', width: 12, cell: (a) => a.nominatorName },
    { key: 'statement', zh: '自我介绍 / 推选理由', en: 'Statement', width: 36, cell: (a) => a.statement },
    { key: 'score', zh: '评分', en: 'Score', width: 6, cell: (a) => a.score },
    { key: 'interviewedOn', zh: '面谈日期', en: 'Interview day', width: 12, cell: (a) => a.interviewedOn },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      width: 10,
      cell: (a, lang) => APPLICATION_STATUS_WORDS[a.status][lang === 'zh' ? 'zh-CN' : 'en'],
    },
    { key: 'createdAt', zh: '报名时间', en: 'Applied', width: 17, cell: (a) => formatShanghaiDateTime(a.createdAt) },
  ],
};

/** 楼长招募's export: the drives the console lists in the caller's jurisdiction, the counts one column each. */
export const DRIVES_SHEET: ListSheet<DriveView> = {
  sheet: { zh: '楼长招募', en: 'Recruitment drives' },
  columns: [
    { key: 'title', zh: '标题', en: 'Title', width: 24, cell: (d) => d.title },
    { key: 'unit', zh: '发布单位', en: 'Published by', width: 16, cell: (d) => d.orgUnitName },
    { key: 'places', zh: '名额', en: 'Places', width: 6, cell: (d) => d.places },
    { key: 'deadline', zh: '截止日期', en: 'Deadline', width: 12, cell: (d) => d.deadline },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      width: 8,
      cell: (d, lang) => (d.isOpen ? { zh: '报名中', en: 'Open' } : { zh: '已截止', en: 'Closed' })[lang],
    },
    { key: 'applied', zh: '报名', en: 'Applied', width: 6, cell: (d) => d.counts.applied },
    { key: 'vetted', zh: '审查', en: 'Vetted', width: 6, cell: (d) => d.counts.vetted },
    { key: 'chosen', zh: '入选', en: 'Chosen', width: 6, cell: (d) => d.counts.chosen },
    { key: 'registered', zh: '登记', en: 'Registered', width: 6, cell: (d) => d.counts.registered },
  ],
};
