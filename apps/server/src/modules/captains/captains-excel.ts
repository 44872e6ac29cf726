import type { CaptainView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const STATUS = {
  zh: { active: '在岗', suspended: '暂停', exited: '已退出' },
  en: { active: 'Active', suspended: 'Suspended', exited: 'Exited' },
} as const;

/** The roll's export: the columns the console's roll shows, the phone masked as on screen. */
export const CAPTAINS_SHEET: ListSheet<CaptainView> = {
  sheet: { zh: '楼长名册', en: 'Captains' },
  columns: [
    { key: 'name', zh: '姓名', en: 'Name', width: 12, cell: (c) => c.name },
    { key: 'phone', zh: '手机号', en: 'Phone', width: 14, cell: (c) => c.phoneMasked },
    { key: 'status', zh: '状态', en: 'Status', width: 8, cell: (c, lang) => STATUS[lang][c.status] },
    {
      key: 'buildings',
      zh: '负责楼栋',
      en: 'Buildings',
      width: 36,
      cell: (c, lang) => c.buildings.map((b) => b.name).join(lang === 'en' ? ', ' : '、'),
    },
    { key: 'balance', zh: '积分余额', en: 'Points balance', width: 10, cell: (c) => c.pointsBalance },
    { key: 'approved', zh: '已通过任务', en: 'Chores approved', width: 12, cell: (c) => c.choresApproved },
    { key: 'pending', zh: '待审核任务', en: 'Chores pending', width: 12, cell: (c) => c.choresPending },
  ],
};
