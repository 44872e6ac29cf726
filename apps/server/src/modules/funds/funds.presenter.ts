import type { FundSplit, FundView, PhotoView } from '@louzhang/contracts';
import type * as repo from './funds.repository';

const iso = (d: Date | string) => new Date(d).toISOString();
const addressOf = (r: Pick<repo.ShareRow, 'buildingName' | 'unitLabel' | 'room'>) =>
  `${r.buildingName}${r.unitLabel ?? ''}${r.room}室`;

/** What a fund's view is made of, read by the service. */
export interface FundParts {
  quotes: Awaited<ReturnType<typeof repo.quotes>>;
  shares: Awaited<ReturnType<typeof repo.shares>>;
  expenses: Awaited<ReturnType<typeof repo.expenses>>;
  /** The viewer's own households in the building. */
  mine: Awaited<ReturnType<typeof repo.myHouseholds>>;
  photos: ReadonlyMap<number, PhotoView>;
  canManage: boolean;
}

/** A fund as the API shows it: quotes, each household's share and payment, expenses and the running totals. */
export function presentFund(
  f: repo.FundListed,
  { quotes, shares, expenses, mine, photos, canManage }: FundParts,
): FundView {
  const paidFen = shares.reduce((s, x) => s + (x.paidFen ?? 0), 0);
  const expensesFen = expenses.reduce((s, e) => s + e.amountFen, 0);
  const refundedFen = shares.reduce((s, x) => s + (x.refundFen ?? 0), 0);
  return {
    id: f.id,
    buildingId: f.buildingId,
    buildingName: f.buildingName,
    title: f.title,
    notice: f.notice,
    proposalId: f.proposalId,
    totalFen: f.totalFen,
    split: f.split as FundSplit,
    status: f.status as 'collecting' | 'settled',
    createdByName: f.createdByName,
    createdAt: iso(f.createdAt),
    settledAt: f.settledAt ? iso(f.settledAt) : null,
    quotes: quotes.map((q) => ({
      id: q.id,
      contractor: q.contractor,
      amountFen: q.amountFen,
      photo: q.photoId ? (photos.get(q.photoId) ?? null) : null,
      note: q.note,
    })),
    shares: shares.map((s) => ({
      householdId: s.householdId,
      address: addressOf(s),
      areaM2: s.areaCm2 === null ? null : s.areaCm2 / 100,
      amountFen: s.amountFen,
      payment:
        s.paidFen === null
          ? null
          : {
              householdId: s.householdId,
              amountFen: s.paidFen,
              method: s.method!,
              receiptPhoto: s.receiptPhotoId ? (photos.get(s.receiptPhotoId) ?? null) : null,
              recordedByName: s.recordedByName ?? '',
              at: iso(s.paidAt!),
            },
      refundFen: s.refundFen ?? 0,
    })),
    expenses: expenses.map((e) => ({ ...e, receiptPhoto: photos.get(e.receiptPhotoId)! })),
    totals: {
      households: shares.length,
      paidHouseholds: shares.filter((s) => s.paidFen !== null).length,
      sharesFen: shares.reduce((s, x) => s + x.amountFen, 0),
      paidFen,
      expensesFen,
      refundedFen,
      balanceFen: paidFen - expensesFen - refundedFen,
    },
    myHouseholdIds: mine,
    canManage,
  };
}
