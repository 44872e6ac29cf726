import { z } from 'zod';
import { Cursor, Id, IdParam, Limit, Text } from './common';

export const POINT_ENTRY_KINDS = [
  'chore_award',
  'honour_bonus',
  'volunteer_award',
  'redemption',
  'redemption_refund',
  'adjustment',
  'reversal',
  'expiry',
] as const;
export const PointEntryKind = z.enum(POINT_ENTRY_KINDS);

/** One line of a captain's points history: the captain's side of a ledger entry. */
export const PointHistoryItem = z.object({
  entryId: z.number(),
  kind: PointEntryKind,
  amount: z.number(),
  memo: z.string(),
  at: z.string(),
  reversesEntryId: z.number().nullable(),
});
export type PointHistoryItem = z.infer<typeof PointHistoryItem>;

export const PointAccountView = z.object({
  streetId: z.number(),
  streetName: z.string(),
  userId: z.number(),
  userName: z.string(),
  balance: z.number(),
  /** What a point is worth in this street, in yuan. */
  yuanPerPoint: z.number(),
  balanceYuan: z.number(),
  items: z.array(PointHistoryItem),
  nextCursor: z.string().nullable(),
});
export type PointAccountView = z.infer<typeof PointAccountView>;

export const MyPointsQuery = z
  .object({ streetId: IdParam.optional(), cursor: Cursor.optional(), limit: Limit })
  .strict();
export type MyPointsQuery = z.infer<typeof MyPointsQuery>;

export const CaptainAccountParams = z.object({ userId: IdParam }).strict();
export const CaptainAccountQuery = MyPointsQuery;

export const CreateAdjustmentRequest = z
  .object({
    captainUserId: Id,
    streetId: Id.optional(),
    points: z
      .number()
      .int()
      .min(-100000)
      .max(100000)
      .refine((n) => n !== 0, 'must not be zero'),
    reason: Text(200).pipe(z.string().min(2)),
  })
  .strict();
export type CreateAdjustmentRequest = z.infer<typeof CreateAdjustmentRequest>;

export const AdjustmentView = z.object({
  id: z.number(),
  streetId: z.number(),
  captainUserId: z.number(),
  points: z.number(),
  reason: z.string(),
  status: z.enum(['pending', 'applied', 'rejected']),
  requestedBy: z.number(),
  decidedBy: z.number().nullable(),
  entryId: z.number().nullable(),
  createdAt: z.string(),
  /** Names for a list to show (the list fills them; a single answer may leave them out). */
  captainName: z.string().optional(),
  requestedByName: z.string().optional(),
  decidedByName: z.string().nullable().optional(),
});
export type AdjustmentView = z.infer<typeof AdjustmentView>;

export const DecideAdjustmentRequest = z.object({ note: Text(200).optional() }).strict();

export const AdjustmentListQuery = z
  .object({ status: z.enum(['pending', 'applied', 'rejected']).optional(), limit: Limit })
  .strict();
export const AdjustmentList = z.object({ items: z.array(AdjustmentView) });

/** What a point is worth in a street, and the adjustment size above which a second person approves. */
export const PointSettingsView = z.object({
  streetId: z.number(),
  yuanPerPoint: z.number(),
  adjustmentThreshold: z.number(),
});
export const StreetQuery = z.object({ streetId: IdParam.optional() }).strict();
export const UpdatePointSettingsRequest = z
  .object({
    streetId: Id.optional(),
    yuanPerPoint: z.number().min(0).max(1000).multipleOf(0.0001).optional(),
    adjustmentThreshold: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type UpdatePointSettingsRequest = z.infer<typeof UpdatePointSettingsRequest>;
