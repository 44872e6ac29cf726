import type { Db } from '../../platform/db';
import { NotifiedCache } from '../../platform/notified-cache';
import type { ProductRow } from './mall-products.repository';

/** Goods kept at most (a city's malls hold a few thousand). */
const ENTRIES = 20_000;

/**
 * Goods read with no stock left, by id, kept while the database's `lz_mall_goods` notifications say they
 * are unchanged (docs/ARCHITECTURE.md#sold-out-goods): an order asking only for them is refused without
 * reading mall_products, whose few rows every order of the rush rewrites. PostgreSQL only (on PGlite, or
 * with `ttlMs` 0, it never serves and every order reads its goods).
 */
export class SoldOutGoods {
  private readonly cache: NotifiedCache<ProductRow>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
  ) {
    this.cache = new NotifiedCache<ProductRow>(ttlMs, ENTRIES, () => performance.now());
  }

  start(): void {
    this.cache.start(this.db, 'lz_mall_goods');
  }

  stop(): Promise<void> {
    return this.cache.stop();
  }

  /** Whether it serves now (tests wait for it). */
  get serving(): boolean {
    return this.cache.serving;
  }

  /** Taken before the read whose rows `keep` is given. */
  get epoch(): number {
    return this.cache.epoch;
  }

  /** Every good the items ask for, as read when it had no stock left, if all are kept; else undefined. */
  known(items: readonly { productId: number }[]): ProductRow[] | undefined {
    if (!this.cache.serving) return undefined;
    const rows: ProductRow[] = [];
    for (const i of items) {
      const p = this.cache.get(String(i.productId));
      if (!p) return undefined;
      rows.push(p);
    }
    return rows;
  }

  /** Keeps the rows of a read begun at `epoch` that have no stock left. */
  keep(rows: readonly ProductRow[], epoch: number): void {
    for (const p of rows) if (p.stock === 0) this.cache.set(String(p.id), Object.freeze({ ...p }), epoch);
  }
}
