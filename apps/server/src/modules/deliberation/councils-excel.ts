import { COUNCIL_MEMBER_ROLE_LABELS, type CouncilView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

/**
 * 楼事会's export: the councils the console's tab lists, one row each — its members as the card names them
 * (姓名（身份）, joined by 、) and its meetings newest first, one line each (date and title).
 */
export const COUNCILS_SHEET: ListSheet<CouncilView> = {
  sheet: { zh: '楼事会', en: 'Councils' },
  columns: [
    { key: 'name', zh: '楼事会', en: 'Council', width: 20, cell: (c) => c.name },
    { key: 'unit', zh: '楼栋 / 小区', en: 'Building / estate', width: 18, cell: (c) => c.orgUnitName },
    {
      key: 'members',
      zh: '成员',
      en: 'Members',
      width: 40,
      cell: (c, lang) =>
        c.members
          .map(
            (m) =>
              `${m.name}${lang === 'zh' ? '（' : ' ('}${COUNCIL_MEMBER_ROLE_LABELS[m.role][lang]}${lang === 'zh' ? '）' : ')'}`,
          )
          .join(lang === 'zh' ? '、' : ', '),
    },
    { key: 'meetingCount', zh: '会议次数', en: 'Meetings', width: 8, cell: (c) => c.meetings.length },
    {
      key: 'meetings',
      zh: '会议纪要',
      en: 'Minutes',
      width: 40,
      cell: (c) => c.meetings.map((m) => `${m.heldOn} ${m.title}`).join('\n'),
    },
  ],
};
