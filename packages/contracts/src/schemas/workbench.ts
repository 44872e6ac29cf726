import { z } from 'zod';

/**
 * The caller's to-do counts (工作台), each within their own jurisdiction; null where their roles have no
 * such work (a street officer reviews no chores of a building they do not cover …).
 */
export const Workbench = z.object({
  /** 待审核: chore submissions waiting for review. */
  reviews: z.number().int().nullable(),
  /** 待我处理: open reports waiting at the caller's level. */
  handling: z.number().int().nullable(),
  /** 即将超时: of those, due within 24 hours. */
  dueSoon: z.number().int().nullable(),
  /** 已超时: of those, overdue. */
  overdue: z.number().int().nullable(),
  /** 待核销: mall orders not yet picked up. */
  pickups: z.number().int().nullable(),
  /** 待确认住户: newcomers waiting to be confirmed as residents. */
  residency: z.number().int().nullable(),
});
export type Workbench = z.infer<typeof Workbench>;
