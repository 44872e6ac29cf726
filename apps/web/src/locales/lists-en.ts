import type { ConsoleMessages } from './console-zh-CN';

/** The console's lists in English; the same keys as lists-zh-CN.ts. */
export const listsEn: ConsoleMessages['lists'] = {
  breadcrumb: 'You are here',
  total: '{n} in all',
  totalOver: 'More than {n}',
  filters: 'Filters',
  keyword: 'Keyword',
  scope: 'Scope',
  sort: 'Sort',
  export: 'Export',
  exporting: 'Exporting…',
  exported: 'Exported {file}',
  reports: {
    searchPlaceholder: 'Report number, mobile number or address',
    sorts: { newest: 'Newest first', oldest: 'Oldest first', due: 'Time left (overdue first)' },
    view: 'View',
  },
  captains: {
    sheet: 'Captains',
    searchPlaceholder: 'Name, mobile number or building',
    sorts: { name: 'By name', newest: 'Newest first', oldest: 'Oldest first' },
    status: 'Status',
  },
  reviews: {
    status: 'Status',
    searchPlaceholder: 'Captain, task or building',
    sorts: { oldest: 'Oldest submitted first', newest: 'Newest submitted first' },
  },
  orders: {
    sheet: 'Mall orders',
    searchPlaceholder: 'Pickup code, captain’s mobile number or name',
    sorts: { newest: 'Newest first', oldest: 'Oldest first' },
  },
  households: {
    searchPlaceholder: 'Address, room, name or mobile number',
  },
  activities: {
    sheet: 'Activities',
    searchPlaceholder: 'Title, place or organiser',
    sorts: { latest: 'Start (latest first)', soonest: 'Start (soonest first)', title: 'By title' },
    status: 'Status',
    statuses: { published: 'Published', cancelled: 'Cancelled' },
    period: 'When',
    periods: { upcoming: 'Not started', ongoing: 'Under way', open: 'Not over', ended: 'Over' },
  },
  signups: {
    sheet: 'Sign-ups',
    searchPlaceholder: 'Volunteer’s name or mobile number',
    sorts: { signup: 'Sign-up order (waiting last)', name: 'By name', hours: 'Hours (most first)' },
    status: 'Sign-up status',
    statuses: { confirmed: 'Confirmed', waitlisted: 'Waiting', cancelled: 'Cancelled' },
    attendance: 'Attendance',
    attendances: { checkedIn: 'Checked in', absent: 'Not present', hoursConfirmed: 'Hours confirmed' },
  },
  audit: {
    sheet: 'Audit log',
  },
  /** File names of the lists' exports that need no other list strings. */
  sheets: {
    care: 'Care visits',
    choreTemplates: 'Chore templates',
    chorePublications: 'Chore publications',
    notices: 'Notices',
    projects: 'Livelihood projects',
    agreements: 'Agreements',
    pairs: 'Community pairing',
    adjustments: 'Points adjustments',
    honourScores: 'Honour scores',
    applications: 'Applications',
    sessions: 'Trainings and meetings',
    mentorships: 'Mentor pairings',
    coverage: 'Captain coverage',
    uncovered: 'Buildings without a captain',
    residency: 'Residency requests',
  },
  scopeNoMatch: 'No unit of that name in your jurisdiction',
};
