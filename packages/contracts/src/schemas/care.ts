import { z } from 'zod';
import { Id, IdParam, Text } from './common';
import { CareTag } from './households';

/**
 * Visits and care (docs/rules.md#care-visits): visit cycles by care tag per community, each cared-for resident
 * assigned to a captain or grid worker, next-of-kin contacts, visit logs and overdue lists.
 */

/** Errands a visitor runs for the person (articles 003, 004). */
export const CARE_ERRANDS = ['pension_cert', 'age_allowance', 'utility_bills', 'escort_medical', 'anti_fraud'] as const;
export const CareErrand = z.enum(CARE_ERRANDS);
export type CareErrand = z.infer<typeof CareErrand>;
export const CARE_ERRAND_LABELS: Record<CareErrand, { zh: string; en: string }> = {
  pension_cert: { zh: '养老认证', en: 'Pension re-certification' },
  age_allowance: { zh: '高龄津贴', en: 'Old-age allowance' },
  utility_bills: { zh: '代缴水电费', en: 'Paid utility bills' },
  escort_medical: { zh: '陪同就医', en: 'Escorted to the doctor' },
  anti_fraud: { zh: '防诈骗提醒', en: 'Anti-fraud reminder' },
};

/** Default visit cycles in days when a community has not set its own (weekly, fortnightly, monthly). */
export const DEFAULT_CARE_CYCLES: Readonly<Record<string, number>> = {
  elderly_alone: 7,
  aged: 14,
  low_income: 30,
  disabled: 30,
};

/** ok: not due yet; due_today; overdue; unassigned: nobody visits them yet. */
export const CareStatus = z.enum(['ok', 'due_today', 'overdue', 'unassigned']);
export type CareStatus = z.infer<typeof CareStatus>;

export const CareCycleView = z.object({
  careTag: z.string(),
  /** Days between visits; null: this tag needs no visits in this community. */
  everyDays: z.number().nullable(),
  isDefault: z.boolean(),
});
export type CareCycleView = z.infer<typeof CareCycleView>;
export const CareCycleList = z.object({ communityId: z.number(), items: z.array(CareCycleView) });
export const CareCycleQuery = z.object({ communityId: IdParam }).strict();
export const PutCareCycleRequest = z
  .object({
    communityId: Id,
    careTag: CareTag,
    everyDays: z.number().int().min(1).max(366).nullable(),
  })
  .strict();
export type PutCareCycleRequest = z.infer<typeof PutCareCycleRequest>;

export const CarePersonView = z.object({
  residentId: z.number(),
  name: z.string(),
  birthYear: z.number().nullable(),
  householdId: z.number(),
  buildingId: z.number(),
  address: z.string(),
  careTags: z.array(z.string()),
  everyDays: z.number(),
  visitorUserId: z.number().nullable(),
  visitorName: z.string().nullable(),
  lastVisitOn: z.string().nullable(),
  /** Asia/Shanghai calendar day the next visit is due, YYYY-MM-DD (null when unassigned). */
  dueOn: z.string().nullable(),
  status: CareStatus,
});
export type CarePersonView = z.infer<typeof CarePersonView>;

export const CareListQuery = z
  .object({
    orgUnitId: IdParam.optional(),
    view: z.enum(['all', 'due', 'overdue', 'unassigned']).default('all'),
    /** Only the people assigned to me. */
    mine: z.enum(['0', '1']).default('0'),
  })
  .strict();
export type CareListQuery = z.infer<typeof CareListQuery>;
export const CareList = z.object({
  today: z.string(),
  counts: z.object({ total: z.number(), dueToday: z.number(), overdue: z.number(), unassigned: z.number() }),
  items: z.array(CarePersonView),
});
export type CareList = z.infer<typeof CareList>;

export const CareContactView = z.object({
  id: z.number(),
  name: z.string(),
  relation: z.string(),
  phoneMasked: z.string(),
});
export type CareContactView = z.infer<typeof CareContactView>;
export const AddCareContactRequest = z
  .object({
    name: Text(30).pipe(z.string().min(1)),
    relation: Text(20).pipe(z.string().min(1)),
    phone: z.string().trim().max(20),
  })
  .strict();

export const CareVisitView = z.object({
  id: z.number(),
  residentId: z.number(),
  visitorUserId: z.number(),
  visitorName: z.string(),
  visitedAt: z.string(),
  visitedOn: z.string(),
  findings: z.string().nullable(),
  need: z.string().nullable(),
  errands: z.array(CareErrand),
  reportId: z.number().nullable(),
});
export type CareVisitView = z.infer<typeof CareVisitView>;

export const CarePersonDetail = CarePersonView.extend({
  contacts: z.array(CareContactView),
  visits: z.array(CareVisitView),
});
export type CarePersonDetail = z.infer<typeof CarePersonDetail>;

export const AssignVisitorRequest = z.object({ visitorUserId: Id }).strict();

export const LogVisitRequest = z
  .object({
    residentId: Id,
    /** When the visit happened (the phone may send it later from its outbox); default now. */
    visitedAt: z.iso.datetime({ offset: true }).optional(),
    findings: Text(1000).optional(),
    /** A need found on the visit (e.g. 需要代缴电费); it can become a report in one step. */
    need: Text(500).optional(),
    errands: z.array(CareErrand).max(CARE_ERRANDS.length).default([]),
  })
  .strict();
export type LogVisitRequest = z.infer<typeof LogVisitRequest>;

export const VisitReportRequest = z
  .object({
    categoryId: Id,
    /** Default: the visit's need. */
    description: Text(1000).pipe(z.string().min(2)).optional(),
  })
  .strict();
export const VisitReportResponse = z.object({ visitId: z.number(), reportId: z.number() });

export const VisitorOption = z.object({
  userId: z.number(),
  name: z.string(),
  role: z.enum(['captain', 'grid_worker']),
});
export const VisitorOptions = z.object({ items: z.array(VisitorOption) });
