import { z } from 'zod';
import { Id, Name, Text } from './common';
import { PhotoView } from './photos';

/** Shared funds (楼栋集资, docs/rules.md#shared-funds): money in integer fen throughout. */
export const Fen = z.number().int().positive().max(100_000_000_00);
export const FUND_SPLITS = ['equal', 'area', 'custom'] as const;
export const FundSplit = z.enum(FUND_SPLITS);
export type FundSplit = z.infer<typeof FundSplit>;
export const FUND_SPLIT_LABELS: Record<FundSplit, { zh: string; en: string }> = {
  equal: { zh: '每户平均', en: 'Equal per household' },
  area: { zh: '按面积分摊', en: 'By floor area' },
  custom: { zh: '自定金额', en: 'Custom amounts' },
};

export const QuoteInput = z
  .object({ contractor: Name(40), amountFen: Fen, photoId: Id.optional(), note: Text(200).optional() })
  .strict();
export const CreateFundRequest = z
  .object({
    buildingId: Id,
    title: Name(60),
    /** The notice posted in the stairwell: what happened, what it costs, how to pay. */
    notice: Text(2000).pipe(z.string().min(1)),
    totalFen: Fen,
    split: FundSplit,
    /** Every household's amount when `split` is custom; they must add up to `totalFen`. */
    customShares: z
      .array(z.object({ householdId: Id, amountFen: z.number().int().min(0).max(100_000_000_00) }).strict())
      .max(2000)
      .optional(),
    /** A passed proposal of the building that decided the project. */
    proposalId: Id.optional(),
    quotes: z.array(QuoteInput).max(10).default([]),
  })
  .strict();
export type CreateFundRequest = z.infer<typeof CreateFundRequest>;

/**
 * Re-splits a fund's total before anyone has paid: equal, by floor area, or custom amounts for every household of the
 * fund summing exactly to the total.
 */
export const UpdateSharesRequest = z
  .object({
    split: FundSplit,
    customShares: z
      .array(z.object({ householdId: Id, amountFen: z.number().int().min(0).max(100_000_000_00) }).strict())
      .max(2000)
      .optional(),
  })
  .strict();
export type UpdateSharesRequest = z.infer<typeof UpdateSharesRequest>;

export const RecordPaymentRequest = z
  .object({
    /** Needed when the captain records it; a household member pays for their own household. */
    householdId: Id.optional(),
    receiptPhotoId: Id.optional(),
  })
  .strict();
export type RecordPaymentRequest = z.infer<typeof RecordPaymentRequest>;

export const RecordExpenseRequest = z
  .object({ item: Name(60), amountFen: Fen, receiptPhotoId: Id.optional(), spentOn: z.iso.date() })
  .strict();
export type RecordExpenseRequest = z.infer<typeof RecordExpenseRequest>;

export const PaymentView = z.object({
  householdId: z.number(),
  amountFen: z.number(),
  method: z.enum(['captain', 'household']),
  receiptPhoto: PhotoView.nullable(),
  recordedByName: z.string(),
  at: z.string(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const FundView = z.object({
  id: z.number(),
  buildingId: z.number(),
  buildingName: z.string(),
  title: z.string(),
  notice: z.string(),
  proposalId: z.number().nullable(),
  totalFen: z.number(),
  split: FundSplit,
  status: z.enum(['collecting', 'settled']),
  createdByName: z.string(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
  quotes: z.array(
    z.object({
      id: z.number(),
      contractor: z.string(),
      amountFen: z.number(),
      photo: PhotoView.nullable(),
      note: z.string().nullable(),
    }),
  ),
  shares: z.array(
    z.object({
      householdId: z.number(),
      address: z.string(),
      areaM2: z.number().nullable(),
      amountFen: z.number(),
      payment: PaymentView.nullable(),
      refundFen: z.number(),
    }),
  ),
  expenses: z.array(
    z.object({
      id: z.number(),
      item: z.string(),
      amountFen: z.number(),
      receiptPhoto: PhotoView,
      spentOn: z.string(),
      recordedByName: z.string(),
    }),
  ),
  totals: z.object({
    households: z.number(),
    paidHouseholds: z.number(),
    sharesFen: z.number(),
    paidFen: z.number(),
    expensesFen: z.number(),
    refundedFen: z.number(),
    /** paid − spent − refunded. */
    balanceFen: z.number(),
  }),
  myHouseholdIds: z.array(z.number()),
  canManage: z.boolean(),
});
export type FundView = z.infer<typeof FundView>;
export const FundList = z.object({
  items: z.array(
    FundView.pick({
      id: true,
      buildingId: true,
      buildingName: true,
      title: true,
      totalFen: true,
      status: true,
      createdAt: true,
      totals: true,
    }),
  ),
});
export type FundList = z.infer<typeof FundList>;
