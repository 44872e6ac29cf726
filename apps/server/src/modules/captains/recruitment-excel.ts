import { APPLICATION_STATUS_WORDS, type ApplicationView, formatShanghaiDateTime } from '@louzhang/contracts';
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
