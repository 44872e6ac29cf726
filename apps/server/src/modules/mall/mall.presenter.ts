import type { MallWindowView, OrderView, ProductView } from '@louzhang/contracts';
import type * as repo from './mall.repository';
import type { ProductRow } from './mall-products.repository';
import type { MallWindow } from './mall-window';

/** Mall rows as the API shows them. */

const iso = (d: Date | string) => new Date(d).toISOString();
/** Yuan to the fen. */
export const money = (n: number) => Math.round(n * 100) / 100;

export function presentProduct(p: ProductRow): ProductView {
  return {
    ...p,
    description: p.description ?? null,
    photoUrl: p.photoId ? `/api/v1/photos/${p.photoId}` : null,
  };
}

export function presentWindow(w: MallWindow): MallWindowView {
  return { month: w.month, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), isOpen: w.isOpen };
}

/**
 * An order as `viewerUserId` sees it. The pick-up code is the captain's proof at the counter: only the
 * captain who ordered sees it (staff learn it when the captain shows it and they verify it).
 */
export function presentOrder(o: repo.OrderRow, lines: repo.LineRow[], viewerUserId: number | 'verifier'): OrderView {
  return {
    id: o.id,
    streetId: o.streetId,
    userId: o.userId,
    userName: o.userName,
    windowMonth: o.windowMonth,
    status: o.status,
    pointsTotal: o.pointsTotal,
    costTotalYuan: o.costTotalYuan,
    pickupCode: viewerUserId === 'verifier' || viewerUserId === o.userId ? o.pickupCode : null,
    items: lines
      .filter((l) => l.orderId === o.id)
      .map((l) => ({
        productId: l.productId,
        productName: l.productName,
        quantity: l.quantity,
        pointsPrice: l.pointsPrice,
      })),
    createdAt: iso(o.createdAt),
  };
}
