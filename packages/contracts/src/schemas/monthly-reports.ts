import { z } from 'zod';
import { Id, IdParam } from './common';

/**
 * 月度报告: one PDF per street or community and calendar month (Asia/Shanghai) with the month's figures of
 * every module beside the month before. A job writes last month's on the 1st; staff may (re)generate
 * any ended month on demand.
 */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const CreateMonthlyReport = z.object({ orgUnitId: Id, month: Month }).strict();
export type CreateMonthlyReport = z.infer<typeof CreateMonthlyReport>;

export const MonthlyReportsQuery = z.object({ orgUnitId: IdParam.optional() }).strict();

export const MonthlyReportView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  month: z.string(),
  /** Who asked for it; null when the monthly job wrote it. */
  generatedByName: z.string().nullable(),
  generatedAt: z.string(),
  fileBytes: z.number(),
  fileName: z.string(),
});
export type MonthlyReportView = z.infer<typeof MonthlyReportView>;
