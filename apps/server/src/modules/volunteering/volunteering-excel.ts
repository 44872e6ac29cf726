import {
  ACTIVITY_KIND_LABELS,
  type ActivityView,
  formatShanghaiDateTime,
  type SignupRowView,
} from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const ACTIVITY_STATUS = {
  zh: { published: '已发布', cancelled: '已取消' },
  en: { published: 'Published', cancelled: 'Cancelled' },
} as const;

/** The activities list's export: the columns the console's 志愿活动 shows. */
export const ACTIVITIES_SHEET: ListSheet<ActivityView> = {
  sheet: { zh: '志愿活动', en: 'Activities' },
  columns: [
    { key: 'startsAt', zh: '开始时间', en: 'Starts', width: 17, cell: (a) => formatShanghaiDateTime(a.startsAt) },
    { key: 'endsAt', zh: '结束时间', en: 'Ends', width: 17, cell: (a) => formatShanghaiDateTime(a.endsAt) },
    { key: 'kind', zh: '类别', en: 'Kind', width: 12, cell: (a, lang) => ACTIVITY_KIND_LABELS[a.kind][lang] },
    { key: 'title', zh: '活动', en: 'Activity', width: 28, cell: (a) => a.title },
    {
      key: 'organiser',
      zh: '主办',
      en: 'Organiser',
      width: 20,
      cell: (a) => a.teamName ?? a.partnerName ?? a.orgUnitName,
    },
    { key: 'place', zh: '地点', en: 'Place', width: 24, cell: (a) => a.place },
    { key: 'status', zh: '状态', en: 'Status', width: 8, cell: (a, lang) => ACTIVITY_STATUS[lang][a.status] },
    {
      key: 'signedUp',
      zh: '已报名/名额',
      en: 'Signed up / places',
      width: 12,
      cell: (a) => `${a.confirmed}/${a.capacity}`,
    },
    { key: 'waitlisted', zh: '候补', en: 'Waiting', width: 8, cell: (a) => a.waitlisted },
    { key: 'served', zh: '服务人次', en: 'People served', width: 10, cell: (a) => a.servedCount },
  ],
};

const SIGNUP_STATUS = {
  zh: { confirmed: '已报名', waitlisted: '候补', cancelled: '已取消' },
  en: { confirmed: 'Confirmed', waitlisted: 'Waiting', cancelled: 'Cancelled' },
} as const;

const at = (iso: string | null) => (iso ? formatShanghaiDateTime(iso) : null);

/** One activity's 报名/签到 export: the volunteer's phone masked as on screen, attendance and hours. */
export const SIGNUPS_SHEET: ListSheet<SignupRowView> = {
  sheet: { zh: '报名签到', en: 'Sign-ups' },
  columns: [
    { key: 'name', zh: '姓名', en: 'Name', width: 12, cell: (s) => s.volunteerName },
    { key: 'phone', zh: '手机号', en: 'Phone', width: 14, cell: (s) => s.phoneMasked },
    { key: 'role', zh: '岗位', en: 'Role', width: 12, cell: (s) => s.role },
    {
      key: 'status',
      zh: '状态',
      en: 'Status',
      width: 10,
      cell: (s, lang) =>
        s.status === 'waitlisted' && s.waitlistPosition !== null
          ? `${SIGNUP_STATUS[lang].waitlisted} ${s.waitlistPosition}`
          : SIGNUP_STATUS[lang][s.status],
    },
    { key: 'checkedIn', zh: '签到时间', en: 'Checked in', width: 17, cell: (s) => at(s.checkedInAt) },
    { key: 'checkedOut', zh: '签退时间', en: 'Checked out', width: 17, cell: (s) => at(s.checkedOutAt) },
    { key: 'hours', zh: '服务时长（小时）', en: 'Hours', width: 10, cell: (s) => s.hours },
    { key: 'confirmed', zh: '时长确认', en: 'Hours confirmed', width: 17, cell: (s) => at(s.hoursConfirmedAt) },
  ],
};
