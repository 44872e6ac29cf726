import type { MentorshipList, SessionView } from '@louzhang/contracts';
import type { ListSheet } from '../../platform/xlsx-export';

const KIND = { zh: { training: '培训', meeting: '座谈会' }, en: { training: 'Training', meeting: 'Meeting' } } as const;

/** 培训与座谈会's export: the sessions the console lists, newest first. */
export const SESSIONS_SHEET: ListSheet<SessionView> = {
  sheet: { zh: '培训与座谈会', en: 'Trainings and meetings' },
  columns: [
    { key: 'heldOn', zh: '日期', en: 'Day', width: 12, cell: (s) => s.heldOn },
    { key: 'kind', zh: '类型', en: 'Kind', width: 8, cell: (s, lang) => KIND[lang][s.kind] },
    { key: 'topic', zh: '主题', en: 'Topic', width: 8, cell: (s) => s.topic },
    { key: 'title', zh: '名称', en: 'Title', width: 28, cell: (s) => s.title },
    { key: 'unit', zh: '举办单位', en: 'Held by', width: 18, cell: (s) => s.orgUnitName },
    { key: 'hours', zh: '学时', en: 'Hours', width: 6, cell: (s) => s.hours },
    { key: 'attendees', zh: '参加人数', en: 'Attended', width: 8, cell: (s) => s.attendees },
  ],
};

/** 老带新结对's export: the pairings the console lists. */
export const MENTORSHIPS_SHEET: ListSheet<MentorshipList['items'][number]> = {
  sheet: { zh: '老带新结对', en: 'Mentor pairings' },
  columns: [
    { key: 'mentor', zh: '老楼长', en: 'Mentor', width: 12, cell: (m) => m.mentorName },
    { key: 'mentee', zh: '新楼长', en: 'New captain', width: 12, cell: (m) => m.menteeName },
    { key: 'notes', zh: '带教记录', en: 'Notes', width: 36, cell: (m) => m.notes },
    { key: 'startedOn', zh: '开始日期', en: 'Since', width: 12, cell: (m) => m.startedOn },
  ],
};
