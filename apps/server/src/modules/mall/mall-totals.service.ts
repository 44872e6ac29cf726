import { type Db, transaction } from '../../platform/db';
import type { Drift } from '../../platform/maintained-totals';
import * as totals from './mall-totals.repository';

/** The mall's maintained totals (mall-totals.repository.ts): their refresh and their drift check, for the jobs. */
export class MallTotalsService {
  constructor(private readonly db: Db) {}

  /** Drains the queue of changed order path-days into the totals (the `mall.totals` job; reads do it too). */
  refresh(): Promise<number> {
    return refreshMallTotals(this.db);
  }

  /**
   * The drift check (the nightly `mall.totals-drift` job): refreshes, then recomputes `sample` random
   * unit-days straight from the orders; any difference fails the job with the first one.
   */
  async drift(sample = 200): Promise<Drift[]> {
    await this.refresh();
    const found = await totals.drift(this.db, sample);
    if (found.length > 0) {
      throw new Error(`mall totals drifted on ${found.length} unit-days, e.g. ${JSON.stringify(found[0])}`);
    }
    return found;
  }
}

/** Brings the mall totals up to date (a no-op when the queue is empty), before a read or from the job. */
export async function refreshMallTotals(db: Db): Promise<number> {
  if ((await totals.pending(db)) === 0) return 0;
  return transaction(db, (tx) => totals.refresh(tx));
}
