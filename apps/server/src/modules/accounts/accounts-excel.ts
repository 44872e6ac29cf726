import type { AccountView, Role } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const ROLE: Record<'zh' | 'en', Record<Role, string>> = {
  zh: {
    resident: '居民',
    captain: '楼长',
    grid_worker: '网格员',
    community_staff: '社区工作者',
    street_staff: '街道工作人员',
    department_staff: '职能部门',
    property_window: '物业服务窗口',
    partner: '共建单位',
    admin: '系统管理员',
  },
  en: {
    resident: 'Resident',
    captain: 'Building captain',
    grid_worker: 'Grid worker',
    community_staff: 'Community staff',
    street_staff: 'Street office staff',
    department_staff: 'Department staff',
    property_window: 'Property service window',
    partner: 'Partner',
    admin: 'Administrator',
  },
};

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
        a.roles.map((r) => `${ROLE[lang][r.role]} · ${r.orgUnitName}`).join(lang === 'zh' ? '；' : '; '),
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
