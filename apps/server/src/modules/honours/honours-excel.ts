import type { HonourRoundList, HonourScoreView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

/** A round's scores as the console's table shows them (名次 … 入选), in its order. */
export const HONOUR_SCORES_SHEET: ListSheet<HonourScoreView> = {
  sheet: { zh: '评选得分', en: 'Honour scores' },
  columns: [
    { key: 'rank', zh: '名次', en: 'Rank', width: 6, cell: (s) => s.rank },
    { key: 'name', zh: '姓名', en: 'Name', width: 12, cell: (s) => s.name },
    { key: 'chorePoints', zh: '任务积分', en: 'Chore points', width: 10, cell: (s) => s.chorePoints },
    { key: 'ratings', zh: '评价数', en: 'Ratings', width: 8, cell: (s) => s.ratings },
    { key: 'ratingMean', zh: '平均分', en: 'Mean', width: 8, cell: (s) => s.ratingMean },
    { key: 'shrunk', zh: '收缩满意度', en: 'Shrunk rating', width: 10, cell: (s) => s.shrunkRating },
    { key: 'satisfaction', zh: '满意度分', en: 'Satisfaction', width: 10, cell: (s) => s.satisfaction },
    { key: 'merit', zh: '评审加分', en: 'Merit', width: 10, cell: (s) => s.merit },
    { key: 'total', zh: '总分', en: 'Total', width: 8, cell: (s) => s.total },
    {
      key: 'honoured',
      zh: '入选',
      en: 'Honoured',
      width: 8,
      cell: (s, lang) => (s.isHonoured ? { zh: '是', en: 'Yes' }[lang] : null),
    },
  ],
};

type Round = HonourRoundList['items'][number];

const KIND = {
  zh: { star: '星级楼长（季度）', beauty: '最美楼长（年度）' },
  en: { star: 'Star captains (quarter)', beauty: 'Most beautiful captains (year)' },
} as const;
const STATUS = {
  zh: { draft: '草稿', reviewed: '已审核', published: '已发布' },
  en: { draft: 'Draft', reviewed: 'Reviewed', published: 'Published' },
} as const;

/** 评选's export: a street's rounds as the console lists them (newest period first), the quota line in columns. */
export const HONOUR_ROUNDS_SHEET: ListSheet<Round> = {
  sheet: { zh: '评选列表', en: 'Honour rounds' },
  columns: [
    { key: 'kind', zh: '评选类型', en: 'Kind', width: 18, cell: (r, lang) => KIND[lang][r.kind] },
    { key: 'period', zh: '评选周期', en: 'Period', width: 10, cell: (r) => r.period },
    { key: 'status', zh: '状态', en: 'Status', width: 8, cell: (r, lang) => STATUS[lang][r.status] },
    { key: 'quota', zh: '名额', en: 'Quota', width: 6, cell: (r) => r.quota },
    { key: 'quotaPercent', zh: '比例（%）', en: 'Share (%)', width: 8, cell: (r) => r.quotaPercent },
    { key: 'eligible', zh: '参评人数', en: 'Eligible', width: 8, cell: (r) => r.eligible },
    { key: 'honoured', zh: '入选人数', en: 'Honoured', width: 8, cell: (r) => r.honoured },
  ],
};
