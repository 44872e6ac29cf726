import type { HonourScoreView } from '@louzhang/contracts';
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
