import type { ErrorEntry } from '../errors';

/** Reports (诉求): their error codes, part of `ERRORS`. */
export const REPORT_ERRORS = {
  REPORT_BAD_STATE: {
    status: 409,
    zh: '诉求当前状态不允许此操作',
    en: 'The report is not in a state that allows this',
  },
  REPORT_NOT_HANDLER: {
    status: 403,
    zh: '您不是该诉求当前的办理人',
    en: 'You are not the current handler of this report',
  },
  REPORT_NOT_ACCEPTED: {
    status: 409,
    zh: '部门须先报到（接收）才能答复或办结',
    en: 'The department must accept the report before answering it',
  },
  REPORT_NOT_AT_DEPARTMENT: {
    status: 409,
    zh: '诉求已不在本部门（已退回街道或已改派）',
    en: 'The report is no longer with your department (sent back or reassigned)',
  },
  REPORT_TOP_LEVEL: { status: 409, zh: '已是最高办理层级，无法再上报', en: 'The report is already at the top level' },
  REPORT_DEPARTMENT_REQUIRED: {
    status: 400,
    zh: '街道吹哨须指定职能部门',
    en: 'Choose the department the street dispatches to',
  },
  REPORT_NOT_REPORTER: { status: 403, zh: '只有报事人可以评价', en: 'Only the reporter may rate the answer' },
  REPORT_PLACE_NOT_NEARBY: {
    status: 403,
    zh: '只有本社区居民可以在该场所报事（或请网格员代报）',
    en: 'Only residents of this community may report at this place (or ask the grid worker to file it)',
  },
  REPORT_NOT_RESIDENT: {
    status: 403,
    zh: '只有本楼居民可以报事（或请楼长代报）',
    en: 'Only residents of this building may report here (or ask the captain to file it)',
  },
  REPORT_MERGE_INVALID: {
    status: 409,
    zh: '无法合并：须为同一街道、未办结的两条不同诉求',
    en: 'Cannot merge: two different open reports of the same street are needed',
  },
} as const satisfies Record<string, ErrorEntry>;
