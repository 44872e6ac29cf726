import { z } from 'zod';
import { Gender } from '../enums';
import { Cursor, Id, IdParam, Limit, ListTotal, Name, Text } from './common';

export const CareTag = Text(20).pipe(z.string().min(1));

export const ResidentView = z.object({
  id: z.number(),
  name: z.string(),
  gender: Gender.nullable(),
  birthYear: z.number().nullable(),
  relation: z.string(),
  phoneMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  /** Omitted (null) for roles that may not see care tags (docs/rules.md#personal-data). */
  careTags: z.array(z.string()).nullable(),
  hasAccount: z.boolean(),
});
export type ResidentView = z.infer<typeof ResidentView>;

export const HouseholdView = z.object({
  id: z.number(),
  buildingId: z.number(),
  buildingName: z.string(),
  unitLabel: z.string().nullable(),
  floor: z.number(),
  room: z.string(),
  address: z.string(),
  floorArea: z.number().nullable(),
  isOwner: z.boolean(),
  /** Units sharing it belong to one owner in a Civil Code vote (法释〔2009〕7号 art. 9); null: its own owner. */
  ownerKey: z.string().nullable(),
  memberCount: z.number(),
  careTags: z.array(z.string()).nullable(),
});
export type HouseholdView = z.infer<typeof HouseholdView>;

export const HouseholdDetail = HouseholdView.extend({ residents: z.array(ResidentView) });
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;

export const HouseholdListQuery = z
  .object({
    orgUnitId: IdParam.optional(),
    q: Text(40).optional(),
    careTag: CareTag.optional(),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .strict();
export type HouseholdListQuery = z.infer<typeof HouseholdListQuery>;

export const HouseholdPage = z.object({
  items: z.array(HouseholdView),
  nextCursor: z.string().nullable(),
  ...ListTotal.shape,
});

export const NewResident = z
  .object({
    name: Name(30),
    gender: Gender.optional(),
    birthYear: z.number().int().min(1900).max(2100).optional(),
    relation: Text(10).default('户主'),
    phone: z.string().trim().max(20).optional(),
    idNumber: z.string().trim().max(20).optional(),
    careTags: z.array(CareTag).max(10).default([]),
  })
  .strict();

/**
 * An owner key (产权人编号): the units of one owner (one buyer of several units, or the developer's unsold ones) carry
 * the same key and count as one owner in a Civil Code vote. Letters, digits and -; never an ID number.
 */
export const OwnerKey = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}-]+$/u)
  .refine((v) => !/^\d{17}[\dXx]$/.test(v), 'an owner key must not be an ID number');

export const CreateHouseholdRequest = z
  .object({
    buildingId: Id,
    unitLabel: Text(20).optional(),
    floor: z.number().int().min(-5).max(200),
    room: Text(20).pipe(z.string().min(1)),
    floorArea: z.number().positive().max(100000).optional(),
    isOwner: z.boolean().default(true),
    ownerKey: OwnerKey.optional(),
    residents: z.array(NewResident).min(1).max(20),
  })
  .strict();
export type CreateHouseholdRequest = z.infer<typeof CreateHouseholdRequest>;

/** Sets or clears a household's owner key (null clears it). */
export const UpdateHouseholdRequest = z.object({ ownerKey: OwnerKey.nullable() }).strict();
export type UpdateHouseholdRequest = z.infer<typeof UpdateHouseholdRequest>;

export const RevealRequest = z
  .object({ field: z.enum(['phone', 'idNumber']), purpose: Text(100).pipe(z.string().min(2)) })
  .strict();
export const RevealResponse = z.object({ value: z.string().nullable() });

export const ImportQuery = z
  .object({
    dryRun: z.enum(['true', 'false']).default('true'),
    /** 导入有效行: a commit (dryRun=false) that writes the rows without errors and lists the others. */
    validOnly: z.enum(['true', 'false']).default('false'),
  })
  .strict();
export const ImportRowError = z.object({
  rowNumber: z.number(),
  column: z.string(),
  code: z.string(),
  message: z.string(),
});
export const ImportResult = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  valid: z.number(),
  errors: z.array(ImportRowError),
  householdsCreated: z.number(),
  residentsCreated: z.number(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/**
 * An import runs as a background job: the upload answers 202 with this, and `GET /households/imports/{id}`
 * tells how far it got. `rowsRead` is the sheet row reached; `rowsEstimated` the sheet's stated last row.
 * `result` is set when done, and on a commit refused for bad rows (IMPORT_HAS_ERRORS) to list them.
 */
export const ImportStatus = z.enum(['queued', 'running', 'done', 'failed']);
export const ImportJob = z.object({
  id: z.number(),
  status: ImportStatus,
  dryRun: z.boolean(),
  /** A commit of the valid rows only (导入有效行): done with the bad rows listed in `result.errors`. */
  validOnly: z.boolean(),
  fileName: z.string().nullable(),
  rowsRead: z.number(),
  rowsEstimated: z.number().nullable(),
  result: ImportResult.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** The registry's export: the list's filters (scope, search, care tag). */
export const ExportQuery = z
  .object({ orgUnitId: IdParam.optional(), q: Text(40).optional(), careTag: CareTag.optional() })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;
