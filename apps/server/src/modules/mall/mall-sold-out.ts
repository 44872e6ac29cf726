import DataLoader from 'dataloader';
import type { Db } from '../../platform/db';
import { NotifiedCache } from '../../platform/notified-cache';
import { type KnownOrderAsk, type KnownOrderContext, knownOrderContexts } from './mall-place.repository';
import type { ProductRow } from './mall-products.repository';

/** Goods kept at most (a city's malls hold a few thousand). */
const ENTRIES = 20_000;
/** Orders read in one statement at most (an opening rush sees a few hundred in one turn of the event loop). */
const MAX_READ_TOGETHER = 500;

/**
 * Goods read with no stock left, by id, kept while the database's `lz_mall_goods` notifications say they
 * are unchanged (docs/ARCHITECTURE.md#sold-out-goods): an order asking only for them is refused without
 * reading mall_products, whose few rows every order of the rush rewrites; what such an order still reads
 * (its window and stored answer) is read for all of them arriving together in one statement (`read`).
 * PostgreSQL only (on PGlite, or with `ttlMs` 0, it never serves and every order reads its goods).
 */
export class SoldOutGoods {
  private readonly cache: NotifiedCache<ProductRow>;
  private readonly reads: DataLoader<KnownOrderAsk, KnownOrderContext>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
  ) {
    this.cache = new NotifiedCache<ProductRow>(ttlMs, ENTRIES, () => performance.now());
    // Asks are gathered until the event loop's check phase: every request whose bytes came in the same
    // poll of the sockets has asked by then (DataLoader's own default, the end of the current tick, would
    // gather only the asks of one request). Nothing is cached: each read is the database's answer.
    this.reads = new DataLoader((asks) => knownOrderContexts(this.db, asks), {
      cache: false,
      batchScheduleFn: (run) => setImmediate(run),
      maxBatchSize: MAX_READ_TOGETHER,
    });
  }

  /**
   * What an order asking only for goods `known` returned reads — its window days and stored answer —
   * read together with every other such order of the same turn of the event loop, in one statement.
   */
  read(ask: KnownOrderAsk): Promise<KnownOrderContext> {
    return this.reads.load(ask);
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
