import { formatShanghaiDateTime, type ResidencyClaimView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const addr = (u: string | null, r: string | null) => (r ? `${u ?? ''}${r}` : null);
const SOURCE = {
  zh: { report: '通过楼道二维码报事', app: '在手机上申请' },
  en: { report: 'Reported from the stairwell QR', app: 'Asked in the app' },
} as const;
const STATUS = {
  zh: { pending: '待确认', confirmed: '已确认', rejected: '未通过' },
  en: { pending: 'Waiting', confirmed: 'Confirmed', rejected: 'Not confirmed' },
} as const;

/** 待确认住户's export: the requests the console lists for the status chosen, phones masked as on screen. */
export const RESIDENCY_SHEET: ListSheet<ResidencyClaimView> = {
  sheet: { zh: '待确认住户', en: 'Residency requests' },
  columns: [
    { key: 'name', zh: '姓名', en: 'Name', width: 12, cell: (c) => c.userName },
    { key: 'phone', zh: '手机', en: 'Phone', width: 14, cell: (c) => c.phoneMasked },
    { key: 'building', zh: '楼栋', en: 'Building', width: 18, cell: (c) => c.buildingName },
    { key: 'source', zh: '来源', en: 'From', width: 18, cell: (c, lang) => SOURCE[lang][c.source] },
    { key: 'asked', zh: '自报门牌', en: 'Room given', width: 10, cell: (c) => addr(c.unitLabel, c.room) },
    {
      key: 'match',
      zh: '台账匹配 / 确认门牌',
      en: 'Registry match / confirmed',
      width: 14,
      cell: (c) => {
        const h = c.registryMatch ?? c.confirmedInto;
        return h ? addr(h.unitLabel, h.room) : null;
      },
    },
    { key: 'status', zh: '状态', en: 'Status', width: 8, cell: (c, lang) => STATUS[lang][c.status] },
    { key: 'reason', zh: '未通过原因', en: 'Reason not confirmed', width: 20, cell: (c) => c.reason },
    { key: 'createdAt', zh: '申请时间', en: 'Asked at', width: 17, cell: (c) => formatShanghaiDateTime(c.createdAt) },
  ],
};
