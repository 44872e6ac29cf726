import {
  BALLOT_CHOICE_LABELS,
  type BallotVia,
  formatShanghaiDateTime,
  type Lang,
  PROPOSAL_RULE_LABELS,
  type ProposalList,
  type RollEntryView,
} from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

type ProposalRow = ProposalList['items'][number];

const RESULT = {
  zh: { open: '表决中', passed: '通过', failed: '未通过' },
  en: { open: 'Voting', passed: 'Passed', failed: 'Not passed' },
} as const;
const resultOf = (p: ProposalRow, lang: Lang) =>
  RESULT[lang][p.status === 'open' ? 'open' : p.tally.passed ? 'passed' : 'failed'];

/** 议事表决's export: the proposals the console lists, the counts split into households and area. */
export const PROPOSALS_SHEET: ListSheet<ProposalRow> = {
  sheet: { zh: '议事表决', en: 'Proposals' },
  columns: [
    { key: 'title', zh: '标题', en: 'Title', width: 24, cell: (p) => p.title },
    { key: 'scope', zh: '楼栋 / 小区', en: 'Building / estate', width: 18, cell: (p) => p.scopeName },
    { key: 'rule', zh: '规则', en: 'Rule', width: 20, cell: (p, lang) => PROPOSAL_RULE_LABELS[p.rule][lang] },
    {
      key: 'eligible',
      zh: '应参与（户）',
      en: 'Eligible (households)',
      width: 10,
      cell: (p) => p.tally.eligible.owners,
    },
    { key: 'eligibleM2', zh: '应参与（㎡）', en: 'Eligible (m²)', width: 10, cell: (p) => p.tally.eligible.areaM2 },
    { key: 'voted', zh: '参与（户）', en: 'Voted (households)', width: 10, cell: (p) => p.tally.voted.owners },
    { key: 'votedM2', zh: '参与（㎡）', en: 'Voted (m²)', width: 10, cell: (p) => p.tally.voted.areaM2 },
    {
      key: 'agree',
      zh: '同意（户）',
      en: 'Agree (households)',
      width: 14,
      cell: (p) =>
        p.tally.options.length > 0
          ? p.tally.options.map((o) => `${o.label} ${o.households}`).join('｜')
          : p.tally.agree.owners,
    },
    {
      key: 'agreeM2',
      zh: '同意（㎡）',
      en: 'Agree (m²)',
      width: 10,
      cell: (p) => (p.tally.options.length > 0 ? null : p.tally.agree.areaM2),
    },
    { key: 'result', zh: '结果', en: 'Result', width: 8, cell: resultOf },
    { key: 'deadline', zh: '截止时间', en: 'Deadline', width: 17, cell: (p) => formatShanghaiDateTime(p.deadline) },
  ],
};

/** A roll entry with its proposal's own options (an informal vote's ballot names one of them). */
export type RollRow = RollEntryView & { options: readonly string[] };

const VIA: Record<Lang, Record<BallotVia, string>> = {
  zh: { app: '手机表决', paper: '纸质表决票', door_to_door: '入户征询' },
  en: { app: 'On the phone', paper: 'Paper form', door_to_door: 'Door to door' },
};
const said = (r: RollRow, lang: Lang): string | null => {
  const b = r.ballot;
  if (!b) return { zh: '未表决', en: 'Not voted' }[lang];
  return b.option !== null ? (r.options[b.option] ?? null) : b.choice ? BALLOT_CHOICE_LABELS[b.choice][lang] : null;
};

/** A proposal's 表决名册: every household of the roll with its ballot, as the proposal's page lists them. */
export const ROLL_SHEET: ListSheet<RollRow> = {
  sheet: { zh: '表决名册', en: 'Voting roll' },
  columns: [
    { key: 'household', zh: '住户', en: 'Household', width: 20, cell: (r) => r.address },
    { key: 'area', zh: '面积（㎡）', en: 'Area (m²)', width: 10, cell: (r) => r.areaM2 },
    { key: 'choice', zh: '表决', en: 'Ballot', width: 12, cell: said },
    { key: 'via', zh: '方式', en: 'How', width: 12, cell: (r, lang) => (r.ballot ? VIA[lang][r.ballot.via] : null) },
    { key: 'castBy', zh: '录入人', en: 'Entered by', width: 12, cell: (r) => r.ballot?.castByName ?? null },
    {
      key: 'castAt',
      zh: '表决时间',
      en: 'Cast at',
      width: 17,
      cell: (r) => (r.ballot ? formatShanghaiDateTime(r.ballot.updatedAt) : null),
    },
  ],
};
