import type { CaptainView, Lang } from '@louzhang/contracts';
import type { ExportCell, ExportColumn } from '../../platform/xlsx-export';

/** The roll's export: the columns the console's roll shows, the phone masked as on screen. */
export const CAPTAINS_SHEET = { zh: '楼长名册', en: 'Captains' } as const;

type Key = 'name' | 'phone' | 'status' | 'buildings' | 'balance' | 'approved' | 'pending';
export const CAPTAIN_COLUMNS: readonly ExportColumn<Key>[] = [
  { key: 'name', zh: '姓名', en: 'Name', width: 12 },
  { key: 'phone', zh: '手机号', en: 'Phone', width: 14 },
  { key: 'status', zh: '状态', en: 'Status', width: 8 },
  { key: 'buildings', zh: '负责楼栋', en: 'Buildings', width: 36 },
  { key: 'balance', zh: '积分余额', en: 'Points balance', width: 10 },
  { key: 'approved', zh: '已通过任务', en: 'Chores approved', width: 12 },
  { key: 'pending', zh: '待审核任务', en: 'Chores pending', width: 12 },
];

const STATUS = {
  zh: { active: '在岗', suspended: '暂停', exited: '已退出' },
  en: { active: 'Active', suspended: 'Suspended', exited: 'Exited' },
} as const;

/** A captain as a row of the export. */
export async function* captainCells(
  rows: AsyncIterable<CaptainView>,
  lang: Lang,
): AsyncIterable<Record<Key, ExportCell>> {
  for await (const c of rows) {
    yield {
      name: c.name,
      phone: c.phoneMasked,
      status: STATUS[lang][c.status],
      buildings: c.buildings.map((b) => b.name).join(lang === 'en' ? ', ' : '、'),
      balance: c.pointsBalance,
      approved: c.choresApproved,
      pending: c.choresPending,
    };
  }
}
