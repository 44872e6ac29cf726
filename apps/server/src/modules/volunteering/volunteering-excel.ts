import {
  ACTIVITY_KIND_LABELS,
  type ActivityView,
  formatShanghaiDateTime,
  type Lang,
  type SignupRowView,
} from '@louzhang/contracts';
import type { ExportCell, ExportColumn } from '../../platform/xlsx-export';

/** The activities list's export: the columns the console's 志愿活动 shows. */
export const ACTIVITIES_SHEET = { zh: '志愿活动', en: 'Activities' } as const;

type ActivityKey =
  | 'startsAt'
  | 'endsAt'
  | 'kind'
  | 'title'
  | 'organiser'
  | 'place'
  | 'status'
  | 'signedUp'
  | 'waitlisted'
  | 'served';
export const ACTIVITY_COLUMNS: readonly ExportColumn<ActivityKey>[] = [
  { key: 'startsAt', zh: '开始时间', en: 'Starts', width: 17 },
  { key: 'endsAt', zh: '结束时间', en: 'Ends', width: 17 },
  { key: 'kind', zh: '类别', en: 'Kind', width: 12 },
  { key: 'title', zh: '活动', en: 'Activity', width: 28 },
  { key: 'organiser', zh: '主办', en: 'Organiser', width: 20 },
  { key: 'place', zh: '地点', en: 'Place', width: 24 },
  { key: 'status', zh: '状态', en: 'Status', width: 8 },
  { key: 'signedUp', zh: '已报名/名额', en: 'Signed up / places', width: 12 },
  { key: 'waitlisted', zh: '候补', en: 'Waiting', width: 8 },
  { key: 'served', zh: '服务人次', en: 'People served', width: 10 },
];

const ACTIVITY_STATUS = {
  zh: { published: '已发布', cancelled: '已取消' },
  en: { published: 'Published', cancelled: 'Cancelled' },
} as const;

export async function* activityCells(
  rows: AsyncIterable<ActivityView>,
  lang: Lang,
): AsyncIterable<Record<ActivityKey, ExportCell>> {
  for await (const a of rows) {
    yield {
      startsAt: formatShanghaiDateTime(a.startsAt),
      endsAt: formatShanghaiDateTime(a.endsAt),
      kind: ACTIVITY_KIND_LABELS[a.kind][lang],
      title: a.title,
      organiser: a.teamName ?? a.partnerName ?? a.orgUnitName,
      place: a.place,
      status: ACTIVITY_STATUS[lang][a.status],
      signedUp: `${a.confirmed}/${a.capacity}`,
      waitlisted: a.waitlisted,
      served: a.servedCount,
    };
  }
}

/** One activity's 报名/签到 export: the volunteer's phone masked as on screen, attendance and hours. */
export const SIGNUPS_SHEET = { zh: '报名签到', en: 'Sign-ups' } as const;

type SignupKey = 'name' | 'phone' | 'role' | 'status' | 'checkedIn' | 'checkedOut' | 'hours' | 'confirmed';
export const SIGNUP_COLUMNS: readonly ExportColumn<SignupKey>[] = [
  { key: 'name', zh: '姓名', en: 'Name', width: 12 },
  { key: 'phone', zh: '手机号', en: 'Phone', width: 14 },
  { key: 'role', zh: '岗位', en: 'Role', width: 12 },
  { key: 'status', zh: '状态', en: 'Status', width: 10 },
  { key: 'checkedIn', zh: '签到时间', en: 'Checked in', width: 17 },
  { key: 'checkedOut', zh: '签退时间', en: 'Checked out', width: 17 },
  { key: 'hours', zh: '服务时长（小时）', en: 'Hours', width: 10 },
  { key: 'confirmed', zh: '时长确认', en: 'Hours confirmed', width: 17 },
];

const SIGNUP_STATUS = {
  zh: { confirmed: '已报名', waitlisted: '候补', cancelled: '已取消' },
  en: { confirmed: 'Confirmed', waitlisted: 'Waiting', cancelled: 'Cancelled' },
} as const;

const at = (iso: string | null) => (iso ? formatShanghaiDateTime(iso) : null);

export async function* signupCells(
  rows: AsyncIterable<SignupRowView>,
  lang: Lang,
): AsyncIterable<Record<SignupKey, ExportCell>> {
  for await (const s of rows) {
    yield {
      name: s.volunteerName,
      phone: s.phoneMasked,
      role: s.role,
      status:
        s.status === 'waitlisted' && s.waitlistPosition !== null
          ? `${SIGNUP_STATUS[lang].waitlisted} ${s.waitlistPosition}`
          : SIGNUP_STATUS[lang][s.status],
      checkedIn: at(s.checkedInAt),
      checkedOut: at(s.checkedOutAt),
      hours: s.hours,
      confirmed: at(s.hoursConfirmedAt),
    };
  }
}
