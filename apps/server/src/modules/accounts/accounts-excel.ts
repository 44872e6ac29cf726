import { type AccountView, ROLE_WORDS } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

/** 用户与权限's export: the accounts the console lists, phones masked, each role with its place. */
export const ACCOUNTS_SHEET: ListSheet<AccountView> = {
  sheet: { zh: '用户与权限', en: 'Accounts' },
  columns: [
    { key: 'name', zh: '姓名', en: 'Name', width: 12, cell: (a) => a.name },
    { key: 'phone', zh: '手机号', en: 'Phone', width: 14, cell: (a) => a.phoneMasked },
    {
      key: 'roles',
      zh: '角色与范围',
      en: 'Roles and places',
      width: 40,
      cell: (a, lang) =>
        a.roles
          .map((r) => `${ROLE_WORDS[r.role][lang === 'zh' ? 'zh-CN' : 'en']} · ${r.orgUnitName}`)
          .join(lang === 'zh' ? '；' : '; '),
    },
    {
      key: 'state',
      zh: '状态',
      en: 'State',
      width: 8,
      cell: (a, lang) => (a.disabled ? { zh: '已停用', en: 'Disabled' } : { zh: '正常', en: 'Active' })[lang],
    },
  ],
};
